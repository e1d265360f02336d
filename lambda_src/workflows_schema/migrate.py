"""Apply ``migrations/NNNN_name.sql`` in order, once each, recorded with a checksum.

The same function runs in tests (``tests/workflows``), in the benchmark, and in the
deploy-time Lambda (``workflows_schema.handler``). Guarantees:

* each migration runs in its own transaction together with its bookkeeping row, so a failed
  migration leaves nothing behind and is retried whole next time;
* a session-level advisory lock serialises concurrent runners (two deploys at once);
* an applied migration whose file has since changed is an error (``MigrationDriftError``):
  history is never rewritten silently; add a new migration instead.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any, Protocol

from workflows_core.errors import WorkflowError

_NAME = re.compile(r"^(?P<version>[0-9]{4})_(?P<name>[a-z0-9_]+)\.sql$")
# pg_advisory_lock key: any constant shared by every runner of this schema.
LOCK_KEY = 0x5048_4957_4B46  # "PHIWKF"


class MigrationError(WorkflowError):
    pass


class MigrationDriftError(MigrationError):
    """An applied migration's file no longer matches what was applied."""


class Database(Protocol):
    def run(self, sql: str, **params: Any) -> list[list[Any]]: ...


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode("utf-8")).hexdigest()


def load_migrations() -> list[Migration]:
    folder = resources.files(__package__).joinpath("migrations")
    found: list[Migration] = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match is None:
            if entry.name.endswith(".sql"):
                raise MigrationError(f"migration file {entry.name!r} must be named NNNN_name.sql")
            continue
        found.append(
            Migration(int(match["version"]), match["name"], entry.read_text(encoding="utf-8"))
        )
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise MigrationError(f"migration versions must be 1..n without gaps (got {versions})")
    return found


@dataclass(frozen=True)
class MigrationReport:
    applied: list[str]
    already_applied: int

    @property
    def current_version(self) -> int:
        return self.already_applied + len(self.applied)


def migrate(db: Database, migrations: list[Migration] | None = None) -> MigrationReport:
    todo = load_migrations() if migrations is None else migrations
    db.run("SELECT pg_advisory_lock(:key)", key=LOCK_KEY)
    try:
        db.run(
            "CREATE TABLE IF NOT EXISTS public.workflows_schema_migrations ("
            " version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,"
            " applied_at timestamptz NOT NULL DEFAULT now())"
        )
        rows = db.run("SELECT version, checksum FROM public.workflows_schema_migrations")
        applied = {int(str(v)): str(c) for v, c in rows}
        done: list[str] = []
        for migration in todo:
            recorded = applied.get(migration.version)
            if recorded is not None:
                if recorded != migration.checksum:
                    raise MigrationDriftError(
                        f"migration {migration.version:04d}_{migration.name} was applied with "
                        "another checksum; do not edit applied migrations, add a new one"
                    )
                continue
            _apply(db, migration)
            done.append(f"{migration.version:04d}_{migration.name}")
        return MigrationReport(applied=done, already_applied=len(todo) - len(done))
    finally:
        db.run("SELECT pg_advisory_unlock(:key)", key=LOCK_KEY)


def _apply(db: Database, migration: Migration) -> None:
    db.run("START TRANSACTION")
    try:
        # Simple-query protocol path: a migration file holds several statements.
        for statement in split_statements(migration.sql):
            db.run(statement)
        db.run(
            "INSERT INTO public.workflows_schema_migrations (version, name, checksum) "
            "VALUES (:v, :n, :c)",
            v=migration.version,
            n=migration.name,
            c=migration.checksum,
        )
    except BaseException:
        db.run("ROLLBACK")
        raise
    db.run("COMMIT")


def split_statements(sql: str) -> list[str]:
    """Split on top-level ``;`` outside quotes, comments and dollar-quoted bodies."""
    statements: list[str] = []
    current: list[str] = []
    i, n = 0, len(sql)
    while i < n:
        ch = sql[i]
        if sql.startswith("--", i):
            end = sql.find("\n", i)
            i = n if end < 0 else end + 1
            current.append("\n")
            continue
        if sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            i = n if end < 0 else end + 2
            continue
        if ch == "'":
            end = i + 1
            while end < n:
                if sql[end] == "'" and sql.startswith("''", end):
                    end += 2
                    continue
                if sql[end] == "'":
                    break
                end += 1
            current.append(sql[i : end + 1])
            i = end + 1
            continue
        if ch == "$":
            match = re.match(r"\$[A-Za-z_]*\$", sql[i:])
            if match:
                tag = match.group(0)
                end = sql.find(tag, i + len(tag))
                end = n if end < 0 else end + len(tag)
                current.append(sql[i:end])
                i = end
                continue
        if ch == ";":
            text = "".join(current).strip()
            if text:
                statements.append(text)
            current = []
            i += 1
            continue
        current.append(ch)
        i += 1
    tail = "".join(current).strip()
    if tail:
        statements.append(tail)
    return statements
