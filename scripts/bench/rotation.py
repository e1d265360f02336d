"""Benchmark: full four-step rotations on a real PostgreSQL against moto's Secrets Manager.

Starts a throwaway TLS-only PostgreSQL (tfharness.postgres), mocks Secrets Manager in-process
with moto, and times complete rotations (createSecret, setSecret, testSecret, finishSecret)
of one application secret, alternating app <-> app_clone. Each rotation is checked
afterwards (AWSCURRENT logs in, AWSPENDING gone) outside the timed region.

    python scripts/bench/rotation.py --runs 7
    python scripts/bench/rotation.py --runs 10 --via steps --log-statements --strict
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import secrets
import statistics
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

REPO = Path(__file__).resolve().parents[2]
for extra in (REPO / "scripts", REPO / "lambda_src"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

import boto3  # noqa: E402
import pg8000.native  # noqa: E402
from moto import mock_aws  # noqa: E402
from moto.awslambda_simple.models import LambdaSimpleBackend  # noqa: E402
from rotation_postgres.handler import handler  # noqa: E402
from rotation_postgres.scram import scram_sha256_verifier  # noqa: E402
from tfharness.postgres import ThrowawayPostgres  # noqa: E402

REGION = "us-east-1"
SM_ENDPOINT = f"https://secretsmanager.{REGION}.amazonaws.com"
MASTER_USER = "bench_master"
APP_USER = "bench_app"
APP_DB = "benchdb"
STEPS = ("createSecret", "setSecret", "testSecret", "finishSecret")
MIN_RUNS = 5


@dataclass(frozen=True)
class Result:
    seconds: list[float]
    target: float

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def within_target(self) -> bool:
        return self.median <= self.target


@dataclass
class Bench:
    server: ThrowawayPostgres
    sm: Any
    function_arn: str
    secret_arn: str

    def rotate_via_moto(self) -> None:
        self.sm.rotate_secret(
            SecretId=self.secret_arn,
            RotationLambdaARN=self.function_arn,
            RotationRules={"AutomaticallyAfterDays": 30},
        )

    def rotate_via_steps(self) -> None:
        with mock.patch.object(LambdaSimpleBackend, "invoke", lambda *a, **k: b"null"):
            token = self.sm.rotate_secret(
                SecretId=self.secret_arn,
                RotationLambdaARN=self.function_arn,
                RotationRules={"AutomaticallyAfterDays": 30},
            )["VersionId"]
        for step in STEPS:
            handler({"Step": step, "SecretId": self.secret_arn, "ClientRequestToken": token}, None)

    def check(self) -> str:
        desc = self.sm.describe_secret(SecretId=self.secret_arn)
        stages = [s for labels in desc["VersionIdsToStages"].values() for s in labels]
        if "AWSPENDING" in stages:
            raise SystemExit("rotation left AWSPENDING behind")
        value = json.loads(
            self.sm.get_secret_value(SecretId=self.secret_arn, VersionStage="AWSCURRENT")[
                "SecretString"
            ]
        )
        conn = self.server.connect(
            user=value["username"], password=value["password"], database=APP_DB
        )
        conn.close()
        return str(value["username"])


def _invoke_in_process(self: Any, function_name: str, qualifier: Any, body: Any, **_: Any) -> bytes:
    handler(json.loads(body), None)
    return b"null"


def _lambda_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("rotation_postgres/__init__.py", "")
    return buf.getvalue()


def _bootstrap_database(server: ThrowawayPostgres) -> tuple[str, str]:
    master_password = secrets.token_urlsafe(24)
    app_password = secrets.token_urlsafe(24)
    conn = server.connect()
    lit = pg8000.native.literal
    conn.run(
        f"CREATE ROLE {MASTER_USER} LOGIN CREATEROLE "
        f"PASSWORD {lit(scram_sha256_verifier(master_password))}"
    )
    conn.run(f"CREATE DATABASE {APP_DB} OWNER {MASTER_USER}")
    conn.run(f"CREATE ROLE {APP_USER} LOGIN PASSWORD {lit(scram_sha256_verifier(app_password))}")
    conn.close()
    return master_password, app_password


@contextlib.contextmanager
def _environment(server: ThrowawayPostgres) -> Iterator[None]:
    values = {
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "AWS_DEFAULT_REGION": REGION,
        "SECRETS_MANAGER_ENDPOINT": SM_ENDPOINT,
        "PG_CA_BUNDLE": str(server.ca_cert_path),
    }
    with mock.patch.dict(os.environ, values):
        for name in ("AWS_PROFILE", "PG_ALLOWED_HOSTS"):
            os.environ.pop(name, None)
        yield


def _setup_aws(server: ThrowawayPostgres, master_password: str, app_password: str) -> Bench:
    iam = boto3.client("iam", region_name=REGION)
    role = iam.create_role(RoleName="bench-rotation", AssumeRolePolicyDocument="{}")
    fn = boto3.client("lambda", region_name=REGION).create_function(
        FunctionName="bench-rotation",
        Runtime="python3.12",
        Role=role["Role"]["Arn"],
        Handler="rotation_postgres.handler.handler",
        Code={"ZipFile": _lambda_zip()},
    )
    sm = boto3.client("secretsmanager", region_name=REGION, endpoint_url=SM_ENDPOINT)
    master = sm.create_secret(
        Name="rds!db-bench",
        SecretString=json.dumps({"username": MASTER_USER, "password": master_password}),
    )
    app = sm.create_secret(
        Name="app/bench",
        SecretString=json.dumps(
            {
                "engine": "postgres",
                "host": server.host,
                "port": server.port,
                "dbname": APP_DB,
                "username": APP_USER,
                "password": app_password,
                "masterarn": master["ARN"],
                "ssl": True,
            }
        ),
    )
    return Bench(server=server, sm=sm, function_arn=fn["FunctionArn"], secret_arn=app["ARN"])


def run(runs: int, warmup: int, via: str, log_statements: bool, target: float) -> Result:
    with ThrowawayPostgres(log_statements=log_statements) as server:
        print(f"throwaway PostgreSQL started in {server.startup_seconds:.2f}s (port {server.port})")
        master_password, app_password = _bootstrap_database(server)
        with (
            _environment(server),
            mock_aws(config={"lambda": {"use_docker": False}}),
            mock.patch.object(LambdaSimpleBackend, "invoke", _invoke_in_process),
        ):
            bench = _setup_aws(server, master_password, app_password)
            rotate: Callable[[], None] = (
                bench.rotate_via_moto if via == "moto" else bench.rotate_via_steps
            )
            seconds: list[float] = []
            for index in range(warmup + runs):
                sink = io.StringIO()  # the function's JSON log lines, kept out of the report
                with contextlib.redirect_stdout(sink):
                    began = time.perf_counter()
                    rotate()
                    elapsed = time.perf_counter() - began
                user = bench.check()
                label = "warm-up" if index < warmup else f"run {index - warmup + 1}"
                print(f"  {label:>8}: {elapsed:.3f}s  (AWSCURRENT user now {user})")
                if index >= warmup:
                    seconds.append(elapsed)
    return Result(seconds=seconds, target=target)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=7, help=f"timed rotations (>= {MIN_RUNS})")
    parser.add_argument("--warmup", type=int, default=1, help="untimed rotations first")
    parser.add_argument(
        "--via",
        choices=("moto", "steps"),
        default="moto",
        help="moto: rotate_secret invokes the handler; steps: call the four steps directly",
    )
    parser.add_argument("--target", type=float, default=2.0, help="median target, seconds")
    parser.add_argument(
        "--log-statements", action="store_true", help="server runs with log_statement=all"
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 if the median misses the target"
    )
    args = parser.parse_args(argv)
    if args.runs < MIN_RUNS:
        parser.error(f"--runs must be at least {MIN_RUNS}")
    if args.warmup < 0:
        parser.error("--warmup must be >= 0")
    result = run(args.runs, args.warmup, args.via, args.log_statements, args.target)
    verdict = "within" if result.within_target else "OVER"
    print(
        f"full rotation x{len(result.seconds)} (via {args.via}): "
        f"median {result.median:.3f}s, min {min(result.seconds):.3f}s, "
        f"max {max(result.seconds):.3f}s -> {verdict} target {result.target:.1f}s"
    )
    return 1 if args.strict and not result.within_target else 0


if __name__ == "__main__":
    raise SystemExit(main())
