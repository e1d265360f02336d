"""Lambda entry point ``outreach_plan.handler.handler`` (the code lives in ``outreach``)."""

from outreach.handlers import plan_handler as handler

__all__ = ["handler"]
