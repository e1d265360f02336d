"""Lambda entry point ``intake_upload.handler.handler`` (the code lives in ``intake``)."""

from intake.handlers import upload_handler as handler

__all__ = ["handler"]
