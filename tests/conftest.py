"""Shared fixtures: a real SQLite file per test, the default schema, the bundled corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from annotator.core.schema import Schema, default_schema
from annotator.services.project import Project


@pytest.fixture(scope="session")
def schema() -> Schema:
    return default_schema()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sqlite3"


@pytest.fixture
def project(db_path: Path):
    """A new database with the default schema and the bundled corpus (5 articles)."""
    p = Project.open(str(db_path))
    yield p
    p.close()


@pytest.fixture
def empty_project(db_path: Path):
    """A new database with the default schema and no documents."""
    p = Project.open(str(db_path), initialize="schema")
    yield p
    p.close()
