"""Shared fixtures: the real project, its built graph (built once), and throw-away copies of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def project():
    from kg.loading import Project
    return Project(ROOT)


@pytest.fixture(scope="session")
def built(project):
    """The note's graph, asserted + derived, built in memory once per test session."""
    from kg.build import build_graph
    kg, report = build_graph(project)
    return kg


@pytest.fixture()
def project_copy(tmp_path, monkeypatch):
    """A copy of the project's inputs in a temporary folder, selected with KG_ROOT."""
    for name in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.setenv("KG_ROOT", str(tmp_path))
    monkeypatch.setenv("KG_BUILD_DIR", str(tmp_path / "build"))
    from kg.loading import Project
    return Project(tmp_path)


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process; return (exit code, stdout, stderr)."""
    from kg.cli import main
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
