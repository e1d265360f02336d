"""Lambda entry point ``outreach_redeem.handler.handler`` (the code lives in ``outreach``)."""

from outreach.handlers import redeem_handler as handler

__all__ = ["handler"]
