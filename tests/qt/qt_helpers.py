"""Drive the article view with real mouse and keyboard events, in code-point offsets."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication


def caret_point(view, offset: int) -> QPoint:
    """Viewport point of the caret before code point `offset`."""
    return view.caret_rect(offset).center()


def char_point(view, offset: int) -> QPoint:
    """Viewport point in the middle of the glyph of the character at `offset`."""
    return view.char_rect(offset).center().toPoint()


def reveal(view, offset: int) -> None:
    view.reveal(offset, center=True)
    QApplication.processEvents()


def drag(qtbot, view, start: int, end: int) -> None:
    """Press at the caret before `start`, move with the button held, release before `end`."""
    reveal(view, start)
    vp = view.viewport()
    p1, p2 = caret_point(view, start), caret_point(view, end)
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=p1)
    move = QMouseEvent(
        QEvent.Type.MouseMove, QPointF(p2), QPointF(vp.mapToGlobal(p2)),
        Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(vp, move)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=p2)


def click_char(qtbot, view, offset: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    reveal(view, offset)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, char_point(view, offset))


def find(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    pos = -1
    for _ in range(nth + 1):
        pos = text.find(phrase, pos + 1)
        assert pos >= 0, phrase
    return pos, pos + len(phrase)


def rows_of(db_path: Path, sql: str, *args) -> list[tuple]:
    """Rows of `sql` read straight from the SQLite file (not through the app)."""
    with sqlite3.connect(db_path) as con:
        return con.execute(sql, args).fetchall()


_SPAN = "SELECT s.start, s.\"end\", s.label{} FROM span s JOIN annotation_set a ON a.id = s.set_id "


def db_spans(db_path: Path, user: str = "lan") -> list[tuple[int, int, str]]:
    """Spans of `user` read straight from the SQLite file (not through the app)."""
    sql = _SPAN.format("") + "JOIN annotator u ON u.id = a.annotator_id WHERE u.name = ? ORDER BY s.start, s.\"end\", s.label"
    return [tuple(r) for r in rows_of(db_path, sql, user)]


def db_relations(db_path: Path, user: str = "lan") -> list[tuple[tuple[int, int, str], tuple[int, int, str], str]]:
    rows = rows_of(
        db_path,
        "SELECT h.start, h.\"end\", h.label, t.start, t.\"end\", t.label, r.label FROM relation r "
        "JOIN span h ON h.id = r.head_id JOIN span t ON t.id = r.tail_id "
        "JOIN annotation_set a ON a.id = r.set_id JOIN annotator u ON u.id = a.annotator_id WHERE u.name = ?",
        user,
    )
    return sorted(((r[0], r[1], r[2]), (r[3], r[4], r[5]), r[6]) for r in rows)


def db_status(db_path: Path, document_id: int, user: str = "lan") -> tuple[str, float] | None:
    rows = rows_of(
        db_path,
        "SELECT a.status, a.seconds FROM annotation_set a JOIN annotator u ON u.id = a.annotator_id "
        "WHERE u.name = ? AND a.document_id = ? AND a.kind = 'annotation'",
        user, document_id,
    )
    return None if not rows else (rows[0][0], rows[0][1])


def gold_rows(db_path: Path, document_id: int) -> dict[tuple[int, int, str], dict]:
    """The gold spans of a document straight from the SQLite file, with their provenance."""
    rows = rows_of(db_path, _SPAN.format(", s.meta") + "WHERE a.kind = 'gold' AND a.document_id = ?", document_id)
    return {(a, b, c): json.loads(m) if isinstance(m, str) else m for a, b, c, m in rows}
