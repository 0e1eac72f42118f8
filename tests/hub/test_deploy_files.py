"""The deployment files: valid YAML and Python with the parts the docs name, and no password written anywhere."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
K8S_DOC = ROOT / "docs" / "kubernetes.md"
VALUES = ROOT / "deploy" / "kubernetes" / "values.yaml"
HUB = ROOT / "deploy" / "jupyterhub"
#: a database URL with a password in it: scheme://user:password@host
PASSWORD_IN_URL = re.compile(r"\b(?:postgresql|mysql)[+\w]*://[^/@\s:\"']+:[^/@\s\"']+@")


def _manifests() -> list[dict]:
    blocks = re.findall(r"```yaml\n(.*?)```", K8S_DOC.read_text(), flags=re.S)
    assert blocks, "docs/kubernetes.md shows its manifests as yaml blocks"
    return [doc for block in blocks for doc in yaml.safe_load_all(block) if doc]


def test_values_file_is_valid_yaml_and_mounts_the_exchange_in_every_pod():
    values = yaml.safe_load(VALUES.read_text())
    single = values["singleuser"]
    volumes = {v["name"]: v for v in single["storage"]["extraVolumes"]}
    mounts = {m["name"]: m for m in single["storage"]["extraVolumeMounts"]}
    assert volumes["nbgrader-exchange"]["persistentVolumeClaim"]["claimName"] == "nbgrader-exchange"
    assert mounts["nbgrader-exchange"]["mountPath"] == single["extraEnv"]["NBGRADER_EXCHANGE_ROOT"]
    assert mounts["nbgrader-config"]["mountPath"] == "/etc/jupyter/nbgrader_config.py"
    assert single["extraEnv"]["CSWORKBOOK_GRADEBOOK_URL"].startswith("postgresql+psycopg://")
    for hook in values["hub"]["extraConfig"].values():
        compile(hook, "extraConfig", "exec")


def test_manifests_in_the_doc_are_valid_and_share_the_exchange_read_write_many():
    by_kind = {}
    for doc in _manifests():
        by_kind.setdefault(doc["kind"], {})[doc["metadata"]["name"]] = doc
    claims = by_kind["PersistentVolumeClaim"]
    assert claims["nbgrader-exchange"]["spec"]["accessModes"] == ["ReadWriteMany"]
    assert claims["csworkbook-course"]["spec"]["accessModes"] == ["ReadWriteMany"]
    student_config = by_kind["ConfigMap"]["csworkbook-nbgrader"]["data"]["nbgrader_config.py"]
    assert "NBGRADER_EXCHANGE_ROOT" in student_config
    job = by_kind["Job"]["grade-defection-cost"]["spec"]["template"]["spec"]
    container = job["containers"][0]
    assert container["command"][:3] == ["csworkbook", "grade", "defection_cost"]
    env = {e["name"]: e for e in container["env"]}
    assert env["PGPASSWORD"]["valueFrom"]["secretKeyRef"] == {"name": "csworkbook-gradebook", "key": "password"}
    assert job["automountServiceAccountToken"] is False
    assert {v["persistentVolumeClaim"]["claimName"] for v in job["volumes"]} == {"csworkbook-course"}


def test_the_doc_states_the_shared_filesystem_limit():
    text = K8S_DOC.read_text()
    assert "ReadWriteMany" in text and "needs one shared filesystem across all nodes" in text
    assert "same user (`jovyan`, uid 1000)" in text


@pytest.mark.parametrize("name", ["jupyterhub_config.py", "nbgrader_config_student.py",
                                  "nbgrader_config_instructor.py"])
def test_hub_configs_load(name, monkeypatch):
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    monkeypatch.setenv("NBGRADER_EXCHANGE_ROOT", "/tmp/exchange-x")
    if name == "nbgrader_config_instructor.py":  # a block appended to a course config that defines ``c``
        namespace = {"c": Config()}
        exec(compile((HUB / name).read_text(), name, "exec"), namespace)
        config = namespace["c"]
        assert config.CourseDirectory.db_url == "postgresql+psycopg://grader@db.example.org:5432/csworkbook"
    else:
        config = PyFileConfigLoader(name, path=str(HUB)).load_config()
    if name == "jupyterhub_config.py":
        assert config.JupyterHub.spawner_class == "localprocess"
        assert "NBGRADER_EXCHANGE_ROOT" in config.Spawner.env_keep.to_dict()["extend"]
    else:
        assert config.Exchange.root == "/tmp/exchange-x"


def test_no_password_is_written_into_a_database_url():
    files = [ROOT / "README.md", K8S_DOC, VALUES, *HUB.iterdir()]
    for path in files:
        found = PASSWORD_IN_URL.findall(path.read_text())
        assert not found, f"{path.relative_to(ROOT)} writes a password into a URL: {found}"


def test_readme_sets_up_a_hub_in_five_steps_or_fewer_pointing_at_deploy():
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("### On a hub in five steps or fewer"):readme.index("<!-- instructors:end -->")]
    steps = re.findall(r"^(\d+)\. ", section, flags=re.M)
    assert steps and len(steps) <= 5 and steps == [str(n) for n in range(1, len(steps) + 1)]
    assert "deploy/jupyterhub/" in section and "docs/kubernetes.md" in section
    assert ".pgpass" in section
