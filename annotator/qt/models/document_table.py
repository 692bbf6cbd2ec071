"""The document list: fetched lazily page by page, so 100,000 articles open as fast as five.

Two views of the same list: the annotator's own (status, span count; id order, from the project),
and, in review mode, the review state of each document (`set_review`): "3 conflicts", "to merge",
"waiting", "adjudicated", "unannotated", in the reviewer's order (conflicts first). The review
rows come from `Review.worklist`, i.e. from the cache the review service keeps for its progress
figures, so switching to them does not review the corpus a second time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from annotator.core.document import Annotator, DocumentSummary, Status
from annotator.qt.i18n import arg, translate
from annotator.qt.models.base import ColumnTableModel

# English; shown through `translate("DocumentTable", …)` (status_text, review_text)
STATUS_TEXT = {
    Status.TODO: QT_TRANSLATE_NOOP("DocumentTable", "todo"),
    Status.IN_PROGRESS: QT_TRANSLATE_NOOP("DocumentTable", "in progress"),
    Status.DONE: QT_TRANSLATE_NOOP("DocumentTable", "done"),
    Status.SKIPPED: QT_TRANSLATE_NOOP("DocumentTable", "skipped"),
}
# review states (`annotator.services.review.REVIEW_ORDER`, the reviewer's order) as the list shows them
REVIEW_TEXT = {
    "conflicts": QT_TRANSLATE_NOOP("DocumentTable", "conflicts"),
    "to merge": QT_TRANSLATE_NOOP("DocumentTable", "to merge"),
    "waiting": QT_TRANSLATE_NOOP("DocumentTable", "waiting"),
    "done": QT_TRANSLATE_NOOP("DocumentTable", "adjudicated"),
    "unannotated": QT_TRANSLATE_NOOP("DocumentTable", "unannotated"),
}
REVIEW_HELP = {
    "conflicts": QT_TRANSLATE_NOOP("DocumentTable", "open conflicts left: the reviewer decides (A / X)"),
    "to merge": QT_TRANSLATE_NOOP("DocumentTable",
                                  "no conflict left, but a merge would still add what the annotators agree on (Ctrl+M)"),
    "waiting": QT_TRANSLATE_NOOP("DocumentTable", "annotators are working on it; nobody has finished it yet"),
    "done": QT_TRANSLATE_NOOP("DocumentTable", "adjudicated: gold is complete, nothing left to decide"),
    "unannotated": QT_TRANSLATE_NOOP("DocumentTable", "nobody has annotated it yet"),
}
REVIEW_COLORS = {"conflicts": "#fecaca", "to merge": "#cffafe", "waiting": "#fef3c7", "done": "#dcfce7"}
PAGE = 200
_Index = QModelIndex | QPersistentModelIndex


if TYPE_CHECKING:
    pass

ReviewRow = "DocumentReview"  # a row of the list in review mode (annotator.services.review.DocumentReview)


class ReviewSource(Protocol):
    """`annotator.services.review.Review` as the list uses it (kept abstract: no numpy at start-up)."""

    def worklist(self, text: str | None = None, state: str | None = None) -> list: ...


def status_text(status: Status) -> str:
    """The annotator's status of a document, in the window's language."""
    return translate("DocumentTable", STATUS_TEXT[status])


def review_help(state: str) -> str:
    return translate("DocumentTable", REVIEW_HELP[state]) if state in REVIEW_HELP else ""


def review_text(row: ReviewRow) -> str:
    if row.state == "conflicts":
        n = row.conflicts_left
        return arg(translate("DocumentTable", "%1 conflict") if n == 1 else translate("DocumentTable", "%1 conflicts"), n)
    return translate("DocumentTable", REVIEW_TEXT[row.state]) if row.state in REVIEW_TEXT else row.state


class DocumentTableModel(ColumnTableModel):
    COLUMNS = (QT_TRANSLATE_NOOP("Columns", "Title"), QT_TRANSLATE_NOOP("Columns", "Status"),
               QT_TRANSLATE_NOOP("Columns", "Spans"))
    REVIEW_COLUMNS = (QT_TRANSLATE_NOOP("Columns", "Title"), QT_TRANSLATE_NOOP("Columns", "Review"),
                      QT_TRANSLATE_NOOP("Columns", "Done"))
    DocumentIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, project, annotator: Annotator | None, parent=None, page: int = PAGE) -> None:
        super().__init__(parent)
        self.project = project
        self.annotator = annotator
        self.page = page
        self.text: str | None = None
        self.status: Status | None = None
        self.review: ReviewSource | None = None
        self.review_state: str | None = None
        self._rows: list[DocumentSummary] = []
        self._review_rows: list[ReviewRow] = []  # review mode: every row, in order; _rows is unused
        self._shown = 0  # review mode: how many of them are fetched
        self._row_of: dict[int, int] = {}
        self._total = 0
        self._fetching = False
        self.refresh()

    # -- filtering ------------------------------------------------------------------------------
    def set_filter(self, text: str | None = None, status: Status | str | None = None) -> None:
        """Filter by text and by status: the annotator's `Status`, or in review mode a review state."""
        self.text = text or None
        if self.review is not None:
            self.review_state = str(status) if status else None
        else:
            self.status = Status(status) if status else None
        self.refresh()

    def set_annotator(self, annotator: Annotator | None) -> None:
        self.annotator = annotator
        self.refresh()

    def set_review(self, review: ReviewSource | None) -> None:
        """Show the review states (`review`: the `Review` service), or the annotator's own (None)."""
        before = self.review, self.review_state
        self.review, self.review_state = review, None
        try:
            self.refresh()
        except Exception:
            self.review, self.review_state = before  # the rows shown are still the previous ones
            raise
        self.COLUMNS = self.REVIEW_COLUMNS if review is not None else type(self).COLUMNS
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.COLUMNS) - 1)

    @property
    def in_review(self) -> bool:
        return self.review is not None

    def refresh(self) -> None:
        # read first: a database error leaves the model as it was (not half reset)
        if self.review is not None:
            review_rows = list(self.review.worklist(self.text, self.review_state))
            rows: list[DocumentSummary] = []
            total = len(review_rows)
            shown = min(self.page, total)
            row_of = {r.document_id: i for i, r in enumerate(review_rows[:shown])}
        else:
            review_rows, shown = [], 0
            total, rows = self.project.documents.first_page(self.annotator, self.text, self.status, self.page)
            row_of = {d.id: i for i, d in enumerate(rows)}
        self.beginResetModel()
        self._rows, self._review_rows, self._shown = rows, review_rows, shown
        self._total, self._row_of = total, row_of
        self.endResetModel()

    @property
    def total(self) -> int:
        return self._total

    # -- lazy fetching --------------------------------------------------------------------------
    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self.row_count() < self._total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._fetching:
            return  # views may ask again from inside beginInsertRows
        self._fetching = True
        try:
            self._fetch_page()
        finally:
            self._fetching = False

    def _fetch_page(self) -> None:
        if self.review is not None:
            first, last = self._shown, min(self._shown + self.page, len(self._review_rows))
            if last <= first:
                return
            self.beginInsertRows(QModelIndex(), first, last - 1)
            for i in range(first, last):
                self._row_of[self._review_rows[i].document_id] = i
            self._shown = last
            self.endInsertRows()
            return
        more = self.project.documents.page(self.annotator, self.text, self.status, len(self._rows), self.page)
        more = [d for d in more if d.id not in self._row_of]
        if not more:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        for i, d in enumerate(more):
            self._row_of[d.id] = first + i
        self._rows.extend(more)
        self.endInsertRows()

    # -- reading --------------------------------------------------------------------------------
    def row_count(self) -> int:
        return self._shown if self.review is not None else len(self._rows)

    def data(self, index: _Index, role: int = 0):
        role = int(role)
        if role not in _ROLES:
            return None
        row = index.row()
        if not 0 <= row < self.row_count():
            return None
        if self.review is not None:
            return self._review_data(self._review_rows[row], index.column(), role)
        d = self._rows[row]
        col = index.column()
        if role == _DISPLAY:
            return (d.title, status_text(d.status), d.span_count)[col]
        if role == _TOOLTIP and col == 0:
            return arg(translate("DocumentTable", "%1\n%2 · %3 characters"), d.title, d.uid, f"{d.length:,}")
        if role == _ALIGN and col == 2:
            return int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
        if role == _DOC_ID:
            return d.id
        return None

    def _review_data(self, r: ReviewRow, col: int, role: int):
        if role == _DISPLAY:
            if col == 0:
                return r.title
            if col == 1:
                return review_text(r)
            return f"{r.finished}/{r.participants}" if r.participants else ""
        if role == _TOOLTIP:
            if col == 0:
                return r.title
            if col == 1:
                return f"{review_text(r)}: {review_help(r.state)}"
            return arg(translate("DocumentTable", "%1 of %2 annotator(s) finished it · %3 candidate(s) · "
                                 "%4 open conflict(s) · %5 gold span(s)"),
                       r.finished, r.participants, r.candidates, r.conflicts_left, r.gold_spans)
        if role == _ALIGN and col == 2:
            return int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
        if role == _BACKGROUND and col == 1 and r.state in REVIEW_COLORS:
            return QBrush(QColor(REVIEW_COLORS[r.state]))
        if role == _FOREGROUND and col == 1 and r.state in REVIEW_COLORS:
            return QBrush(QColor("#111827"))
        if role == _DOC_ID:
            return r.document_id
        return None

    def document_id(self, row: int) -> int:
        return self._review_rows[row].document_id if self.review is not None else self._rows[row].id

    def summary(self, row: int) -> DocumentSummary:
        return self._rows[row]

    def review_row(self, row: int) -> ReviewRow:
        return self._review_rows[row]

    def row_of(self, document_id: int) -> int | None:
        return self._row_of.get(document_id)

    def fetched_ids(self) -> list[int]:
        """The ids of the rows fetched so far, in list order."""
        if self.review is not None:
            return [r.document_id for r in self._review_rows[: self._shown]]
        return [d.id for d in self._rows]

    def update_review(self, rows) -> list[int]:
        """Show new review states of documents (after a decision, a refresh or live: other
        people's progress), in place: the rows keep their places until the list is filtered or
        opened again. Returns the list rows that changed."""
        if self.review is None:
            return []
        changed = []
        for r in rows:
            row = self._row_of.get(r.document_id)
            if row is not None and self._review_rows[row] != r:
                self._review_rows[row] = r
                changed.append(row)
        if changed:
            self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), len(self.COLUMNS) - 1))
        return changed

    def update_document(self, document_id: int, status: Status, span_count: int) -> None:
        """Show a document's new status / span count (after an edit), without refetching."""
        self.update_documents({document_id: (status, span_count)})

    def update_documents(self, rows: dict[int, tuple[Status, int]]) -> list[int]:
        """Show new statuses / span counts of documents (an edit here, or live: other windows'),
        in place; rows not fetched, or unchanged, are left alone (no repaint). Returns the list
        rows that changed."""
        if self.review is not None:
            return []  # review mode shows review states; the annotator's come back with a refresh
        changed = []
        for document_id, (status, span_count) in rows.items():
            row = self._row_of.get(document_id)
            if row is None:
                continue
            old = self._rows[row]
            if old.status == Status(status) and old.span_count == span_count:
                continue
            self._rows[row] = DocumentSummary(old.id, old.uid, old.title, old.length, Status(status), span_count)
            changed.append(row)
        for row in changed:  # one signal per row: a few rows far apart repaint only themselves
            self.dataChanged.emit(self.index(row, 1), self.index(row, 2))
        return changed


_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole.value)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_DOC_ID = int(DocumentTableModel.DocumentIdRole)
_ROLES = frozenset((_DISPLAY, _TOOLTIP, _ALIGN, _DOC_ID, _BACKGROUND, _FOREGROUND))
