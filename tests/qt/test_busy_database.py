"""Another program holds the SQLite write lock: the window waits without freezing.

A second, real `sqlite3` connection takes the lock (`BEGIN IMMEDIATE`) and holds it; the window is
driven with real key presses and the result is read back from the SQLite file.
"""

from __future__ import annotations

import itertools
import sqlite3
import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from qt_helpers import db_spans, drag, find

from annotator.qt.actions import FIRST_ATTEMPT_MS
from annotator.qt.widgets.save_status import WAITING_TEXT

INDICATOR_WITHIN_S = 0.2


class PaintCounter(QObject):
    """Counts paint events of a widget, and when the first one after `arm()` happened."""

    def __init__(self, widget) -> None:
        super().__init__(widget)
        self.count = 0
        self.armed_at: float | None = None
        self.first_after_arm: float | None = None
        widget.installEventFilter(self)

    def arm(self) -> None:
        self.armed_at, self.first_after_arm = time.perf_counter(), None

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
            if self.armed_at is not None and self.first_after_arm is None:
                self.first_after_arm = time.perf_counter()
        return False


def hold_write_lock(db_path) -> sqlite3.Connection:
    """Another program takes the database's write lock and keeps it until `ROLLBACK`."""
    other = sqlite3.connect(db_path, isolation_level=None, timeout=0)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE annotator SET name = name")  # it is really writing
    return other


def test_edit_waits_for_the_lock_and_the_window_stays_responsive(qtbot, project, db_path, make_window):
    window = make_window(project)
    view = window.article_view
    text = window.session.document.text
    start, end = find(text, "Phan Văn Đăng")
    drag(qtbot, view, start, end)
    label_paints = PaintCounter(window.save_label)
    view_paints = PaintCounter(view.viewport())
    ticks: list[float] = []
    ticker = QTimer(window, interval=10)
    ticker.timeout.connect(lambda: ticks.append(time.perf_counter()))
    ticker.start()

    other = hold_write_lock(db_path)
    try:
        label_paints.arm()
        t0 = time.perf_counter()
        qtbot.keyClick(view, Qt.Key.Key_1)
        blocked = time.perf_counter() - t0  # the key press returned: the GUI thread is free again
        qtbot.waitUntil(lambda: window.save_label.text() == WAITING_TEXT, timeout=200)
        qtbot.waitUntil(lambda: label_paints.first_after_arm is not None, timeout=200)
        shown = label_paints.first_after_arm - t0
        assert shown < INDICATOR_WITHIN_S, f"waiting indicator painted after {shown * 1000:.0f} ms"
        assert blocked < (FIRST_ATTEMPT_MS + 80) / 1000
        print(f"key press returned after {blocked * 1000:.0f} ms; indicator painted after {shown * 1000:.0f} ms")

        # while it waits, the event loop runs: timers fire, the article repaints, and nothing is shown
        ticks.clear()
        before_paints = view_paints.count
        view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 2)
        view.viewport().update()
        qtbot.wait(600)
        assert len(ticks) >= 20, f"only {len(ticks)} timer ticks in 600 ms"
        assert max(b - a for a, b in itertools.pairwise(ticks)) < 0.1  # no long stall
        assert view_paints.count > before_paints
        assert window.save_label.text() == WAITING_TEXT and "Saved" not in window.save_label.text()
        assert db_spans(db_path) == []
        assert len(window.layer) == 0 and window.span_model.rowCount() == 0
        assert len(window.edits.history) == 0
        assert view.selection_range() == (start, end)  # the selection stays until it is saved

        # a second edit while the first waits is refused, not queued behind it
        window.statusBar().clearMessage()
        qtbot.keyClick(view, Qt.Key.Key_2)
        assert "still waiting for the database" in window.statusBar().currentMessage()
        # and the document stays open (the waiting edit belongs to it)
        doc = window.document_id
        window.statusBar().clearMessage()
        qtbot.keyClick(view, Qt.Key.Key_N)
        assert window.document_id == doc
        assert "still waiting for the database" in window.statusBar().currentMessage()
    finally:
        other.execute("ROLLBACK")  # the other program is done
        other.close()
        ticker.stop()

    qtbot.waitUntil(lambda: "✔ Saved" in window.save_label.text(), timeout=2000)
    assert db_spans(db_path) == [(start, end, "PER_VN")]  # only the first edit, once
    assert [s.key for s in window.layer.spans()] == [(start, end, "PER_VN")]
    assert window.span_model.rowCount() == 1
    assert len(window.edits.history) == 1
    assert view.selected_span is not None and view.selected_span.key == (start, end, "PER_VN")
    assert window.last_error is None
    # and everything works as before: undo is saved at once
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert db_spans(db_path) == []
    assert window.edits.history.index == 0


def test_lock_held_past_the_patience_is_not_saved(qtbot, project, db_path, make_window):
    window = make_window(project)
    view = window.article_view
    # the window is as patient as every other writer: the engine's busy timeout
    assert window.writes.patience_ms == project.db.busy_timeout_ms == 5000
    start, end = find(window.session.document.text, "Trần Hải Linh")
    drag(qtbot, view, start, end)
    other = hold_write_lock(db_path)
    try:
        t0 = time.perf_counter()
        qtbot.keyClick(view, Qt.Key.Key_1)
        qtbot.waitUntil(lambda: window.save_label.text() == WAITING_TEXT, timeout=200)
        qtbot.waitUntil(lambda: "NOT SAVED" in window.save_label.text(), timeout=7000)
        gave_up = time.perf_counter() - t0
        assert 4.9 <= gave_up <= 6.0, f"gave up after {gave_up:.2f} s"
        assert "locked" in window.last_error and "gave up after waiting" in window.last_error
        assert len(window.layer) == 0 and window.span_model.rowCount() == 0
        assert len(window.edits.history) == 0
        assert view.selection_range() == (start, end)  # kept: the user can simply try again
        assert not window.writes.busy
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert db_spans(db_path) == []
    window.error_box.done(0)
    qtbot.keyClick(view, Qt.Key.Key_1)  # the lock is gone: saved at once
    assert db_spans(db_path) == [(start, end, "PER_VN")]
    assert "✔ Saved" in window.save_label.text()


def test_done_and_next_waits_then_opens_the_next_document(qtbot, project, db_path, make_window):
    window = make_window(project)
    first = window.document_id
    other = hold_write_lock(db_path)
    try:
        qtbot.keyClick(window.article_view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: window.save_label.text() == WAITING_TEXT, timeout=200)
        qtbot.wait(200)
        assert window.document_id == first  # not marked yet, so not moved on
    finally:
        other.execute("ROLLBACK")
        other.close()
    qtbot.waitUntil(lambda: window.document_id != first, timeout=2000)
    with sqlite3.connect(db_path) as con:
        status = con.execute(
            "SELECT a.status FROM annotation_set a JOIN annotator u ON u.id = a.annotator_id "
            "WHERE u.name = 'lan' AND a.document_id = ?", (first,)
        ).fetchone()
    assert status == ("done",)
