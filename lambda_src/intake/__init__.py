"""Document intake: pre-signed uploads to the PHI bucket, then validate, extract text, convert
images, store results in PostgreSQL and notify the patient's doctor (no PHI in the message).

Shared by the function packages ``intake_upload`` and ``intake_process``.
"""
