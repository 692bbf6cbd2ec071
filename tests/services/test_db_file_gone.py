"""A deleted or replaced SQLite file is refused before any write (no silent saving into a ghost)."""

from __future__ import annotations

import shutil

import pytest

from annotator.core.errors import StorageError


def test_write_refused_when_file_deleted(project, db_path):
    project.annotator("lan")  # fine while the file is there
    db_path.unlink()
    with pytest.raises(StorageError, match="is gone"):
        project.annotator("minh")


def test_write_refused_when_file_replaced(project, db_path, tmp_path):
    copy = tmp_path / "copy.sqlite3"
    shutil.copy(db_path, copy)
    db_path.unlink()
    shutil.copy(copy, db_path)  # same name, another file
    with pytest.raises(StorageError, match="replaced"):
        project.annotator("minh")
