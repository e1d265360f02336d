"""Bad input gives a clear error naming the field and the rule (no database needed)."""

from __future__ import annotations

import json
import uuid

import pytest
from rotation_postgres.config import (
    DEFAULT_EXCLUDE_CHARACTERS,
    ENV_ALLOWED_HOSTS,
    ENV_CA_BUNDLE,
    ENV_ENDPOINT,
    ENV_GENERATED_LENGTH,
    load_config,
)
from rotation_postgres.errors import (
    ConfigurationError,
    InvalidEventError,
    InvalidSecretError,
    RotationStateError,
)
from rotation_postgres.handler import handler
from rotation_postgres.model import (
    Step,
    alternate_username,
    base_and_clone,
    parse_app_secret,
    parse_event,
    parse_master_secret,
)

GOOD_SECRET = {
    "engine": "postgres",
    "host": "db.example.internal",
    "port": 5432,
    "dbname": "appdb",
    "username": "app",
    "password": "pw",
    "masterarn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-1",
    "ssl": True,
}
GOOD_EVENT = {"Step": "createSecret", "SecretId": "arn:x", "ClientRequestToken": "tok"}


# -- event -----------------------------------------------------------------------------------


def test_parse_event_accepts_the_four_steps():
    for step in Step:
        assert parse_event({**GOOD_EVENT, "Step": step.value}).step is step


@pytest.mark.parametrize(
    ("event", "field", "rule"),
    [
        ("not a dict", "<event>", "must be a JSON object"),
        ([], "<event>", "must be a JSON object"),
        ({k: v for k, v in GOOD_EVENT.items() if k != "SecretId"}, "SecretId", "is required"),
        ({**GOOD_EVENT, "ClientRequestToken": ""}, "ClientRequestToken", "non-empty string"),
        ({**GOOD_EVENT, "ClientRequestToken": 7}, "ClientRequestToken", "non-empty string"),
        ({k: v for k, v in GOOD_EVENT.items() if k != "Step"}, "Step", "is required"),
        ({**GOOD_EVENT, "Step": "rotateSecret"}, "Step", "must be one of createSecret"),
    ],
)
def test_malformed_event_names_field_and_rule(event, field, rule):
    with pytest.raises(InvalidEventError) as info:
        parse_event(event)
    assert info.value.field == field
    assert rule in str(info.value)
    assert f"'{field}'" in str(info.value)


# -- application secret ----------------------------------------------------------------------


def test_good_secret_parses_and_hides_password_from_repr():
    secret = parse_app_secret(GOOD_SECRET, "secret AWSCURRENT")
    assert secret.endpoint.host == "db.example.internal"
    assert secret.endpoint.port == 5432
    assert "pw" not in repr(secret)
    assert "pw" not in repr(secret.credentials)


@pytest.mark.parametrize(
    "field", ["engine", "host", "port", "dbname", "username", "password", "masterarn", "ssl"]
)
def test_missing_field_is_named(field):
    value = {k: v for k, v in GOOD_SECRET.items() if k != field}
    with pytest.raises(InvalidSecretError) as info:
        parse_app_secret(value, "secret AWSCURRENT")
    assert info.value.field == field
    assert "is required" in info.value.rule
    assert "secret AWSCURRENT" in str(info.value)


@pytest.mark.parametrize(
    ("overrides", "field", "rule"),
    [
        ({"engine": "mysql"}, "engine", "must be aurora-postgresql or postgres"),
        ({"ssl": False}, "ssl", "must be true"),
        ({"ssl": "false"}, "ssl", "must be true"),
        ({"ssl": 1}, "ssl", "must be true"),
        ({"port": "abc"}, "port", "integer between 1 and 65535"),
        ({"port": 70000}, "port", "integer between 1 and 65535"),
        ({"port": True}, "port", "integer between 1 and 65535"),
        ({"host": "db.example.internal/evil"}, "host", "bare DNS name or IP"),
        ({"host": ""}, "host", "non-empty string"),
        ({"username": "u" * 64}, "username", "at most 63 bytes"),
        ({"username": "u" * 58}, "username", "room for the '_clone' suffix"),
        ({"masterarn": "arn:aws:iam::1:role/x"}, "masterarn", "Secrets Manager secret ARN"),
        ({"proxy_secrets": ["x"]}, "proxy_secrets", "JSON object"),
        ({"proxy_secrets": {"app": "arn:aws:secretsmanager:x"}}, "proxy_secrets", "exactly"),
        ({"proxy_host": "proxy.example"}, "proxy_host/proxy_secrets", "set together"),
        ({"proxy_port": 5432}, "proxy_port", "needs proxy_host"),
        ({"proxy_host": "p.example", "proxy_port": "x"}, "proxy_port", "between 1 and 65535"),
    ],
)
def test_invalid_field_is_named_with_rule(overrides, field, rule):
    with pytest.raises(InvalidSecretError) as info:
        parse_app_secret({**GOOD_SECRET, **overrides}, "secret AWSCURRENT")
    assert info.value.field == field
    assert rule in info.value.rule


def test_ssl_must_be_true_and_says_tls_only():
    with pytest.raises(InvalidSecretError, match="TLS-only"):
        parse_app_secret({**GOOD_SECRET, "ssl": False}, "secret AWSCURRENT")
    assert parse_app_secret({**GOOD_SECRET, "ssl": "true"}, "s").endpoint.port == 5432


def test_proxy_secrets_need_one_distinct_secret_per_user():
    arn = "arn:aws:secretsmanager:us-east-1:1:secret:proxy"
    good = {"app": arn + "/app", "app_clone": arn + "/clone"}
    proxied = {**GOOD_SECRET, "proxy_host": "phi.proxy-abc.us-east-1.rds.amazonaws.com"}
    parsed = parse_app_secret({**proxied, "proxy_secrets": good}, "s")
    assert parsed.proxy_secrets == good
    assert parsed.proxy_endpoint is not None
    assert parsed.proxy_endpoint.port == 5432, "proxy_port defaults to port"
    assert parsed.proxy_endpoint.dbname == "appdb"
    with pytest.raises(InvalidSecretError, match="different secret per user"):
        parse_app_secret({**proxied, "proxy_secrets": {"app": arn, "app_clone": arn}}, "s")
    with pytest.raises(InvalidSecretError) as info:
        parse_app_secret({**proxied, "proxy_secrets": {**good, "app_clone": "x"}}, "s")
    assert info.value.field == "proxy_secrets.app_clone"


def test_master_secret_must_target_the_same_server():
    app = parse_app_secret(GOOD_SECRET, "s")
    master = parse_master_secret({"username": "m", "password": "p"}, app, "master")
    assert master.credentials.username == "m"
    for field, value in (("host", "evil.example.com"), ("port", 6543)):
        with pytest.raises(InvalidSecretError) as info:
            parse_master_secret({"username": "m", "password": "p", field: value}, app, "master")
        assert info.value.field == field
    with pytest.raises(InvalidSecretError) as info:
        parse_master_secret({"username": "m"}, app, "master")
    assert info.value.field == "password"
    with pytest.raises(InvalidSecretError) as info:
        parse_master_secret({"username": "m", "password": "p", "engine": "mysql"}, app, "m")
    assert info.value.field == "engine"


def test_alternate_username_flips_and_respects_63_bytes():
    assert alternate_username("app") == "app_clone"
    assert alternate_username("app_clone") == "app"
    assert alternate_username("_clone") == "_clone_clone"
    assert base_and_clone("app_clone") == ("app", "app_clone")
    assert base_and_clone("app") == ("app", "app_clone")
    assert alternate_username("u" * 57) == "u" * 57 + "_clone"
    with pytest.raises(InvalidSecretError, match="at most 57 bytes"):
        alternate_username("u" * 58)
    with pytest.raises(InvalidSecretError):
        alternate_username("é" * 29)  # 58 bytes in UTF-8


# -- configuration ---------------------------------------------------------------------------


def test_config_requires_ca_bundle(ca_bundle):
    with pytest.raises(ConfigurationError) as info:
        load_config({})
    assert info.value.field == ENV_CA_BUNDLE
    with pytest.raises(ConfigurationError, match="readable file"):
        load_config({ENV_CA_BUNDLE: str(ca_bundle) + ".missing"})
    assert load_config({ENV_CA_BUNDLE: str(ca_bundle)}).ca_bundle == ca_bundle


def test_config_endpoint_must_be_https(ca_bundle):
    base = {ENV_CA_BUNDLE: str(ca_bundle)}
    with pytest.raises(ConfigurationError) as info:
        load_config({**base, ENV_ENDPOINT: "http://secretsmanager.us-east-1.amazonaws.com"})
    assert info.value.field == ENV_ENDPOINT
    vpce = "https://vpce-0abc.secretsmanager.us-east-1.vpce.amazonaws.com"
    assert load_config({**base, ENV_ENDPOINT: vpce}).secrets_manager_endpoint == vpce
    assert load_config(base).secrets_manager_endpoint is None


def test_config_password_policy_and_allowed_hosts(ca_bundle):
    base = {ENV_CA_BUNDLE: str(ca_bundle)}
    cfg = load_config(base)
    assert cfg.settings.password_policy.length == 32
    assert cfg.settings.password_policy.exclude_characters == DEFAULT_EXCLUDE_CHARACTERS
    for bad in ("8", "abc", "4096"):
        with pytest.raises(ConfigurationError) as info:
            load_config({**base, ENV_GENERATED_LENGTH: bad})
        assert info.value.field == ENV_GENERATED_LENGTH
    hosts = load_config({**base, ENV_ALLOWED_HOSTS: "DB.example.internal, other"})
    assert hosts.settings.allowed_hosts == frozenset({"db.example.internal", "other"})


def test_default_exclude_list_covers_connection_string_breakers():
    for ch in ":/?#[]@'\"\\%&=;+ ":
        assert ch in DEFAULT_EXCLUDE_CHARACTERS or ch == " "


# -- through the handler, against moto -------------------------------------------------------


def _expect(exc_type, event, match):
    with pytest.raises(exc_type, match=match):
        handler(event, None)


def test_handler_rejects_malformed_event(aws):
    _expect(InvalidEventError, "garbage", "must be a JSON object")
    _expect(InvalidEventError, {**GOOD_EVENT, "Step": "fooSecret"}, "'Step' must be one of")


def test_handler_rejects_secret_without_rotation(aws):
    arn = aws.sm.create_secret(Name="app/plain", SecretString=json.dumps(GOOD_SECRET))["ARN"]
    version = aws.sm.describe_secret(SecretId=arn)["VersionIdsToStages"]
    token = next(iter(version))
    event = {"Step": "createSecret", "SecretId": arn, "ClientRequestToken": token}
    _expect(RotationStateError, event, "is not enabled for rotation")


def test_handler_rejects_token_not_in_secret(secret_only):
    env = secret_only()
    env.begin()
    _expect(RotationStateError, env.event("createSecret", str(uuid.uuid4())), "not a version")


def test_handler_rejects_version_that_is_not_pending(secret_only):
    env = secret_only()
    other = str(uuid.uuid4())
    env.sm.put_secret_value(
        SecretId=env.secret_arn,
        ClientRequestToken=other,
        SecretString=json.dumps(GOOD_SECRET),
        VersionStages=["CUSTOM"],
    )
    env.begin()
    _expect(RotationStateError, env.event("setSecret", other), "not staged AWSPENDING")


def test_handler_returns_without_change_for_current_version(secret_only):
    env = secret_only()
    env.begin()
    current = env.version_of("AWSCURRENT")
    before = env.stages()
    for step in ("createSecret", "setSecret", "testSecret", "finishSecret"):
        handler(env.event(step, current), None)
    assert env.stages() == before


def test_handler_cleans_pending_label_left_on_current(secret_only):
    """finishSecret died after moving AWSCURRENT: a retry removes the stale AWSPENDING."""
    env = secret_only()
    token = env.begin()
    current = env.version_of("AWSCURRENT")
    env.sm.put_secret_value(
        SecretId=env.secret_arn,
        ClientRequestToken=token,
        SecretString=json.dumps(GOOD_SECRET),
        VersionStages=["AWSPENDING"],
    )
    env.sm.update_secret_version_stage(
        SecretId=env.secret_arn,
        VersionStage="AWSCURRENT",
        MoveToVersionId=token,
        RemoveFromVersionId=current,
    )
    assert env.stages()[token] == {"AWSCURRENT", "AWSPENDING"}
    handler(env.event("finishSecret", token), None)
    assert env.stages()[token] == {"AWSCURRENT"}


@pytest.mark.parametrize(
    ("overrides", "drop", "field", "rule"),
    [
        ({"engine": "mysql"}, (), "engine", "must be"),
        ({}, ("dbname",), "dbname", "is required"),
        ({}, ("masterarn",), "masterarn", "is required"),
        ({"ssl": False}, (), "ssl", "must be true"),
        ({}, ("ssl",), "ssl", "is required"),
    ],
)
def test_handler_rejects_bad_current_secret(secret_only, overrides, drop, field, rule):
    env = secret_only(overrides, drop)
    token = env.begin()
    with pytest.raises(InvalidSecretError) as info:
        handler(env.event("createSecret", token), None)
    assert info.value.field == field
    assert rule in info.value.rule
    assert "AWSPENDING" in env.stages()[token]
    with pytest.raises(Exception, match=r"ResourceNotFound|can't find"):
        env.sm.get_secret_value(SecretId=env.secret_arn, VersionStage="AWSPENDING")


def test_handler_rejects_plaintext_endpoint_config(secret_only, monkeypatch):
    env = secret_only()
    token = env.begin()
    monkeypatch.setenv("SECRETS_MANAGER_ENDPOINT", "http://secretsmanager.us-east-1.amazonaws.com")
    _expect(ConfigurationError, env.event("createSecret", token), "https://")


def test_handler_rejects_host_outside_allow_list(secret_only, monkeypatch):
    env = secret_only()
    token = env.begin()
    monkeypatch.setenv("PG_ALLOWED_HOSTS", "only.this.host")
    with pytest.raises(InvalidSecretError) as info:
        handler(env.event("createSecret", token), None)
    assert info.value.field == "host"
    assert "PG_ALLOWED_HOSTS" in info.value.rule


def test_create_secret_generates_alternate_user_with_safe_password(secret_only):
    env = secret_only()
    token = env.begin()
    handler(env.event("createSecret", token), None)
    pending = env.value("AWSPENDING")
    current = env.value("AWSCURRENT")
    assert pending["username"] == "app_clone"
    assert len(pending["password"]) == 32
    assert not set(pending["password"]) & set(DEFAULT_EXCLUDE_CHARACTERS + " ")
    assert {k: v for k, v in pending.items() if k not in ("username", "password")} == {
        k: v for k, v in current.items() if k not in ("username", "password")
    }
    handler(env.event("createSecret", token), None)
    assert env.value("AWSPENDING") == pending, "createSecret re-run must keep the pending value"
