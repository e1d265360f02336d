"""Lambda entry point ``outreach_weekly.handler.handler`` (the code lives in ``outreach``)."""

from outreach.handlers import weekly_handler as handler

__all__ = ["handler"]
