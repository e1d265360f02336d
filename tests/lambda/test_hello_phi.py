"""lambda_src/hello_phi: reports the serving version and alias; never echoes or logs the event."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

import pytest
from hello_phi.handler import alias_of, handler
from phi_common.log import log_event

ARN = "arn:aws:lambda:us-east-1:111122223333:function:phi-hello"


@dataclass
class Context:
    invoked_function_arn: str
    function_version: str = "7"
    function_name: str = "phi-hello"
    aws_request_id: str = "req-1"


@pytest.mark.parametrize(
    ("arn", "alias"),
    [(f"{ARN}:live", "live"), (f"{ARN}:7", None), (f"{ARN}:$LATEST", None), (ARN, None)],
)
def test_alias_is_read_from_the_invoked_arn(arn: str, alias: str | None) -> None:
    assert alias_of(arn) == alias


def test_reports_version_and_alias(monkeypatch, capsys) -> None:
    monkeypatch.setenv("PHI_ENVIRONMENT", "dev")
    response = handler({}, Context(f"{ARN}:live"))
    assert response == {
        "status": "ok",
        "function_name": "phi-hello",
        "function_version": "7",
        "alias": "live",
        "environment": "dev",
    }
    line = json.loads(capsys.readouterr().out)
    assert line["event"] == "hello_phi.invoked"
    assert line["function_version"] == "7" and line["alias"] == "live"


def test_the_event_is_neither_returned_nor_logged(capsys) -> None:
    marker = "Jane Doe, DOB 1970-01-01, MRN 12345"
    response = handler({"patient": marker}, Context(f"{ARN}:live"))
    assert marker not in json.dumps(response)
    assert marker not in capsys.readouterr().out


def test_log_fields_must_be_scalars() -> None:
    stream = io.StringIO()
    with pytest.raises(TypeError, match="must be scalars"):
        log_event("x", stream=stream, record={"name": "Jane"})  # type: ignore[arg-type]
    assert stream.getvalue() == ""
    line = log_event("x", stream=stream, count=1, ok=True, note=None)
    assert json.loads(line)["count"] == 1
