"""The window and a PostgreSQL server that restarts (issue 11 item 6): the edit made while it is
down shows ✖ NOT SAVED and is not in the article; the status bar says the server cannot be reached
and, by itself, that it is back; the next edit is saved without reopening anything."""

from __future__ import annotations

import pytest
from pg_server import Server, missing

from annotator.core.commands import AddSpan
from annotator.core.document import Span
from annotator.core.tokenize import tokenize
from annotator.services.project import Project

pytestmark = pytest.mark.skipif(missing() is not None, reason=missing() or "")


def _words(text: str) -> list[Span]:
    return [Span(a, b, "LOC_VN") for a, b in tokenize(text) if b - a >= 2 and text[a:b].isalpha()]


@pytest.fixture
def server():
    s = Server.started()
    yield s
    s.remove()


def test_window_refuses_the_edit_while_down_and_reconnects_by_itself(qtbot, server, make_window) -> None:
    project = Project.open(server.url)
    try:
        window = make_window(project, "lan")
        assert window.live is not None
        session = window.session
        words = _words(session.document.text)
        assert window.edits.execute(AddSpan(words[0]))
        assert window.save_label.text().startswith("✔ Saved")

        server.stop()
        qtbot.waitUntil(lambda: not window.live.online, timeout=5000)
        assert "cannot be reached" in window.statusBar().currentMessage()
        assert not window.edits.execute(AddSpan(words[1]))
        assert window.save_label.text() == "✖ NOT SAVED"
        assert "cannot be reached" in window.save_label.toolTip()
        assert words[1] not in window.session.spans and words[0] in window.session.spans

        server.start()
        qtbot.waitUntil(lambda: window.live.online, timeout=10000)
        assert "again" in window.statusBar().currentMessage()
        assert window.edits.execute(AddSpan(words[2]))
        assert window.save_label.text().startswith("✔ Saved")
        other = Project.open(server.url)
        try:
            stored = other.open_annotation(window.session.document.id, other.annotator("lan")).spans
        finally:
            other.close()
        assert sorted(stored) == sorted(window.session.spans) == sorted([words[0], words[2]])
        window.close()
    finally:
        project.close()
