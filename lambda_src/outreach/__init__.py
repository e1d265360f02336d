"""Vaccination outreach: plan a campaign, send invitations, redeem links, remind and report.

Shared by the function packages ``outreach_plan``, ``outreach_send``, ``outreach_redeem`` and
``outreach_weekly``. Pure cores take small ports (``ports.py``); adapters for PostgreSQL,
SQS, SNS and SES live in ``store.py``, ``queue.py`` and ``messaging.py``.
"""
