"""Secrets Manager rotation function for PostgreSQL, alternating-users strategy.

Handler: ``rotation_postgres.handler.handler``. Design note: docs/rotation.md.
"""
