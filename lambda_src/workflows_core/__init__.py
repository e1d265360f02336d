"""Shared code of the patient-workflow Lambdas (outreach, intake, schema migration).

Nothing here knows about a particular workflow: PHI-safe structured logs, errors that name
the field and the rule, configuration from the environment, Secrets Manager reads, and
verify-full TLS connections to PostgreSQL with pg8000.
"""
