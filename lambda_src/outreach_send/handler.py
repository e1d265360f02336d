"""Lambda entry point ``outreach_send.handler.handler`` (the code lives in ``outreach``)."""

from outreach.handlers import send_handler as handler

__all__ = ["handler"]
