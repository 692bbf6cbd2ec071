"""Preferences that belong to one database stay with it."""

from __future__ import annotations

from pathlib import Path

from annotator.services.project import Project


def test_last_document_is_remembered_per_database(make_window, project, tmp_path: Path):
    ids = project.documents.ids()
    first = make_window(project)
    first.open_document(ids[3])
    first.close()
    # another database of the same user: document ids there mean other articles
    other = Project.open(str(tmp_path / "other.sqlite3"))
    try:
        win = make_window(other)
        assert win.document_id == other.documents.ids()[0]  # not ids[3] of the first database
        win.close()
        # back on the first database: its own last document again
        again = make_window(project)
        assert again.document_id == ids[3]
    finally:
        other.close()
