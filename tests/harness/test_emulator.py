"""The embedded AWS starts on a free loopback port, serves boto3, resets, and stops."""

from __future__ import annotations

import socket

from tfharness.emulator import Emulator


def test_emulator_lifecycle() -> None:
    with Emulator() as aws:
        assert aws.endpoint.startswith("http://127.0.0.1:")
        assert aws.account_id.isdigit() and len(aws.account_id) == 12
        s3 = aws.client("s3")
        s3.create_bucket(Bucket="lifecycle-test")
        assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["lifecycle-test"]
        aws.reset()
        assert s3.list_buckets()["Buckets"] == []
        port = aws.port
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0, "the emulator port is still open"


def test_two_emulators_are_isolated() -> None:
    with Emulator() as first, Emulator() as second:
        assert first.port != second.port


def test_process_env_drops_real_account_settings() -> None:
    aws = Emulator(port=1)
    env = aws.process_env({"AWS_PROFILE": "prod", "PATH": "/bin"})
    assert "AWS_PROFILE" not in env and env["PATH"] == "/bin"
    assert env["AWS_ENDPOINT_URL"] == "http://127.0.0.1:1"
