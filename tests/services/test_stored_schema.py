"""The schema stored in the database is read back without jsonschema (start-up), yet a broken one is reported."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from annotator.core.errors import SchemaError
from annotator.services.project import Project


def test_reading_the_stored_schema_does_not_import_jsonschema(project, db_path):
    code = (
        "import sys; from annotator.services.project import Project; "
        f"p = Project.open({str(db_path)!r}); print(len(p.schema.labels), 'jsonschema' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [str(len(project.schema.labels)), "False"]


def test_a_broken_stored_schema_is_reported(project, db_path):
    project.close()
    with sqlite3.connect(db_path) as con:
        # only a hand edit can break it (the tool stores validated schemas): one it cannot even build
        con.execute("UPDATE schema SET body = 'name: x\nversion: 1\nlanguage: vi\nlabels: 5\n' WHERE active")
    with pytest.raises(SchemaError, match="schema stored in"):
        Project.open(str(db_path)).schema  # noqa: B018
