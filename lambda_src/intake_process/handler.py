"""Lambda entry point ``intake_process.handler.handler`` (the code lives in ``intake``)."""

from intake.handlers import process_handler as handler

__all__ = ["handler"]
