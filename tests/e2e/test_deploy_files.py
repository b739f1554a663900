"""The deployment files (deploy/compose.yml, deploy/k8s/, deploy/docker/) checked statically:
the Kubernetes manifests against the schemas bundled with `kubernetes-validate` (no network),
the compose file against the Compose Specification's schema (tests/e2e/deploy_schemas/), and
both kept in step with the code: every variable they set is one the code reads, every process
that deploy/stack.py starts has a service, the probes hit the real health routes, secrets come
from the environment. Nothing here starts a container."""

from __future__ import annotations

import ast
import copy
import json
import re
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml

from actions.server import OPEN_PATHS as ACTION_SERVER_OPEN_PATHS
from actions.settings import ActionSettings
from deploy.stack import KINDS
from knowledge.api.routes.health import router as knowledge_health
from knowledge.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
COMPOSE = DEPLOY / "compose.yml"
DOCKERFILES = {
    "tna-bot": DEPLOY / "docker" / "bot.Dockerfile",
    "tna-services": DEPLOY / "docker" / "services.Dockerfile",
}
NGINX_TEMPLATE = K8S / "nginx.conf.template"
COMPOSE_SCHEMA = Path(__file__).resolve().parent / "deploy_schemas" / "compose-spec.json"
KUBERNETES_VERSION = "1.30"
CODE_PACKAGES = ("bot", "actions", "knowledge", "connectors", "nlu", "languages", "conversation")
# Files whose ${VARIABLES} Rasa fills in from the environment when it reads them.
RASA_CONFIGS = (ROOT / "endpoints.yml", DEPLOY / "endpoints.scale.yml", ROOT / "credentials.yml")
ENV_NAME = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")
SECRET_NAME = re.compile(r"TOKEN|SECRET|PASSWORD|HASH_KEY|DATABASE_URL")
# The health route each of our processes answers (Rasa's own `/` says "Hello from Rasa").
HEALTH = {"rasa": ("/", 5005), "actions": ("/health", 5055), "knowledge": ("/health", 8000)}


# --------------------------------------------------------------------------- reading the files


def manifests() -> list[dict[str, Any]]:
    documents = []
    for path in sorted(K8S.glob("*.yaml")):
        if path.name != "kustomization.yaml":
            documents += [doc for doc in yaml.safe_load_all(path.read_text()) if doc]
    return documents


def compose() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())
    return document


def pod_containers(doc: dict[str, Any]) -> list[dict[str, Any]]:
    if doc["kind"] not in ("Deployment", "StatefulSet", "Job"):
        return []
    containers: list[dict[str, Any]] = doc["spec"]["template"]["spec"]["containers"]
    return containers


def image_name(image: str) -> str:
    return image.rsplit(":", 1)[0]


def ours(image: str) -> bool:
    return image_name(image) in DOCKERFILES


def k8s_workloads() -> dict[str, dict[str, Any]]:
    return {doc["metadata"]["name"]: doc for doc in manifests() if pod_containers(doc)}


def compose_services() -> dict[str, dict[str, Any]]:
    services: dict[str, dict[str, Any]] = compose()["services"]
    return services


def k8s_env(container: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["name"]: item for item in container.get("env", [])}


# --------------------------------------------------------------------------- what the code reads


def variables_the_code_reads() -> set[str]:
    """Names of environment variables in our code: every ALL_CAPS string constant of the
    packages (os.environ.get("X"), X_ENV = "X", setting(..., "X")), the knowledge API's and the
    action server's typed settings (pydantic reads the upper-cased field names), and Rasa's ${X}
    in its YAML files."""
    names: set[str] = set()
    for package in CODE_PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and ENV_NAME.match(node.value)
                ):
                    names.add(node.value)
    names |= {field.upper() for field in Settings.model_fields}
    names |= {field.upper() for field in ActionSettings.model_fields}
    for config in RASA_CONFIGS:
        names |= set(re.findall(r"\$\{([A-Z0-9_]+)\}", config.read_text()))
    return names


def test_the_code_scan_finds_real_variables_and_no_invented_one() -> None:
    read = variables_the_code_reads()
    expected = {
        "KNOWLEDGE_DATABASE_URL",
        "ACTION_SERVER_TOKEN",
        "RASA_AUTH_TOKEN",
        "REDIS_URL",
        "SOCKETIO_SESSION_SECRET",
        "TRACKER_DB_HOST",
        "KNOWLEDGE_API_URL",
        "LOG_HASH_KEY",
    }
    assert expected <= read
    assert "KNOWLEDGE_DB_URL" not in read and "REDIS_PASSWORD" not in read


# --------------------------------------------------------------------------- schemas


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """The validators must work offline: any attempt to open a connection fails the test."""

    def refuse(*_: Any, **__: Any) -> None:
        raise AssertionError("a schema validator tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def k8s_errors(doc: dict[str, Any]) -> str | None:
    try:
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
    except kubernetes_validate.ValidationError as error:
        return str(error)
    return None


def test_kubernetes_manifests_match_the_kubernetes_schemas(no_network: None) -> None:
    documents = manifests()
    kinds = sorted({doc["kind"] for doc in documents})
    assert kinds == ["ConfigMap", "Deployment", "Job", "Namespace", "Service", "StatefulSet"]
    assert {doc["metadata"]["name"]: k8s_errors(doc) for doc in documents if k8s_errors(doc)} == {}


def test_the_kubernetes_validator_refuses_a_broken_manifest(no_network: None) -> None:
    rasa = copy.deepcopy(k8s_workloads()["rasa"])
    rasa["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = {"httpGet": {"path": "/"}}
    assert k8s_errors(rasa) is not None  # a misspelt field (strict schemas)
    rasa = copy.deepcopy(k8s_workloads()["rasa"])
    rasa["spec"]["replicas"] = "two"
    assert k8s_errors(rasa) is not None


@pytest.mark.skipif(
    shutil.which("kubectl") is None, reason="kubectl (for `kubectl kustomize`) is not installed"
)
def test_the_kustomization_renders_valid_manifests() -> None:
    rendered = subprocess.run(
        ["kubectl", "kustomize", str(K8S)], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    documents = [doc for doc in yaml.safe_load_all(rendered) if doc]
    assert {doc["metadata"].get("namespace") for doc in documents if doc["kind"] != "Namespace"} == {"tna"}
    assert [k8s_errors(doc) for doc in documents if k8s_errors(doc)] == []
    [template] = [doc for doc in documents if doc["metadata"]["name"].startswith("nginx-template")]
    assert template["data"]["default.conf.template"] == NGINX_TEMPLATE.read_text()


def compose_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(COMPOSE_SCHEMA.read_text())
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)


def test_compose_file_matches_the_compose_specification(no_network: None) -> None:
    errors = [f"{error.json_path}: {error.message}" for error in compose_validator().iter_errors(compose())]
    assert errors == []


def test_the_compose_validator_refuses_a_broken_file() -> None:
    broken = compose()
    broken["services"]["rasa"]["helthcheck"] = broken["services"]["rasa"].pop("healthcheck")
    assert list(compose_validator().iter_errors(broken))
    broken = compose()
    broken["services"]["rasa"]["deploy"]["resources"]["limit"] = {"memory": "2G"}
    assert list(compose_validator().iter_errors(broken))


@pytest.mark.skipif(
    subprocess.run(["docker", "compose", "version"], capture_output=True).returncode != 0
    if shutil.which("docker")
    else True,
    reason="docker compose is not installed; the compose-spec schema check above stands in",
)
def test_docker_compose_accepts_the_file() -> None:
    secrets = {name: "x" * 32 for name in required_compose_variables()}
    subprocess.run(
        ["docker", "compose", "-f", str(COMPOSE), "config", "--quiet"],
        env={"PATH": "/usr/bin:/bin:/usr/local/bin", **secrets},
        check=True,
        timeout=60,
    )


# --------------------------------------------------------------------------- in step with the code


def required_compose_variables() -> set[str]:
    return set(re.findall(r"\$\{([A-Z0-9_]+):\?", COMPOSE.read_text()))


def template_variables() -> set[str]:
    return set(re.findall(r"\$\{([A-Z0-9_]+)\}", NGINX_TEMPLATE.read_text()))


def set_variables() -> Iterator[tuple[str, str, str]]:
    """(where, image, variable) for every variable the two files set in a container."""
    for name, service in compose_services().items():
        for variable in service.get("environment", {}):
            yield f"compose:{name}", service["image"], variable
    for name, workload in k8s_workloads().items():
        for container in pod_containers(workload):
            for variable in k8s_env(container):
                yield f"k8s:{name}", container["image"], variable


def test_every_variable_set_for_our_images_is_one_the_code_reads() -> None:
    read = variables_the_code_reads()
    unread = sorted(
        (where, variable)
        for where, image, variable in set_variables()
        if ours(image) and variable not in read
    )
    assert unread == []


def test_the_balancer_gets_exactly_the_variables_its_template_uses() -> None:
    for where, image, variable in set_variables():
        if image_name(image) == "nginx":
            assert variable in template_variables(), (where, variable)
    compose_nginx = set(compose_services()["nginx"]["environment"])
    k8s_nginx = set(k8s_env(pod_containers(k8s_workloads()["nginx"])[0]))
    assert compose_nginx == k8s_nginx == template_variables()


def test_compose_and_kubernetes_give_each_process_the_same_variables() -> None:
    workloads = k8s_workloads()
    for name in ("rasa", "actions", "knowledge", "knowledge-init", "nginx"):
        compose_env = set(compose_services()[name].get("environment", {}))
        assert compose_env == set(k8s_env(pod_containers(workloads[name])[0])), name


def readme_settings() -> set[str]:
    """The names in the first column of the README's settings table (`TELEGRAM_*` as a prefix)."""
    table = [line for line in (ROOT / "README.md").read_text().splitlines() if line.startswith("| `")]
    return {name for line in table for name in re.findall(r"`([A-Z0-9_*]+)`", line.split(" | ")[0])}


def undocumented(names: set[str]) -> list[str]:
    documented = readme_settings()
    return [
        name
        for name in sorted(names)
        if name not in documented and not any(p.endswith("*") and name.startswith(p[:-1]) for p in documented)
    ]


def test_every_variable_compose_asks_for_is_in_the_readme_settings() -> None:
    asked = set(re.findall(r"\$\{([A-Z0-9_]+)", COMPOSE.read_text()))
    assert "POSTGRES_PASSWORD" in asked
    assert undocumented(asked) == []


# ALL_CAPS strings of the code that are not environment variables.
NOT_VARIABLES = {"HTTP_ORIGIN", "VAR", "DEFAULT_LANGUAGE"}


def test_every_variable_the_code_reads_is_in_the_readme_settings() -> None:
    assert undocumented(variables_the_code_reads() - NOT_VARIABLES) == []


def test_rasa_gets_every_variable_of_its_scale_endpoints() -> None:
    """Rasa refuses to start on an unset ${VAR} of its endpoints file."""
    needed = set(re.findall(r"\$\{([A-Z0-9_]+)\}", (DEPLOY / "endpoints.scale.yml").read_text()))
    assert "--endpoints" in rasa_image_command() and "deploy/endpoints.scale.yml" in rasa_image_command()
    assert needed <= set(compose_services()["rasa"]["environment"])
    assert needed <= set(k8s_env(pod_containers(k8s_workloads()["rasa"])[0]))


def rasa_image_command() -> list[str]:
    """The Rasa image's command (compose uses the image's CMD)."""
    cmd = re.search(
        r"^CMD (\[.*?\])\s*$", DOCKERFILES["tna-bot"].read_text().replace("\\\n", ""), re.M | re.S
    )
    assert cmd is not None
    command: list[str] = json.loads(cmd.group(1))
    return command


def test_every_process_of_the_launcher_has_a_service_in_both() -> None:
    source = (DEPLOY / "stack.py").read_text()
    processes = set(KINDS) | set(re.findall(r'self\._spawn\(\s*"([a-z]+)"', source))
    assert processes >= {"rasa", "actions", "knowledge", "nginx"}
    assert processes <= set(compose_services())
    assert processes <= {name for name, doc in k8s_workloads().items() if doc["kind"] == "Deployment"}
    # The launcher migrates and seeds the knowledge DB first; so do a one-shot service and a Job.
    assert "init-db" in source
    assert compose_services()["knowledge-init"]["command"][-2:] == ["knowledge.cli", "init-db"]
    assert pod_containers(k8s_workloads()["knowledge-init"])[0]["command"][-2:] == [
        "knowledge.cli",
        "init-db",
    ]
    assert k8s_workloads()["knowledge-init"]["kind"] == "Job"


def commands() -> Iterator[list[str]]:
    for service in compose_services().values():
        if isinstance(service.get("command"), list):
            yield service["command"]
    for workload in k8s_workloads().values():
        for container in pod_containers(workload):
            if "command" in container:
                yield container["command"]
    yield rasa_image_command()


def test_commands_run_modules_and_files_that_exist() -> None:
    for command in commands():
        if command[:2] != ["python", "-m"]:
            continue
        module = command[2]
        if module == "uvicorn":
            app_module = command[3].split(":")[0]
            assert (ROOT / (app_module.replace(".", "/") + ".py")).is_file(), command
        else:
            assert (ROOT / (module.replace(".", "/") + ".py")).is_file(), command
        for flag in ("--endpoints", "--credentials"):
            if flag in command:
                assert (ROOT / command[command.index(flag) + 1]).is_file(), command


def test_the_real_health_routes_are_the_ones_probed() -> None:
    assert "/health" in ACTION_SERVER_OPEN_PATHS  # answered without the token
    assert "/health" in [route.path for route in knowledge_health.routes]  # type: ignore[attr-defined]
    rasa_server = next((ROOT / ".venv-bot" / "lib").glob("python3*/site-packages/rasa/server.py"), None)
    if rasa_server is not None:
        assert '@app.get("/")' in rasa_server.read_text()
    for kind, (path, port) in HEALTH.items():
        container = pod_containers(k8s_workloads()[kind])[0]
        for probe in ("readinessProbe", "livenessProbe"):
            assert container[probe]["httpGet"]["path"] == path, (kind, probe)
        assert {p["containerPort"] for p in container["ports"]} == {port}
        check = " ".join(compose_services()[kind]["healthcheck"]["test"])
        assert f"http://127.0.0.1:{port}{path}'" in check, kind


def test_every_container_has_probes_and_resources() -> None:
    for name, workload in k8s_workloads().items():
        for container in pod_containers(workload):
            if workload["kind"] != "Job":
                assert {"readinessProbe", "livenessProbe"} <= set(container), name
            resources = container["resources"]
            assert {"cpu", "memory"} <= set(resources["requests"]) and {"cpu", "memory"} <= set(
                resources["limits"]
            )
    for name, service in compose_services().items():
        if service.get("restart") != "no":  # the one-shot migration has nothing to probe
            assert "healthcheck" in service, name
            assert {"reservations", "limits"} <= set(service["deploy"]["resources"]), name


def test_secrets_come_from_the_environment() -> None:
    for name, service in compose_services().items():
        for variable, value in service.get("environment", {}).items():
            if SECRET_NAME.search(variable):
                assert re.search(r"\$\{[A-Z0-9_]+:[?-]", str(value)), (name, variable)
    assert {
        "POSTGRES_PASSWORD",
        "RASA_AUTH_TOKEN",
        "ACTION_SERVER_TOKEN",
        "KNOWLEDGE_SERVICE_TOKEN",
        "SOCKETIO_SESSION_SECRET",
    } <= required_compose_variables()
    assert "Secret" not in {doc["kind"] for doc in manifests()}  # made by the operator, never committed
    readme = (ROOT / "README.md").read_text()
    for name, workload in k8s_workloads().items():
        for container in pod_containers(workload):
            for variable, item in k8s_env(container).items():
                if SECRET_NAME.search(variable):
                    reference = item.get("valueFrom", {}).get("secretKeyRef")
                    assert reference and reference["name"] == "tna-secrets", (name, variable)
                    if not reference.get("optional"):
                        assert f"--from-literal={reference['key']}=" in readme, reference["key"]


def test_images_are_built_from_pyproject_like_the_makefile() -> None:
    extras = {
        "tna-bot": ("bot", "constraints/bot.txt"),
        "tna-services": ("services", "constraints/services.txt"),
    }
    builds = {
        service["image"]: service.get("build")
        for service in compose_services().values()
        if ours(service["image"])
    }
    for image, build in builds.items():
        assert (
            isinstance(build, dict)
            and (DEPLOY / build["context"] / build["dockerfile"]).resolve() == DOCKERFILES[image_name(image)]
        )
    for image, dockerfile in DOCKERFILES.items():
        text = dockerfile.read_text()
        extra, constraints = extras[image]
        assert f"pip install -c {constraints} '.[{extra}]'" in text
        for line in re.findall(r"^COPY (?!--from)(.+)$", text, re.M):
            for source in line.split()[:-1]:
                assert (ROOT / source).exists(), (dockerfile.name, source)
    k8s_images = {image_name(c["image"]) for w in k8s_workloads().values() for c in pod_containers(w)}
    assert set(DOCKERFILES) <= k8s_images


def nginx_supports_resolve(binary: str) -> bool:
    version = subprocess.run([binary, "-v"], capture_output=True, text=True).stderr
    found = re.search(r"nginx/(\d+)\.(\d+)\.(\d+)", version)
    return found is not None and tuple(map(int, found.groups())) >= (1, 27, 3)


@pytest.mark.skipif(
    shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists(), reason="nginx is not installed"
)
def test_the_balancer_configuration_is_accepted_by_nginx(tmp_path: Path) -> None:
    """`nginx -t` on the template as the nginx image fills it in (`resolve` needs 1.27.3+: an
    older local nginx checks the rest without it)."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    values = {
        "NGINX_RESOLVER": "127.0.0.1",
        "RASA_HOST": "127.0.0.1:15005",
        "ACTIONS_HOST": "127.0.0.1:15055",
        "KNOWLEDGE_HOST": "127.0.0.1:18000",
    }
    assert set(values) == template_variables()
    site = NGINX_TEMPLATE.read_text()
    for name, value in values.items():
        site = site.replace("${" + name + "}", value)
    if not nginx_supports_resolve(binary):
        site = site.replace(" resolve ", " ")
    (tmp_path / "site.conf").write_text(site)
    temp = "".join(
        f"  {kind}_temp_path {tmp_path / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path / 'nginx.pid'};\nevents {{}}\n"
        f"http {{\n{temp}  include {tmp_path / 'site.conf'};\n}}\n"
    )
    result = subprocess.run(
        [
            binary,
            "-t",
            "-p",
            str(tmp_path),
            "-c",
            str(tmp_path / "nginx.conf"),
            "-e",
            str(tmp_path / "error.log"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
