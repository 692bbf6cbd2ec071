"""The conflict list: each candidate, its state, and which annotator made which choice.

`ConflictTableModel` shows the candidates of one `Adjudication` (open conflicts only, or all), one
column per annotator with what that annotator made among the candidate and its rivals
(`Adjudication.choices`): ``✓ PER_VN`` = made this candidate, ``ORG_VN “Hiệp hội…”`` = made a
rival instead, ``—`` = made none of them. After a decision the rows are updated in place
(inserted / removed / changed rows, no model reset) so the selection survives.

With no rows the table keeps readable columns and says why it is empty ("No open conflicts in
this article", "Nobody has annotated this article yet", …) over its empty body.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.adjudication import Adjudication, Candidate, CandidateState
from annotator.core.document import describe_key
from annotator.core.text import short
from annotator.qt.i18n import arg, translate
from annotator.qt.review.layer import STATE_STYLES, state_name
from annotator.qt.widgets.tables import select_row

FIXED = (QT_TRANSLATE_NOOP("Columns", "State"), QT_TRANSLATE_NOOP("Columns", "Text"),
         QT_TRANSLATE_NOOP("Columns", "Label"))  # English; shown translated
MADE, RIVAL, NONE = "#dcfce7", "#fee2e2", "#f3f4f6"


def _same_place(a: Any, b: Any) -> bool:
    return a[:2] == b[:2]


@dataclass
class Row:
    key: Any
    kind: str
    state: str
    text: str
    label: str
    choices: list[tuple[str, str]]  # per participant: (cell text, background)
    decided_by: str
    tooltip: str


class ConflictTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._participants: tuple[str, ...] = ()
        self._finished: tuple[str, ...] = ()
        self._document_id: int | None = None
        self._candidates = 0
        self.open_only = True

    # -- content ----------------------------------------------------------------------------------
    def set_adjudication(self, adj: Adjudication | None, text: str = "") -> None:
        """Show `adj` (None: nothing). Same document and annotators: rows change in place."""
        rows = self._build(adj, text) if adj is not None else []
        self._candidates = len(adj.candidates) if adj is not None else 0
        same = (
            adj is not None
            and adj.document_id == self._document_id
            and adj.participants == self._participants
            and adj.finished == self._finished
        )
        if not same:
            self.beginResetModel()
            self._rows = rows
            self._document_id = adj.document_id if adj is not None else None
            self._participants = adj.participants if adj is not None else ()
            self._finished = adj.finished if adj is not None else ()
            self.endResetModel()
            return
        old = [r.key for r in self._rows]
        new = [r.key for r in rows]
        ops = SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
        for tag, i1, i2, j1, j2 in reversed(ops):
            if tag in ("delete", "replace"):
                self.beginRemoveRows(QModelIndex(), i1, i2 - 1)
                del self._rows[i1:i2]
                self.endRemoveRows()
            if tag in ("insert", "replace"):
                self.beginInsertRows(QModelIndex(), i1, i1 + (j2 - j1) - 1)
                self._rows[i1:i1] = rows[j1:j2]
                self.endInsertRows()
        changed = [i for i, r in enumerate(rows) if r != self._rows[i]]
        self._rows = rows
        if changed:
            self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), self.columnCount() - 1))

    def set_open_only(self, adj: Adjudication | None, text: str, open_only: bool) -> None:
        self.open_only = open_only
        self.set_adjudication(adj, text)

    def _build(self, adj: Adjudication, text: str) -> list[Row]:
        out = []
        for c in adj.conflicts() if self.open_only else adj.candidates:
            out.append(self._row(adj, c, text))
        return out

    def _row(self, adj: Adjudication, c: Candidate, text: str) -> Row:
        choices = adj.choices(c)
        cells = []
        tips = []
        for name in adj.participants:
            keys = choices.get(name, [])
            if not keys:
                cells.append(("—", NONE))
                tips.append(arg(translate("Conflicts", "%1: none of these"), name))
                continue
            parts = []
            for k in keys:
                if k == c.key:
                    parts.append(f"✓ {k[2]}")
                elif _same_place(k, c.key):
                    parts.append(k[2])
                else:
                    parts.append(describe_key(k, text))
            cells.append((", ".join(parts), MADE if c.key in keys else RIVAL))
            tips.append(f"{name}: " + "; ".join(describe_key(k, text) for k in keys))
        if c.kind == "span":
            shown = short(text[c.key[0] : c.key[1]], 60)
        else:
            shown = describe_key(c.key, text).rsplit(" ", 1)[0]
        conflicts = ", ".join(sorted(x.value for x in c.conflicts)) or translate("Conflicts", "none")
        tip = arg(translate("Conflicts", "%1\nstate: %2; conflicts: %3\nmade by: %4"), describe_key(c.key, text),
                  state_name(c.state), conflicts,
                  ", ".join(sorted(c.annotators)) or translate("Conflicts", "nobody (reviewer)"))
        tip += "\n" + "\n".join(tips)
        return Row(c.key, c.kind, c.state.value, shown, c.label, cells, c.decided_by or "", tip)

    # -- reading ----------------------------------------------------------------------------------
    def empty_text(self) -> str:
        """Why there are no rows (shown over the empty table); "" when there are rows."""
        if self._rows:
            return ""
        if self._document_id is None:
            return translate("Conflicts", "No document open.")
        if not self._participants:
            return translate("Conflicts", "Nobody has annotated this article yet: nothing to review here.")
        if self.open_only:
            if not self._finished:
                return translate("Conflicts", "No open conflicts in this article (no annotator has finished it yet).")
            return translate("Conflicts", "No open conflicts in this article. Ctrl+J opens the next document to adjudicate.")
        if not self._finished:
            return translate("Conflicts", "No candidates: the annotators working on this article have not marked anything yet.")
        return translate("Conflicts", "No candidates: the annotators who finished this article marked nothing.")

    def key_at(self, row: int) -> Any:
        return self._rows[row].key

    def row_of(self, key: Any) -> int | None:
        for i, r in enumerate(self._rows):
            if r.key == key:
                return i
        return None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FIXED) + len(self._participants) + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section < len(FIXED):
            return translate("Columns", FIXED[section])
        i = section - len(FIXED)
        if i < len(self._participants):
            name = self._participants[i]
            return name if name in self._finished else arg(translate("Conflicts", "%1 (not done)"), name)
        if section == self.columnCount() - 1:
            return translate("Conflicts", "Decided by")
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        r = self._rows[index.row()]
        col = index.column()
        n = len(self._participants)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return state_name(r.state)
            if col == 1:
                return r.text
            if col == 2:
                return r.label
            if col < len(FIXED) + n:
                return r.choices[col - len(FIXED)][0]
            return r.decided_by
        if role == Qt.ItemDataRole.BackgroundRole:
            if col == 0:
                return QBrush(QColor(STATE_STYLES[CandidateState(r.state)].color))
            if len(FIXED) <= col < len(FIXED) + n:
                return QBrush(QColor(r.choices[col - len(FIXED)][1]))
            return None
        if role == Qt.ItemDataRole.ForegroundRole and (col == 0 or len(FIXED) <= col < len(FIXED) + n):
            return QBrush(QColor("#111827"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return r.tooltip
        if role == Qt.ItemDataRole.UserRole:
            return r.key
        return None


# the narrowest a column gets (the header text alone would squeeze an empty table's columns)
MIN_WIDTHS = {"State": "disagreement", "Text": "Phó Chủ tịch Thường trực", "Label": "ORG_OTHER"}
ANNOTATOR_MIN = "“Bình Thuận” LOC_VN"
MAX_WIDTH = 320


class ConflictListWidget(QWidget):
    """The dock's content: "show" filter + the table; emits the key of a clicked candidate."""

    candidate_chosen = Signal(object)
    filter_changed = Signal(bool)  # open conflicts only?

    def __init__(self, model: ConflictTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        top = QHBoxLayout()
        top.addWidget(QLabel(translate("Conflicts", "Show:")))
        self.show_combo = QComboBox()
        self.show_combo.addItem(translate("Conflicts", "Open conflicts"), True)
        self.show_combo.addItem(translate("Conflicts", "All candidates"), False)
        self.show_combo.setToolTip(translate("Conflicts", "J / K step through the open conflicts either way"))
        top.addWidget(self.show_combo)
        top.addStretch(1)
        self.count_label = QLabel()
        top.addWidget(self.count_label)
        lay.addLayout(top)
        self.table = QTableView()
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the article (J/K/A/X)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(self.fontMetrics().horizontalAdvance(translate("Conflicts", "Decided by")) + 16)
        header.setStretchLastSection(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        lay.addWidget(self.table, 1)
        # over the empty body, under the header: why there is nothing to show
        self.empty_label = QLabel(self.table.viewport())
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: #4b5563; font-size: 11pt; padding: 12px;")
        self.empty_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.table.viewport().installEventFilter(self)
        self.table.clicked.connect(lambda idx: self.candidate_chosen.emit(model.key_at(idx.row())))
        self.show_combo.currentIndexChanged.connect(lambda _i: self.filter_changed.emit(bool(self.show_combo.currentData())))
        model.modelReset.connect(self._fit_columns)
        model.modelReset.connect(self._count)
        model.rowsInserted.connect(self._rows_inserted)
        model.rowsRemoved.connect(self._count)
        self._fit_columns()
        self._count()

    def _count(self, *_args) -> None:
        n = self.model.rowCount()
        self.count_label.setText(arg(translate("Conflicts", "%1 row(s)"), n))
        text = self.model.empty_text()
        self.empty_label.setText(text)
        self.empty_label.setVisible(bool(text))
        self._place_empty_label()

    def _rows_inserted(self, _parent, first: int, last: int) -> None:
        if last - first + 1 == self.model.rowCount():  # it was empty: fit the columns to the rows
            self._fit_columns()
        self._count()

    def _fit_columns(self) -> None:
        """Fit the columns to their contents (a new document or other annotators), never narrower
        than a typical value (so an empty table stays readable), never wider than MAX_WIDTH."""
        header = self.table.horizontalHeader()
        fm = self.fontMetrics()
        n = self.model.columnCount()
        for col in range(n - 1):  # the last one stretches
            name = str(self.model.headerData(col, Qt.Orientation.Horizontal) or "")
            sample = MIN_WIDTHS.get(name, ANNOTATOR_MIN) if col < len(FIXED) else ANNOTATOR_MIN
            least = max(fm.horizontalAdvance(sample), fm.horizontalAdvance(name)) + 24
            fitted = self.table.sizeHintForColumn(col) if self.model.rowCount() else 0
            header.resizeSection(col, min(MAX_WIDTH, max(least, fitted)))

    def _place_empty_label(self) -> None:
        self.empty_label.setGeometry(self.table.viewport().rect())

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._place_empty_label()
        return False

    def select_key(self, key: Any) -> None:
        row = self.model.row_of(key) if key is not None else None
        select_row(self.table, row)
