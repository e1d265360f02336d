"""modules/ecs-fargate: container hardening, least privilege, encryption, scaling, bad input."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tfharness.badinput import BadInput
from tfharness.inventory import plan_context
from tfharness.plan import PlanSummary, summarise

ACCOUNT = "111122223333"
KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/11111111-2222-3333-4444-555555555555"
SECRETS_KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/66666666-7777-8888-9999-000000000000"
SECRET = f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:portal/db-AbC123"
PARAMETER = f"arn:aws:ssm:us-east-1:{ACCOUNT}:parameter/portal/fhir-endpoint"
TARGET_GROUP = f"arn:aws:elasticloadbalancing:us-east-1:{ACCOUNT}:targetgroup/portal-web/0123abcd"
LB_SUFFIX = "app/portal/89abcdef"
BASE: dict[str, Any] = {
    "name": "unit-svc",
    "subnet_ids": ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
    "security_group_ids": ["sg-0123456789abcdef0"],
    "image_tag": "1.2.3",
    "kms_key_arn": KEY,
}
M = "module.under_test"

pytestmark = pytest.mark.plan


def _plan(plan_call, **inputs) -> PlanSummary:
    return summarise(plan_call("ecs-fargate", {**BASE, **inputs}))


def _container(summary: PlanSummary) -> dict[str, Any]:
    definitions = json.loads(
        summary.resource(f"{M}.aws_ecs_task_definition.this")["container_definitions"]
    )
    assert len(definitions) == 1
    return definitions[0]


def _statements(policy_json: str) -> dict[str, dict[str, Any]]:
    return {s["Sid"]: s for s in json.loads(policy_json)["Statement"]}


def _account(summary: PlanSummary) -> str:
    """The account id the plan ran with (the emulator's)."""
    return plan_context(summary)["account_id"]


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


# --- the container ---------------------------------------------------------------------------


def test_container_runs_read_only_as_non_root_without_privileges(plan_call) -> None:
    container = _container(_plan(plan_call))
    assert container["readonlyRootFilesystem"] is True
    assert container["privileged"] is False
    assert container["user"] == "10001:10001"
    assert container["linuxParameters"]["capabilities"] == {"drop": ["ALL"]}
    assert container["image"].endswith(".dkr.ecr.us-east-1.amazonaws.com/unit-svc:1.2.3")


def test_task_is_fargate_awsvpc_with_the_chosen_size(plan_call) -> None:
    task = _plan(plan_call, cpu=1024, memory=4096, cpu_architecture="ARM64").resource(
        f"{M}.aws_ecs_task_definition.this"
    )
    assert task["requires_compatibilities"] == ["FARGATE"]
    assert task["network_mode"] == "awsvpc"
    assert (task["cpu"], task["memory"]) == ("1024", "4096")
    assert task["runtime_platform"] == [
        {"operating_system_family": "LINUX", "cpu_architecture": "ARM64"}
    ]


def test_writable_paths_are_volumes_and_the_root_stays_read_only(plan_call) -> None:
    summary = _plan(plan_call, writable_paths=["/tmp", "/var/cache/app"])
    container = _container(summary)
    assert container["readonlyRootFilesystem"] is True
    assert container["mountPoints"] == [
        {"sourceVolume": "tmp", "containerPath": "/tmp", "readOnly": False},
        {"sourceVolume": "var-cache-app", "containerPath": "/var/cache/app", "readOnly": False},
    ]
    volumes = summary.resource(f"{M}.aws_ecs_task_definition.this")["volume"]
    assert sorted(v["name"] for v in volumes) == ["tmp", "var-cache-app"]
    assert all(not v["host_path"] and not v["efs_volume_configuration"] for v in volumes)


def test_digest_pinned_release_is_pulled_by_digest(plan_call) -> None:
    digest = "sha256:" + "a" * 64
    container = _container(_plan(plan_call, image_tag=digest))
    assert container["image"].endswith(f"/unit-svc@{digest}")


def test_logs_go_to_the_kms_log_group_kept_a_year(plan_call) -> None:
    summary = _plan(plan_call)
    log_config = _container(summary)["logConfiguration"]
    assert log_config["logDriver"] == "awslogs"
    assert log_config["options"]["awslogs-group"] == "/ecs/unit-svc/app"
    for name in ("app", "exec"):
        group = summary.resource(f"{M}.aws_cloudwatch_log_group.{name}")
        assert group["kms_key_id"] == KEY
        assert group["retention_in_days"] == 365


# --- secrets ---------------------------------------------------------------------------------


def test_secrets_are_injected_by_arn_and_only_those_are_readable(plan_call) -> None:
    summary = _plan(
        plan_call,
        secrets={"DB_PASSWORD": f"{SECRET}:password::", "FHIR_ENDPOINT": PARAMETER},
        secret_kms_key_arns=[SECRETS_KEY],
        environment={"LOG_LEVEL": "info"},
    )
    container = _container(summary)
    assert container["secrets"] == [
        {"name": "DB_PASSWORD", "valueFrom": f"{SECRET}:password::"},
        {"name": "FHIR_ENDPOINT", "valueFrom": PARAMETER},
    ]
    assert container["environment"] == [{"name": "LOG_LEVEL", "value": "info"}]
    policy = _statements(summary.resource(f"{M}.aws_iam_role_policy.execution")["policy"])
    assert policy["ReadNamedSecrets"]["Action"] == "secretsmanager:GetSecretValue"
    assert policy["ReadNamedSecrets"]["Resource"] == SECRET
    assert policy["ReadNamedParameters"]["Action"] == "ssm:GetParameters"
    assert policy["ReadNamedParameters"]["Resource"] == PARAMETER
    decrypt = policy["DecryptSecretsThroughTheirService"]
    assert (decrypt["Action"], decrypt["Resource"]) == ("kms:Decrypt", SECRETS_KEY)
    assert sorted(decrypt["Condition"]["StringEquals"]["kms:ViaService"]) == [
        "secretsmanager.us-east-1.amazonaws.com",
        "ssm.us-east-1.amazonaws.com",
    ]


# --- roles -----------------------------------------------------------------------------------


def test_execution_role_can_only_pull_log_and_read_named_secrets(plan_call) -> None:
    summary = _plan(plan_call)
    policy = _statements(summary.resource(f"{M}.aws_iam_role_policy.execution")["policy"])
    assert set(policy) == {"EcrLogin", "PullReleaseImages", "WriteApplicationLogs"}
    assert policy["EcrLogin"]["Action"] == "ecr:GetAuthorizationToken"
    assert policy["PullReleaseImages"]["Resource"] == (
        f"arn:aws:ecr:us-east-1:{_account(summary)}:repository/unit-svc"
    )
    assert policy["WriteApplicationLogs"]["Resource"] == (
        f"arn:aws:logs:us-east-1:{_account(summary)}:log-group:/ecs/unit-svc/app:*"
    )
    for statement in policy.values():
        assert not any(a.endswith("*") for a in _as_list(statement["Action"]))
        if statement["Resource"] == "*":
            assert statement["Action"] == "ecr:GetAuthorizationToken"


def test_execution_and_task_roles_are_separate_and_trust_only_this_accounts_tasks(
    plan_call,
) -> None:
    summary = _plan(plan_call)
    roles = summary.of_type("aws_iam_role")
    assert sorted(r["name_prefix"] for r in roles.values()) == [
        "unit-svc-exec-",
        "unit-svc-task-",
    ]
    for role in roles.values():
        statement = json.loads(role["assume_role_policy"])["Statement"][0]
        assert statement["Principal"] == {"Service": "ecs-tasks.amazonaws.com"}
        account = _account(summary)
        assert statement["Condition"]["StringEquals"] == {"aws:SourceAccount": account}
        assert statement["Condition"]["ArnLike"] == {
            "aws:SourceArn": f"arn:aws:ecs:us-east-1:{account}:*"
        }


def test_task_role_gets_only_the_callers_policy(plan_call) -> None:
    assert not [a for a in _plan(plan_call).of_type("aws_iam_role_policy") if ".task" in a]
    app_policy = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}
            ],
        }
    )
    summary = _plan(plan_call, task_role_policy_json=app_policy)
    attached = summary.resource(f"{M}.aws_iam_role_policy.application[0]")
    assert json.loads(attached["policy"]) == json.loads(app_policy)


# --- service ---------------------------------------------------------------------------------


def test_service_is_private_rolls_back_and_runs_two_tasks(plan_call) -> None:
    service = _plan(plan_call).resource(f"{M}.aws_ecs_service.this")
    assert service["network_configuration"] == [
        {
            "assign_public_ip": False,
            "subnets": sorted(BASE["subnet_ids"]),
            "security_groups": BASE["security_group_ids"],
        }
    ]
    assert service["deployment_circuit_breaker"] == [{"enable": True, "rollback": True}]
    assert service["desired_count"] == 2
    assert (service["launch_type"], service["platform_version"]) == ("FARGATE", "LATEST")
    assert service["deployment_minimum_healthy_percent"] == 100
    assert service["enable_execute_command"] is False


def test_load_balancer_attachment_uses_the_container_port(plan_call) -> None:
    summary = _plan(
        plan_call, load_balancer={"target_group_arn": TARGET_GROUP, "lb_arn_suffix": LB_SUFFIX}
    )
    service = summary.resource(f"{M}.aws_ecs_service.this")
    assert service["load_balancer"] == [
        {
            "target_group_arn": TARGET_GROUP,
            "container_name": "unit-svc",
            "container_port": 8443,
            "elb_name": "",
        }
    ]
    assert service["health_check_grace_period_seconds"] == 60


# --- autoscaling ------------------------------------------------------------------------------


def test_autoscaling_tracks_cpu_memory_and_requests_between_2_and_4(plan_call) -> None:
    summary = _plan(
        plan_call, load_balancer={"target_group_arn": TARGET_GROUP, "lb_arn_suffix": LB_SUFFIX}
    )
    target = summary.resource(f"{M}.aws_appautoscaling_target.this[0]")
    assert (target["min_capacity"], target["max_capacity"]) == (2, 4)
    assert target["resource_id"] == "service/unit-svc/unit-svc"
    metrics = {}
    for policy in summary.of_type("aws_appautoscaling_policy").values():
        config = policy["target_tracking_scaling_policy_configuration"][0]
        spec = config["predefined_metric_specification"][0]
        metrics[spec["predefined_metric_type"]] = (config["target_value"], spec["resource_label"])
    assert metrics == {
        "ECSServiceAverageCPUUtilization": (60, None),
        "ECSServiceAverageMemoryUtilization": (70, None),
        "ALBRequestCountPerTarget": (1000, f"{LB_SUFFIX}/targetgroup/portal-web/0123abcd"),
    }


def test_autoscaling_can_be_switched_off_explicitly(plan_call) -> None:
    summary = _plan(plan_call, enable_autoscaling=False, autoscaling={"min_capacity": 3})
    assert not summary.of_type("aws_appautoscaling_target")
    assert summary.resource(f"{M}.aws_ecs_service.this")["desired_count"] == 3


# --- cluster, exec, key ----------------------------------------------------------------------


def test_exec_sessions_are_logged_and_encrypted_with_the_cmk(plan_call) -> None:
    cluster = _plan(plan_call).resource(f"{M}.aws_ecs_cluster.this")
    assert cluster["setting"] == [{"name": "containerInsights", "value": "enabled"}]
    exec_config = cluster["configuration"][0]["execute_command_configuration"][0]
    assert exec_config["kms_key_id"] == KEY
    assert exec_config["logging"] == "OVERRIDE"
    log = exec_config["log_configuration"][0]
    assert log["cloud_watch_encryption_enabled"] is True
    assert log["cloud_watch_log_group_name"] == "/ecs/unit-svc/exec"
    storage = cluster["configuration"][0]["managed_storage_configuration"][0]
    assert storage["fargate_ephemeral_storage_kms_key_id"] == KEY


def test_execute_command_is_opt_in_and_keeps_the_root_read_only(plan_call) -> None:
    summary = _plan(plan_call, enable_execute_command=True)
    assert summary.resource(f"{M}.aws_ecs_service.this")["enable_execute_command"] is True
    container = _container(summary)
    assert container["readonlyRootFilesystem"] is True
    assert {m["containerPath"] for m in container["mountPoints"]} == {
        "/tmp",
        "/var/lib/amazon/ssm",
        "/var/log/amazon/ssm",
    }
    policy = _statements(summary.resource(f"{M}.aws_iam_role_policy.execute_command[0]")["policy"])
    assert policy["WriteExecSessionLogs"]["Resource"].endswith(":log-group:/ecs/unit-svc/exec:*")
    assert policy["DecryptExecSessions"]["Resource"] == KEY


def test_module_key_admits_only_this_services_logs_ecr_and_fargate(plan_call) -> None:
    inputs = {k: v for k, v in BASE.items() if k != "kms_key_arn"}
    summary = summarise(plan_call("ecs-fargate", inputs))
    key = summary.resource(f"{M}.module.kms[0].aws_kms_key.this")
    policy = _statements(key["policy"])
    account = _account(summary)
    assert policy["UsageThroughAwsServices"]["Condition"]["StringEquals"]["kms:ViaService"] == (
        "ecr.us-east-1.amazonaws.com"
    )
    assert policy["CloudWatchLogs"]["Condition"]["ArnLike"] == {
        "kms:EncryptionContext:aws:logs:arn": (
            f"arn:aws:logs:us-east-1:{account}:log-group:/ecs/unit-svc/*"
        )
    }
    grants = policy["FargateEphemeralStorageGrants"]
    assert grants["Principal"] == {"Service": "fargate.amazonaws.com"}
    assert grants["Condition"]["StringEquals"]["kms:EncryptionContext:aws:ecs:clusterName"] == (
        "unit-svc"
    )
    assert grants["Condition"]["ForAllValues:StringEquals"] == {"kms:GrantOperations": "Decrypt"}
    assert "KeyUsage" not in policy  # nobody uses the key directly while exec is off


# --- registry ---------------------------------------------------------------------------------


def test_ecr_repository_is_immutable_scanned_encrypted_and_keeps_releases(plan_call) -> None:
    summary = _plan(plan_call, ecr_keep_releases=15)
    repository = summary.resource(f"{M}.aws_ecr_repository.this[0]")
    assert repository["image_tag_mutability"] == "IMMUTABLE"
    assert repository["image_scanning_configuration"] == [{"scan_on_push": True}]
    assert repository["encryption_configuration"] == [{"encryption_type": "KMS", "kms_key": KEY}]
    assert repository["force_delete"] is False
    rules = json.loads(summary.resource(f"{M}.aws_ecr_lifecycle_policy.this[0]")["policy"])["rules"]
    keep = next(r for r in rules if r["selection"]["tagStatus"] == "tagged")
    assert keep["selection"]["countType"] == "imageCountMoreThan"
    assert keep["selection"]["countNumber"] == 15


def test_external_image_needs_no_repository(plan_call) -> None:
    image = f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/shared/portal:2.0.1"
    shared = f"arn:aws:ecr:us-east-1:{ACCOUNT}:repository/shared/portal"
    summary = _plan(
        plan_call,
        image_tag=None,
        image=image,
        create_ecr_repository=False,
        image_repository_arns=[shared],
    )
    assert not summary.of_type("aws_ecr_repository")
    assert _container(summary)["image"] == image
    policy = _statements(summary.resource(f"{M}.aws_iam_role_policy.execution")["policy"])
    assert policy["PullReleaseImages"]["Resource"] == shared


# --- bad input ---------------------------------------------------------------------------------


NON_ROOT = "container_user must be a non-root user"
BAD_INPUTS: dict[str, tuple[dict[str, Any], str, str]] = {
    "public-ip": ({"assign_public_ip": True}, "assign_public_ip", "never get public IPs"),
    "user-root": ({"container_user": "root"}, "container_user", NON_ROOT),
    "user-uid-0": ({"container_user": "0"}, "container_user", NON_ROOT),
    "user-uid-0-gid": ({"container_user": "0:1000"}, "container_user", NON_ROOT),
    "user-root-group": ({"container_user": "root:app"}, "container_user", NON_ROOT),
    "user-padded-0": ({"container_user": "000"}, "container_user", NON_ROOT),
    "autoscaling-min-above-max": (
        {"autoscaling": {"min_capacity": 5, "max_capacity": 4}},
        "autoscaling",
        "(min above max)",
    ),
    "autoscaling-single-task": (
        {"autoscaling": {"min_capacity": 1}},
        "autoscaling",
        "min_capacity must be a whole number >= 2",
    ),
    "autoscaling-cpu-target": (
        {"autoscaling": {"cpu_target": 95}},
        "autoscaling",
        "between 10 and 90",
    ),
    "latest-tag": ({"image_tag": "latest"}, "image_tag", "and not `latest`"),
    "image-and-tag": (
        {"image": f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/x:1"},
        "image_tag",
        "set exactly one of image_tag",
    ),
    "neither-image-nor-tag": ({"image_tag": None}, "image_tag", "set exactly one of image_tag"),
    "external-image-latest": (
        {"image_tag": None, "image": "public.ecr.aws/nginx/nginx:latest"},
        "image",
        "`:latest` is rejected",
    ),
    "no-repository-no-image": (
        {"create_ecr_repository": False},
        "create_ecr_repository",
        "create_ecr_repository = false needs image",
    ),
    "secret-as-plain-value": (
        {"secrets": {"DB_PASSWORD": "hunter2"}},
        "secrets",
        "plain values and names are not accepted",
    ),
    "secret-partial-arn": (
        {"secrets": {"DB_PASSWORD": SECRET.removesuffix("-AbC123")}},
        "secrets",
        "with the 6-character suffix",
    ),
    "secret-shadowing-environment": (
        {"secrets": {"TOKEN": PARAMETER}, "environment": {"TOKEN": "x"}},
        "secrets",
        "must not also appear in environment",
    ),
    "fargate-cpu": ({"cpu": 300}, "cpu", "cpu must be a Fargate CPU size"),
    "fargate-memory": ({"cpu": 1024, "memory": 512}, "memory", "memory must be a Fargate memory"),
    "short-retention": (
        {"log_retention_in_days": 30},
        "log_retention_in_days",
        "at least one year",
    ),
    "one-subnet": (
        {"subnet_ids": ["subnet-0123456789abcdef0"]},
        "subnet_ids",
        "at least two distinct subnet ids",
    ),
    "no-security-group": ({"security_group_ids": []}, "security_group_ids", "1-5 security"),
    "writable-root": ({"writable_paths": ["/"]}, "writable_paths", "the root itself"),
    "relative-writable-path": ({"writable_paths": ["tmp"]}, "writable_paths", "absolute paths"),
    "privileged-port": ({"container_port": 443}, "container_port", "between 1024 and 65535"),
    "bad-target-group": (
        {"load_balancer": {"target_group_arn": "tg-1", "lb_arn_suffix": LB_SUFFIX}},
        "load_balancer",
        "load_balancer needs a target group ARN",
    ),
    "key-alias": ({"kms_key_arn": "alias/ecs"}, "kms_key_arn", "kms_key_arn must be null or a KMS"),
    "health-check-without-cmd": (
        {"health_check": {"command": ["curl", "-f", "http://localhost"]}},
        "health_check",
        "must start with CMD or CMD-SHELL",
    ),
    "keep-one-release": (
        {"ecr_keep_releases": 1},
        "ecr_keep_releases",
        "at least the running release and one to roll back to",
    ),
    "min-healthy-zero": (
        {"deployment_minimum_healthy_percent": 0},
        "deployment_minimum_healthy_percent",
        "between 50 and 100",
    ),
    "exec-users-without-exec": (
        {"execute_command_principal_arns": [f"arn:aws:iam::{ACCOUNT}:role/oncall"]},
        "execute_command_principal_arns",
        "needs enable_execute_command = true",
    ),
    "uppercase-name": ({"name": "Portal"}, "name", "name must be 1-32 lowercase"),
    "task-policy-not-json": (
        {"task_role_policy_json": "{}"},
        "task_role_policy_json",
        "IAM policy document in JSON",
    ),
}


BAD_CASES = [
    BadInput(case_id, inputs, variable, rule, BASE)
    for case_id, (inputs, variable, rule) in BAD_INPUTS.items()
]


@pytest.mark.parametrize("case", BAD_CASES, ids=[c.id for c in BAD_CASES])
def test_bad_input_is_rejected_with_the_rule(bad_input, case: BadInput) -> None:
    bad_input("ecs-fargate", BAD_CASES, case)
