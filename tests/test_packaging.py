"""The project installs, deploys and runs in CI the way the README says."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
CI_RUN = ROOT / ".ci" / "run"
STREAMLIT_CONFIG = ROOT / ".streamlit" / "config.toml"


def _section(markdown: str, heading: str) -> str:
    """Body of the level-2 section whose heading starts with ``heading``."""
    match = re.search(rf"^## {re.escape(heading)}.*?$(.*?)(?=^## |\Z)", markdown, re.M | re.S)
    assert match, f"README has no '## {heading}' section"
    return match.group(1)


def _code_blocks(text: str) -> list[list[str]]:
    blocks = re.findall(r"^```(?:bash|sh|console)?\n(.*?)^```", text, re.M | re.S)
    return [[line for line in b.splitlines() if line.strip()] for b in blocks]


def _quick_start_commands() -> tuple[str, str]:
    blocks = _code_blocks(_section(README.read_text(encoding="utf-8"), "Quick start"))
    assert len(blocks) == 2, "Quick start must show exactly two commands"
    for block in blocks:
        assert len(block) == 1, f"each Quick start command must be one line, got {block}"
    start, test = blocks[0][0], blocks[1][0]
    return start, test


def test_readme_start_command_installs_and_runs_the_app():
    start, _ = _quick_start_commands()
    assert start.startswith("python3 -m venv .venv && ")
    assert "pip install -e ." in start
    assert start.endswith("streamlit run app.py")


def test_readme_test_command_installs_test_extras_and_runs_pytest():
    _, test = _quick_start_commands()
    assert test.startswith("python3 -m venv .venv && ")
    assert 'pip install -e ".[test]"' in test
    assert "-m pytest" in test


def test_ci_runs_exactly_the_readme_test_command():
    _, test = _quick_start_commands()
    ci_lines = [line.strip() for line in CI_RUN.read_text(encoding="utf-8").splitlines()]
    assert test in ci_lines, f".ci/run must contain this README line verbatim:\n{test}"


def test_readme_tests_section_repeats_the_same_command():
    _, test = _quick_start_commands()
    assert test in _section(README.read_text(encoding="utf-8"), "Tests")


def test_readme_mentions_chromium_for_browser_tests():
    text = README.read_text(encoding="utf-8")
    assert "apt-get install -y chromium" in text
    assert "/usr/bin/chromium" in text


def test_ci_run_is_strict_bash_and_executable():
    text = CI_RUN.read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env bash\n") or text.startswith("#!/bin/bash\n")
    assert "set -euo pipefail" in text
    assert "ruff check ." in text
    assert "ruff format --check ." in text
    assert os.access(CI_RUN, os.X_OK), ".ci/run is not executable"
    subprocess.run(["bash", "-n", str(CI_RUN)], check=True)


def test_ci_run_is_executable_in_git():
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("no .git here; .ci/run checks the mode before it copies the tree")
    out = subprocess.run(
        ["git", "ls-files", "--stage", "--", ".ci/run"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if not out:
        pytest.skip(".ci/run is not committed yet")
    assert out.split()[0] == "100755", f".ci/run must have mode 100755 in git, got: {out}"


def test_requirements_txt_installs_the_package():
    lines = [
        line.strip()
        for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]
    assert "-e ." in lines


@pytest.mark.parametrize(
    "name", ["uv.lock", "Pipfile", "Pipfile.lock", "environment.yml", "environment.yaml"]
)
def test_no_dependency_file_that_community_cloud_would_prefer(name):
    # Community Cloud takes the first of uv.lock, Pipfile, environment.yml,
    # requirements.txt, pyproject.toml; any of these would hide requirements.txt.
    assert not (ROOT / name).exists(), f"{name} would shadow requirements.txt on Community Cloud"


def _flatten(table: dict, prefix: str = "") -> dict[str, object]:
    flat = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


def _streamlit_config() -> dict:
    with STREAMLIT_CONFIG.open("rb") as f:
        return tomllib.load(f)


def test_streamlit_config_keeps_protections_and_limits():
    cfg = _streamlit_config()
    assert cfg["server"]["enableXsrfProtection"] is True
    assert cfg["server"].get("enableCORS", True) is True
    assert 1 <= cfg["server"]["maxUploadSize"] <= 50
    assert cfg["browser"]["gatherUsageStats"] is False
    assert cfg["theme"]["base"] == "light"


def test_streamlit_config_uses_only_known_options():
    from streamlit import config as st_config

    known = st_config._config_options_template
    unknown = [k for k in _flatten(_streamlit_config()) if k not in known]
    assert not unknown, f"not Streamlit options (see `streamlit config show`): {unknown}"


def test_streamlit_client_options_have_valid_values():
    client = _streamlit_config().get("client", {})
    if "toolbarMode" in client:
        assert client["toolbarMode"] in {"auto", "developer", "viewer", "minimal"}
    if "showErrorDetails" in client:
        assert client["showErrorDetails"] in {"full", "stacktrace", "type", "none"}


def test_pyproject_python_version_and_console_script():
    with (ROOT / "pyproject.toml").open("rb") as f:
        project = tomllib.load(f)["project"]
    spec = SpecifierSet(project["requires-python"])
    assert "3.11" in spec
    assert "3.10" not in spec
    assert project["scripts"]["dashlib"] == "dashlib.cli:main"
    assert "test" in project["optional-dependencies"]
    test_extra = " ".join(project["optional-dependencies"]["test"])
    for tool in ("pytest", "pytest-xdist", "playwright", "ruff"):
        assert tool in test_extra
