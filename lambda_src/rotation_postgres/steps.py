"""The rotation core: guards and the four steps, over ``SecretStore`` and ``Database``.

Strategy: alternating users. The secret flips between ``<user>`` and ``<user>_clone``; a
rotation only ever changes the password of the user that is *not* AWSCURRENT, so whatever
AWSCURRENT holds keeps working at every instant (see docs/rotation.md).

Every step is idempotent: re-running it after success changes nothing, re-running it after
a failure completes it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .config import RotationSettings
from .errors import (
    AuthenticationError,
    InvalidSecretError,
    RotationStateError,
    UnsafeRotationError,
)
from .logs import bound, log_info, log_warning
from .model import (
    AWSCURRENT,
    AWSPENDING,
    AWSPREVIOUS,
    AppSecret,
    Credentials,
    Endpoint,
    MasterSecret,
    RotationEvent,
    Step,
    alternate_username,
    base_and_clone,
    parse_app_secret,
    parse_master_secret,
)
from .ports import AdminSession, Database, SecretDescription, SecretStore
from .scram import scram_sha256_verifier

SRC_CURRENT = "secret AWSCURRENT"
SRC_PENDING = "secret AWSPENDING"
SRC_PREVIOUS = "secret AWSPREVIOUS"
SRC_MASTER = "master secret (masterarn)"


@dataclass(frozen=True)
class Clock:
    """Time source for waiting on the proxy; replaced in tests."""

    now: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep


@dataclass(frozen=True)
class Context:
    store: SecretStore
    db: Database
    settings: RotationSettings
    arn: str
    token: str
    description: SecretDescription
    clock: Clock = field(default_factory=Clock)


def rotate(
    event: RotationEvent,
    store: SecretStore,
    db: Database,
    settings: RotationSettings,
    clock: Clock | None = None,
) -> None:
    """Apply the Secrets Manager guards, then run the requested step."""
    with bound(step=event.step.value, secret_id=event.secret_id, version_id=event.token):
        description = store.describe(event.secret_id)
        ctx = Context(
            store, db, settings, description.arn, event.token, description, clock or Clock()
        )
        _guard_and_run(ctx, event.step)


def _guard_and_run(ctx: Context, step: Step) -> None:
    description, store = ctx.description, ctx.store
    if not description.rotation_enabled:
        raise RotationStateError(f"secret {ctx.arn} is not enabled for rotation")
    stages = description.versions.get(ctx.token)
    if stages is None:
        raise RotationStateError(
            f"ClientRequestToken {ctx.token} is not a version of secret {ctx.arn}"
        )
    if AWSCURRENT in stages:
        if AWSPENDING in stages:
            # A finishSecret that moved AWSCURRENT but died before removing AWSPENDING.
            store.remove_stage(ctx.arn, AWSPENDING, ctx.token)
            log_info("rotation.pending_label_removed")
        log_info("rotation.already_current")
        return
    if AWSPENDING not in stages:
        raise RotationStateError(
            f"version {ctx.token} of secret {ctx.arn} is not staged AWSPENDING for rotation"
        )
    log_info("rotation.step_started")
    _STEPS[step](ctx)
    log_info("rotation.step_finished")


# -- steps -----------------------------------------------------------------------------------


def create_secret(ctx: Context) -> None:
    """Store AWSPENDING: the alternate user with a fresh random password."""
    current = _load_current(ctx)
    existing = ctx.store.get_value(ctx.arn, AWSPENDING, ctx.token)
    if existing is not None:
        pending = parse_app_secret(existing, SRC_PENDING)
        _check_pending_matches(current, pending)
        log_info("create_secret.already_exists", username=pending.username)
        return
    credentials = Credentials(
        username=alternate_username(current.username, SRC_CURRENT),
        password=ctx.store.random_password(ctx.settings.password_policy),
    )
    ctx.store.put_value(ctx.arn, ctx.token, current.with_credentials(credentials), AWSPENDING)
    log_info("create_secret.pending_stored", username=credentials.username)


def set_secret(ctx: Context) -> None:
    """Give the pending user the pending password in the database (as the master user)."""
    current = _load_current(ctx)
    pending = _load_pending(ctx)
    _check_pending_matches(current, pending)
    if ctx.db.can_login(pending.endpoint, pending.credentials):
        log_info("set_secret.already_set", username=pending.username)
        _sync_proxy_secret(ctx, pending)
        return
    _prove_caller_knows_current(ctx, current, pending)
    master = _load_master(ctx, current)
    if master.credentials.username in (pending.username, current.username):
        raise UnsafeRotationError(
            f"user {pending.username!r} is the master user; rotate it with the RDS-managed "
            "master secret, not with this function"
        )
    verifier = scram_sha256_verifier(pending.credentials.password)
    with ctx.db.admin_session(current.endpoint, master.credentials) as session:
        _create_or_update_role(session, current, pending, verifier)
    _sync_proxy_secret(ctx, pending)


def test_secret(ctx: Context) -> None:
    """Log in with AWSPENDING directly, then (behind a proxy) through the proxy too."""
    current = _load_current(ctx)
    pending = _load_pending(ctx)
    _check_pending_matches(current, pending)
    if not ctx.db.can_login(pending.endpoint, pending.credentials):
        raise AuthenticationError(
            f"testSecret: AWSPENDING credentials for user {pending.username!r} do not log in "
            f"to {pending.endpoint}"
        )
    arn = pending.proxy_secrets.get(pending.username)
    if arn is not None and not _proxy_secret_in_sync(ctx, arn, pending):
        raise RotationStateError(
            f"testSecret: proxy secret {arn} does not hold the AWSPENDING password of "
            f"user {pending.username!r}; re-run setSecret"
        )
    log_info("test_secret.login_ok", username=pending.username)
    if pending.proxy_endpoint is not None:
        _wait_until_proxy_accepts(ctx, pending, pending.proxy_endpoint)


def finish_secret(ctx: Context) -> None:
    """Move AWSCURRENT to the new version (AWSPREVIOUS follows) and drop AWSPENDING."""
    current_version = ctx.description.version_with(AWSCURRENT)
    if current_version is None:
        raise RotationStateError(f"secret {ctx.arn} has no AWSCURRENT version")
    ctx.store.move_stage(ctx.arn, AWSCURRENT, to_version=ctx.token, from_version=current_version)
    ctx.store.remove_stage(ctx.arn, AWSPENDING, ctx.token)
    log_info("finish_secret.current_moved", previous_version=current_version)


_STEPS: dict[Step, Callable[[Context], None]] = {
    Step.CREATE: create_secret,
    Step.SET: set_secret,
    Step.TEST: test_secret,
    Step.FINISH: finish_secret,
}


# -- helpers ---------------------------------------------------------------------------------


def _load_current(ctx: Context) -> AppSecret:
    value = ctx.store.get_value(ctx.arn, AWSCURRENT)
    if value is None:
        raise RotationStateError(f"secret {ctx.arn} has no AWSCURRENT value")
    current = parse_app_secret(value, SRC_CURRENT)
    _check_host_allowed(ctx, current, SRC_CURRENT)
    return current


def _load_pending(ctx: Context) -> AppSecret:
    value = ctx.store.get_value(ctx.arn, AWSPENDING, ctx.token)
    if value is None:
        raise RotationStateError(
            f"version {ctx.token} of secret {ctx.arn} has no AWSPENDING value; "
            "run createSecret first"
        )
    return parse_app_secret(value, SRC_PENDING)


def _load_master(ctx: Context, current: AppSecret) -> MasterSecret:
    value = ctx.store.get_value(current.master_arn, AWSCURRENT)
    if value is None:
        raise RotationStateError(f"master secret {current.master_arn} has no AWSCURRENT value")
    return parse_master_secret(value, current, SRC_MASTER)


def _check_host_allowed(ctx: Context, secret: AppSecret, source: str) -> None:
    allowed = ctx.settings.allowed_hosts
    if allowed is None:
        return
    if secret.endpoint.host.lower() not in allowed:
        raise InvalidSecretError(source, "host", "must be one of PG_ALLOWED_HOSTS")
    if secret.proxy_endpoint is not None and secret.proxy_endpoint.host.lower() not in allowed:
        raise InvalidSecretError(source, "proxy_host", "must be one of PG_ALLOWED_HOSTS")


def _check_pending_matches(current: AppSecret, pending: AppSecret) -> None:
    """AWSPENDING may differ from AWSCURRENT only in username (the alternate) and password."""
    expected_user = alternate_username(current.username, SRC_CURRENT)
    if pending.username != expected_user:
        raise InvalidSecretError(
            SRC_PENDING,
            "username",
            f"must be {expected_user!r}, the alternate of the AWSCURRENT user",
        )
    if pending.endpoint != current.endpoint:
        raise InvalidSecretError(
            SRC_PENDING, "host/port/dbname", "must match AWSCURRENT (same database)"
        )
    if pending.master_arn != current.master_arn:
        raise InvalidSecretError(SRC_PENDING, "masterarn", "must match AWSCURRENT")
    if dict(pending.proxy_secrets) != dict(current.proxy_secrets):
        raise InvalidSecretError(SRC_PENDING, "proxy_secrets", "must match AWSCURRENT")
    if pending.proxy_endpoint != current.proxy_endpoint:
        raise InvalidSecretError(SRC_PENDING, "proxy_host/proxy_port", "must match AWSCURRENT")


def _prove_caller_knows_current(ctx: Context, current: AppSecret, pending: AppSecret) -> None:
    """Confused-deputy guard: act as master only for a secret whose credentials work.

    AWSCURRENT must log in. If it does not (e.g. its password was changed out of band), the
    AWSPREVIOUS version of this same secret may prove it instead, as the AWS samples do.
    """
    if ctx.db.can_login(current.endpoint, current.credentials):
        return
    log_warning("set_secret.current_login_failed", username=current.username)
    value = ctx.store.get_value(ctx.arn, AWSPREVIOUS)
    if value is None:
        raise AuthenticationError(
            f"setSecret: AWSCURRENT credentials for user {current.username!r} were rejected "
            "and there is no AWSPREVIOUS version to fall back to"
        )
    try:
        previous = parse_app_secret(value, SRC_PREVIOUS)
    except InvalidSecretError as exc:
        raise AuthenticationError(
            f"setSecret: AWSCURRENT credentials were rejected and AWSPREVIOUS is unusable ({exc})"
        ) from exc
    if previous.username not in (current.username, pending.username) or (
        previous.endpoint != current.endpoint
    ):
        raise UnsafeRotationError(
            "setSecret: AWSPREVIOUS names a different user pair or database than AWSCURRENT"
        )
    if not ctx.db.can_login(previous.endpoint, previous.credentials):
        raise AuthenticationError(
            f"setSecret: neither AWSCURRENT ({current.username!r}) nor AWSPREVIOUS "
            f"({previous.username!r}) credentials log in; refusing to act as the master user"
        )
    log_info("set_secret.proved_with_previous", username=previous.username)


def _create_or_update_role(
    session: AdminSession, current: AppSecret, pending: AppSecret, verifier: str
) -> None:
    role = session.role(pending.username)
    if role is None:
        session.create_login_role(pending.username, verifier, member_of=current.username)
        log_info("set_secret.role_created", username=pending.username, member_of=current.username)
        return
    if role.superuser:
        raise UnsafeRotationError(f"refusing to change the password of superuser {role.name!r}")
    base, clone = base_and_clone(pending.username, SRC_PENDING)
    if not session.is_member(clone, base):
        raise UnsafeRotationError(
            f"role {clone!r} is not a member of {base!r}, so this pair was not created by the "
            f"rotation; refusing to change the password of {pending.username!r}"
        )
    session.set_password(pending.username, verifier)
    log_info("set_secret.password_set", username=pending.username)


PROXY_POLL_SECONDS = 2.0


def _wait_until_proxy_accepts(ctx: Context, pending: AppSecret, proxy: Endpoint) -> None:
    """finishSecret may only publish credentials the proxy already accepts.

    RDS Proxy reads its auth secrets from Secrets Manager and caches them; how soon it sees
    the value setSecret wrote is not under our control, so poll (bounded by
    PROXY_WAIT_SECONDS). Failing here leaves AWSCURRENT untouched.
    """
    deadline = ctx.clock.now() + ctx.settings.proxy_wait_seconds
    attempts = 0
    while True:
        attempts += 1
        if ctx.db.can_login(proxy, pending.credentials):
            log_info("test_secret.proxy_accepts", username=pending.username, attempts=attempts)
            return
        remaining = deadline - ctx.clock.now()
        if remaining <= 0:
            raise AuthenticationError(
                f"testSecret: the proxy at {proxy} still rejects the AWSPENDING credentials of "
                f"user {pending.username!r} after {ctx.settings.proxy_wait_seconds:.0f}s "
                f"({attempts} attempts); it has not picked up proxy secret "
                f"{pending.proxy_secrets.get(pending.username)} yet. AWSCURRENT is unchanged."
            )
        ctx.clock.sleep(min(PROXY_POLL_SECONDS, remaining))


def _proxy_secret_in_sync(ctx: Context, arn: str, pending: AppSecret) -> bool:
    value = ctx.store.get_value(arn, AWSCURRENT)
    if value is None:
        return False
    return value.get("username") == pending.username and (
        value.get("password") == pending.credentials.password
    )


def _sync_proxy_secret(ctx: Context, pending: AppSecret) -> None:
    """Write the pending user's new password into that user's RDS Proxy auth secret.

    Runs after the database accepted the password and before finishSecret makes the user
    AWSCURRENT, so applications never present credentials the proxy does not know.
    """
    arn = pending.proxy_secrets.get(pending.username)
    if arn is None:
        return
    existing = ctx.store.get_value(arn, AWSCURRENT) or {}
    named = existing.get("username")
    if named is not None and named != pending.username:
        raise UnsafeRotationError(
            f"proxy secret {arn} belongs to user {named!r}, not {pending.username!r}"
        )
    if _proxy_secret_in_sync(ctx, arn, pending):
        log_info("set_secret.proxy_secret_in_sync", username=pending.username, proxy_secret=arn)
        return
    value = {**existing, "username": pending.username, "password": pending.credentials.password}
    # No ClientRequestToken of ours: reusing the rotation token would make a repair after an
    # out-of-band change a silent no-op (same token + same value = "already exists").
    ctx.store.put_value(arn, None, value, AWSCURRENT)
    log_info("set_secret.proxy_secret_updated", username=pending.username, proxy_secret=arn)
