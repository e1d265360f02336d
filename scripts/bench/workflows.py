"""Benchmark: plan a vaccination campaign for 150,000 patients on a real PostgreSQL server.

The parent process starts a throwaway TLS-only PostgreSQL (``tfharness.postgres``), migrates
it, seeds 160,000 patients (150,000 with the campaign's condition), and starts the embedded
AWS (``tfharness.emulator``: moto's server). Each measured run happens in a *child* process
that does what the Lambda does: import the function, read its secrets, connect as the
least-privileged outreach user, plan, enqueue. So the child's peak RSS is the figure a
Lambda's "Max Memory Used" would show (Python + boto3 + pg8000 + the planner), without the
parent's seeding or moto's server.

Per run it reports wall time of the handler (and its two phases), the child's peak RSS, and
every AWS API call by operation. A sample of the queued messages then goes through the send
function, also in a child, to count SNS/SES calls against messages.

    python scripts/bench/workflows.py                    # 3 runs, targets 15 s / 256 MB
    python scripts/bench/workflows.py --runs 5 --send-sample 100 --json out.json
"""

# Imports are local on purpose: the measuring child must load only what the Lambda loads.
# ruff: noqa: PLC0415

from __future__ import annotations

import argparse
import base64
import json
import math
import os
import resource
import secrets
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
for extra in (REPO / "scripts", REPO / "lambda_src"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

PATIENTS = 160_000
CONDITION = "J44"
TARGET_SECONDS = 15.0
TARGET_MB = 256.0
EMAIL_FROM = "outreach@clinic.example"


# -- child: one Lambda-like process --------------------------------------------------------


def _count_calls() -> Counter[str]:
    from botocore.client import BaseClient

    calls: Counter[str] = Counter()
    original = BaseClient._make_api_call

    def counting(self: BaseClient, operation_name: str, api_params: Any) -> Any:
        calls[f"{self.meta.service_model.service_name}.{operation_name}"] += 1
        return original(self, operation_name, api_params)

    BaseClient._make_api_call = counting
    return calls


def _time_statements() -> dict[str, list[float]]:
    """Wall seconds and count per SQL statement (its first line), for ``--profile``."""
    from workflows_core.db import Db

    seen: dict[str, list[float]] = {}
    original = Db.run

    def timed(self: Db, sql: str, **kwargs: Any) -> list[list[Any]]:
        began = time.perf_counter()
        try:
            return original(self, sql, **kwargs)
        finally:
            entry = seen.setdefault(" ".join(sql.split())[:70], [0.0, 0])
            entry[0] += time.perf_counter() - began
            entry[1] += 1

    Db.run = timed  # type: ignore[method-assign]
    return seen


def child_plan(campaign_id: str) -> dict[str, Any]:
    calls = _count_calls()
    began = time.perf_counter()
    from outreach_plan.handler import handler

    imported = time.perf_counter()
    profile_to = os.environ.get("BENCH_PROFILE")
    if profile_to:
        import cProfile

        statements = _time_statements()
        profiler = cProfile.Profile()
        result = profiler.runcall(handler, {"campaign_id": campaign_id}, None)
        profiler.dump_stats(profile_to)
        Path(profile_to + ".sql.json").write_text(json.dumps(statements, indent=1))
    else:
        result = handler({"campaign_id": campaign_id}, None)
    finished = time.perf_counter()
    return {
        "import_seconds": imported - began,
        "handler_seconds": finished - imported,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "api_calls": dict(calls),
        "result": result,
    }


def child_send(queue_url: str, messages: int) -> dict[str, Any]:
    import boto3

    calls = _count_calls()
    from outreach_send.handler import handler

    sqs = boto3.client("sqs")
    received = sends = 0
    seconds = 0.0
    while received < messages:
        batch = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", [])
        if not batch:
            break
        received += len(batch)
        sends += sum(len(json.loads(m["Body"])["sends"]) for m in batch)
        event = {"Records": [{"messageId": m["MessageId"], "body": m["Body"]} for m in batch]}
        began = time.perf_counter()
        response = handler(event, None)
        seconds += time.perf_counter() - began
        if response["batchItemFailures"]:
            raise SystemExit(f"send failures: {response}")
    return {
        "messages": received,
        "sends": sends,
        "handler_seconds": seconds,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "api_calls": dict(calls),
    }


# -- parent --------------------------------------------------------------------------------


def _setup_database(server: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    import pg8000.native
    from rotation_postgres.scram import scram_sha256_verifier
    from workflows_schema.migrate import migrate

    conn = server.connect(timeout=600)
    conn.run("ALTER SYSTEM SET shared_buffers = '256MB'")
    conn.close()
    server.stop()
    server.start()
    master_pw, app_pw = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    conn = server.connect(timeout=600)
    conn.run(
        "CREATE ROLE bench_master LOGIN CREATEROLE CREATEDB PASSWORD "
        f"{pg8000.native.literal(scram_sha256_verifier(master_pw))}"
    )
    conn.run("CREATE DATABASE bench OWNER bench_master")
    conn.close()
    master = server.connect(user="bench_master", password=master_pw, database="bench", timeout=600)

    class Adapter:
        def run(self, sql: str, **params: Any) -> list[list[Any]]:
            return master.run(sql, **params) or []

    migrate(Adapter())
    master.run(
        "CREATE ROLE bench_outreach LOGIN IN ROLE workflows_outreach PASSWORD "
        f"{pg8000.native.literal(scram_sha256_verifier(app_pw))}"
    )
    master.close()
    seed = server.connect(database="bench", timeout=600)
    began = time.perf_counter()
    seed.run("START TRANSACTION")
    seed.run("SET LOCAL session_replication_role = replica")
    seed.run("INSERT INTO workflows.doctors (display_name) VALUES ('Dr. Bench')")
    seed.run(
        "INSERT INTO workflows.patients (given_name, family_name, phone_e164, email, doctor_id)"
        " SELECT 'Given' || g, 'Family' || g,"
        "  CASE WHEN g % 10 <> 3 THEN '+1555' || lpad(g::text, 7, '0') END,"
        "  CASE WHEN g % 7 <> 5 THEN 'patient' || g || '@mail.example' END, 1"
        " FROM generate_series(1, :n) g",
        n=PATIENTS,
    )
    seed.run(
        "INSERT INTO workflows.patient_conditions (condition_code, patient_id)"
        " SELECT CASE WHEN g % 16 <> 0 THEN :c ELSE 'I10' END, g FROM generate_series(1, :n) g",
        c=CONDITION,
        n=PATIENTS,
    )
    seed.run(
        "INSERT INTO workflows.contact_opt_outs (patient_id, channel)"
        " SELECT g, CAST('sms' AS workflows.channel) FROM generate_series(1, :n) g"
        " WHERE g % 50 = 1",
        n=PATIENTS,
    )
    seed.run("COMMIT")
    seed.run("VACUUM ANALYZE")
    print(f"seeded {PATIENTS} patients in {time.perf_counter() - began:.1f}s", file=sys.stderr)
    base = {"engine": "postgres", "host": server.host, "port": server.port, "ssl": True}
    app = {**base, "dbname": "bench", "username": "bench_outreach", "password": app_pw}
    return app, {"connection": seed}


def _reset_campaign(seed: Any) -> str:
    seed.run("TRUNCATE workflows.sends, workflows.respondents, workflows.invitations")
    seed.run("DELETE FROM workflows.campaigns")
    row = seed.run(
        "INSERT INTO workflows.campaigns (name, condition_codes, channels, booking_url)"
        " VALUES ('Seasonal flu vaccination', ARRAY[:c],"
        " ARRAY['sms', 'email']::workflows.channel[],"
        " 'https://booking.clinic.example/flu') RETURNING id::text",
        c=CONDITION,
    )
    seed.run("CHECKPOINT")
    return str(row[0][0])


def _tree_cpu_seconds(pid: int | None) -> float:
    """CPU seconds (user + system) of a process, its live descendants and its reaped children.

    Linux ``/proc`` only. A loaded machine stretches wall time but not CPU time, so these
    figures compare runs made under different loads.
    """
    if pid is None:
        return 0.0
    stats: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                text = (entry / "stat").read_text()
            except OSError:
                continue
            stats[int(entry.name)] = text.rsplit(")", 1)[1].split()
    children: dict[int, list[int]] = {}
    for child, fields in stats.items():
        children.setdefault(int(fields[1]), []).append(child)
    ticks, todo = 0, [pid]
    while todo:
        current = todo.pop()
        found = stats.get(current)
        if found is None:
            continue
        # after the ")": state=0 ppid=1 ... utime=11 stime=12 cutime=13 cstime=14
        ticks += int(found[11]) + int(found[12])
        if current == pid:
            ticks += int(found[13]) + int(found[14])
        todo.extend(children.get(current, []))
    return ticks / os.sysconf("SC_CLK_TCK")


def _children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _child(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"child failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def run(runs: int, send_sample: int, profile: Path | None = None) -> dict[str, Any]:
    import boto3
    from tfharness.emulator import Emulator
    from tfharness.postgres import ThrowawayPostgres

    with ThrowawayPostgres(log_statements=False) as server, Emulator() as emulator:
        app_secret, holder = _setup_database(server)
        seed = holder["connection"]
        env = emulator.process_env()
        session = boto3.session.Session(region_name=emulator.region)

        def client(service: str) -> Any:
            return session.client(
                service,
                endpoint_url=emulator.endpoint,
                aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
                aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
            )

        sm = client("secretsmanager")
        db_arn = sm.create_secret(Name="bench/db", SecretString=json.dumps(app_secret))["ARN"]
        key = base64.b64encode(secrets.token_bytes(32)).decode()
        token_arn = sm.create_secret(
            Name="bench/token-keys", SecretString=json.dumps({"current": "k1", "keys": {"k1": key}})
        )["ARN"]
        sqs = client("sqs")
        ses = client("ses")
        ses.verify_email_identity(EmailAddress=EMAIL_FROM)
        ses.create_configuration_set(ConfigurationSet={"Name": "bench"})
        for name in ("invitation", "reminder"):
            ses.create_template(
                Template={
                    "TemplateName": f"bench-{name}",
                    "SubjectPart": "{{campaign}}",
                    "TextPart": "{{link}}",
                    "HtmlPart": "<a href='{{link}}'>Book</a>",
                }
            )
        env.update(
            {
                "PYTHONPATH": os.pathsep.join([str(REPO / "scripts"), str(REPO / "lambda_src")]),
                "DB_SECRET_ARN": db_arn,
                "PG_CA_BUNDLE": str(server.ca_cert_path),
                "TOKEN_KEY_SECRET_ARN": token_arn,
                "LINK_BASE_URL": "https://links.clinic.example",
                "EMAIL_FROM": EMAIL_FROM,
                "SES_CONFIGURATION_SET": "bench",
                "SES_TEMPLATE_INVITATION": "bench-invitation",
                "SES_TEMPLATE_REMINDER": "bench-reminder",
            }
        )
        plans: list[dict[str, Any]] = []
        queue_url = ""
        for index in range(runs):
            queue_url = sqs.create_queue(QueueName=f"bench-send-{index}")["QueueUrl"]
            env["SEND_QUEUE_URL"] = queue_url
            campaign = _reset_campaign(seed)
            if profile and index == runs - 1:
                env["BENCH_PROFILE"] = str(profile.resolve())
            before = (
                _children_cpu_seconds(),
                _tree_cpu_seconds(server.pid),
                _tree_cpu_seconds(emulator.pid),
            )
            plans.append(_child(["plan", campaign], env))
            after = (
                _children_cpu_seconds(),
                _tree_cpu_seconds(server.pid),
                _tree_cpu_seconds(emulator.pid),
            )
            plans[-1]["cpu_seconds"] = {
                name: round(b - a, 2)
                for name, a, b in zip(
                    ("function", "database", "emulator"), before, after, strict=True
                )
            }
            print(
                f"run {index + 1}: {plans[-1]['handler_seconds']:.2f}s, "
                f"{plans[-1]['max_rss_mb']:.0f} MB, CPU s {plans[-1]['cpu_seconds']}",
                file=sys.stderr,
            )
        sent = _child(["send", queue_url, str(send_sample)], env) if send_sample else None
        seed.close()
        return _summary(plans, sent)


def _summary(plans: list[dict[str, Any]], sent: dict[str, Any] | None) -> dict[str, Any]:
    seconds = [p["handler_seconds"] for p in plans]
    rss = [p["max_rss_mb"] for p in plans]
    last = plans[-1]
    messages = int(last["result"]["messages_enqueued"])
    sqs_calls = int(last["api_calls"].get("sqs.SendMessageBatch", 0))
    summary: dict[str, Any] = {
        "patients": PATIENTS,
        "eligible": 150_000,
        "invitations": last["result"]["invitations_created"],
        "runs": len(plans),
        "plan_seconds_median": round(statistics.median(seconds), 2),
        "plan_seconds_all": [round(s, 2) for s in seconds],
        "phase_seconds_last": last["result"]["seconds"],
        "cpu_seconds_last": last["cpu_seconds"],
        "import_seconds_median": round(statistics.median(p["import_seconds"] for p in plans), 2),
        "peak_rss_mb_max": round(max(rss), 1),
        "sqs_messages": messages,
        "sqs_send_message_batch_calls": sqs_calls,
        "sqs_calls_bound": math.ceil(messages / 10),
        "api_calls_last": last["api_calls"],
        "load_average": os.getloadavg(),
        "within_targets": statistics.median(seconds) <= TARGET_SECONDS
        and max(rss) <= TARGET_MB
        and sqs_calls <= math.ceil(messages / 10),
    }
    if sent:
        calls = sent["api_calls"]
        emails = sent["sends"]  # upper bound for the e-mail share of the sample
        summary["send_sample"] = {
            "sqs_messages": sent["messages"],
            "sends": sent["sends"],
            "handler_seconds": round(sent["handler_seconds"], 2),
            "max_rss_mb": round(sent["max_rss_mb"], 1),
            "ses_send_bulk_templated_email_calls": calls.get("ses.SendBulkTemplatedEmail", 0),
            "sns_publish_calls": calls.get("sns.Publish", 0),
            "ses_calls_bound": math.ceil(emails / 10),
        }
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--send-sample", type=int, default=40, help="SQS messages to send")
    parser.add_argument("--json", type=Path, help="also write the summary here")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument(
        "--profile", type=Path, help="cProfile the last plan run's handler into this file"
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        out = child_plan(rest[0]) if kind == "plan" else child_send(rest[0], int(rest[1]))
        sys.stdout.write(json.dumps(out) + "\n")
        return 0
    summary = run(max(1, args.runs), args.send_sample, args.profile)
    text = json.dumps(summary, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return 1 if args.strict and not summary["within_targets"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
