"""The package as a whole: content data, the console script, import cost, Binder environment."""
from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from csworkbook import content
from csworkbook.instructor import doctor

ROOT = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------- content


@pytest.mark.parametrize("name, count", [
    ("POSITIVE", 8), ("NONVERBAL", 4), ("POOR_IMAGE_CONSEQUENCES", 5), ("RELATIONSHIP_TECHNIQUES", 5),
    ("FOUR_TIPS", 4), ("LOYALTY_STRATEGIES", 3), ("RECOVERY_STRATEGIES", 7), ("COMMUNICATION_STRATEGIES", 4),
    ("RELATIONSHIP_ORIENTED_COUNTRIES", 11), ("DEFINITION_PARTS", 4),
])
def test_lists_have_the_taught_length(name, count):
    assert len(getattr(content, name)) == count


def test_positive_spells_positive_and_every_item_is_sourced():
    assert "".join(b.letter for b in content.POSITIVE) == "POSITIVE"
    for table in (content.POSITIVE, content.NONVERBAL, content.RECOVERY_STRATEGIES, content.LOYALTY_STRATEGIES,
                  content.COMMUNICATION_STRATEGIES, content.FOUR_TIPS, content.RELATIONSHIP_TECHNIQUES,
                  content.EMOTION_REDUCING_MOVES, content.POOR_IMAGE_CONSEQUENCES, content.DEFINITION_PARTS):
        keys = [item.key for item in table]
        assert len(keys) == len(set(keys))
        for item in table:
            assert item.source.title and item.name and item.explanation


def test_content_is_immutable():
    with pytest.raises(dataclasses.FrozenInstanceError):
        content.POSITIVE[0].name = "changed"  # type: ignore[misc]
    assert isinstance(content.POSITIVE, tuple)


def test_ecommerce_figures_and_their_source():
    assert (content.ECOMMERCE_2012.value, content.ECOMMERCE_2017.value) == (225.5, 434.2)
    assert content.ECOMMERCE_2017.unit == "billion USD"
    assert "forecast" in content.ECOMMERCE_2017.explanation
    assert content.ECOMMERCE_2017.source.year == 2013


def test_unknown_source_lists_known_ones():
    with pytest.raises(KeyError, match="known sources"):
        content.source("nope")


# --------------------------------------------------------------------------- command line


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    return subprocess.run([sys.executable, "-m", "csworkbook", *args], capture_output=True, text=True, env=env,
                          timeout=300)


def test_version():
    proc = _run("--version")
    assert proc.returncode == 0 and proc.stdout.strip().startswith("csworkbook 0.")


def test_doctor_passes_on_this_installation():
    proc = _run("doctor")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "@jupyter-widgets/jupyterlab-manager: enabled" in proc.stdout
    assert "@jupyter/nbgrader: enabled" in proc.stdout


def test_doctor_reports_disabled_and_missing_extensions_with_a_fix():
    lab = "JupyterLab v4.6.6\n  @jupyter-widgets/jupyterlab-manager v5.0.16 disabled OK\n"
    server = "    nbgrader.server_extensions.formgrader enabled\n"
    checks = {c.name: c for c in doctor.check_extensions(lab, server)}
    widget = checks["@jupyter-widgets/jupyterlab-manager"]
    assert not widget.ok and "disabled" in widget.detail and widget.fix
    assert not checks["@jupyter/nbgrader"].ok and "not found" in checks["@jupyter/nbgrader"].detail
    assert checks["nbgrader.server_extensions.formgrader"].ok
    assert not checks["nbgrader.server_extensions.validate_assignment"].ok


# --------------------------------------------------------------------------- import cost


def test_importing_the_package_loads_neither_matplotlib_nor_nbgrader():
    code = ("import sys, csworkbook, csworkbook.content, csworkbook.calculators, csworkbook.journal, csworkbook.cli;"
            "csworkbook.cli.build_parser();"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'nbgrader')))")
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
    imported = {line.split("|")[-1].strip() for line in proc.stderr.splitlines() if "|" in line}
    assert "csworkbook.content" in imported
    assert not {m for m in imported if m.startswith(("matplotlib", "nbgrader"))}


# --------------------------------------------------------------------------- Binder


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _binder_pip() -> list[str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_sections = [d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert len(pip_sections) == 1
    return pip_sections[0]


def test_binder_environment_names_exactly_the_runtime_requirements():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "conda-forge" in env["channels"]
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    assert any(d.startswith("python") for d in conda) and "pip" in conda
    assert sorted(_binder_pip()) == sorted(_pyproject()["project"]["dependencies"])


def test_binder_post_build_installs_the_package():
    post = (ROOT / "postBuild").read_text()
    assert os.access(ROOT / "postBuild", os.X_OK)
    assert "pip install" in post and " -e ." in post
    assert not (ROOT / "binder").exists(), "a binder/ folder would make repo2docker ignore the top-level files"


def test_readme_binder_badge_opens_the_first_notebook():
    readme = (ROOT / "README.md").read_text()
    assert "mybinder.org/badge_logo.svg" in readme
    assert "urlpath=lab/tree/notebooks/00_start_here.ipynb" in readme
    assert (ROOT / "notebooks" / "00_start_here.ipynb").exists()


def test_binder_requirements_resolve_with_pip(tmp_path):
    """pip can resolve and fetch what environment.yml names (a dry run, into an empty target)."""
    req = tmp_path / "binder-requirements.txt"
    req.write_text("\n".join(_binder_pip()) + "\n")
    proc = subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
                           "--report", str(tmp_path / "report.json"), "-r", str(req)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    import json

    names = {item["metadata"]["name"].lower() for item in json.loads((tmp_path / "report.json").read_text())["install"]}
    assert {"jupyterlab", "ipywidgets", "nbgrader", "matplotlib"} <= names


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "python3 tasks.py test" in readme and "python3 tasks.py start" in readme
    assert "\npython3 tasks.py test\n" in ci
    assert "seed_overlap.py" in ci
