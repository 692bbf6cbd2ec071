"""An edit repaints what changed: a few rows of the article, one row of the span list for a relabel."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from annotator.core.document import Span
from annotator.core.tokenize import TokenIndex


class _Paints(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.rects: list = []

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.rects += list(event.region())
        return False


def _settle() -> None:
    for _ in range(3):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def test_an_edit_repaints_a_few_rows_and_a_relabel_one_list_row(qtbot, project, make_window):
    window = make_window(project)
    view = window.article_view
    window.resize(1200, 900)
    _settle()
    tok = TokenIndex(view.text)
    paints = _Paints()
    view.viewport().installEventFilter(paints)
    model = window.span_model
    events: list[str] = []
    model.rowsInserted.connect(lambda *a: events.append("inserted"))
    model.rowsRemoved.connect(lambda *a: events.append("removed"))
    model.dataChanged.connect(lambda a, b, *r: events.append(f"changed {a.row()}-{b.row()}"))
    vh = view.viewport().height()
    for k in (10, 40, 70):  # words in the first paragraphs, in view
        start, end = tok.starts[k], tok.ends[k + 1]
        view.select_range(start, end)
        _settle()
        paints.rects.clear()
        events.clear()
        assert window.tagger.apply_label("PER_VN")
        _settle()
        assert events == ["inserted"]
        assert paints.rects and max(r.height() for r in paints.rects) < vh / 2, (paints.rects, vh)
        # relabel: the row stays where it is and is repainted alone
        row = model.row_of(Span(start, end, "PER_VN"))
        paints.rects.clear()
        events.clear()
        assert window.tagger.apply_label("ORG_VN")
        _settle()
        assert events == [f"changed {row}-{row}"]
        assert model.span_at(row) == Span(start, end, "ORG_VN")
        assert model.data(model.index(row, 1)) == "ORG_VN"
        assert paints.rects and max(r.height() for r in paints.rects) < vh / 2, (paints.rects, vh)
        # the list follows the session exactly
        assert [model.span_at(r) for r in range(model.rowCount())] == window.session.spans
