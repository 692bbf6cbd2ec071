"""The agreement dashboard: every figure of `Review.agreement(...)` in one dialog.

Tabs: an overview (span F1 exact and overlap, mean Cohen's κ, Krippendorff's α, relation F1),
the annotator pairs, the labels, the documents (hardest first; double-click opens one in review
mode) and the label confusion matrix. The figures are computed when the dialog opens, when the
label filter changes and on Refresh (fast for project-sized databases: vectorized in the core).

Missing data is said in plain words: the overview says how many documents were compared and how
many were left out (fewer than two annotators finished them); every undefined figure (`—`) has
its reason beside it (overview) or in its tooltip (tables); the documents table lists the
left-out documents too, after the compared ones, with a note saying why they have no figures.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.qt.i18n import arg, translate


def fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


# the Progress tab: one row per annotator
PROGRESS_HEADERS = [QT_TRANSLATE_NOOP("Columns", "Annotator"), QT_TRANSLATE_NOOP("Columns", "Role"), QT_TRANSLATE_NOOP("Columns", "Documents"), QT_TRANSLATE_NOOP("Columns", "Done"), QT_TRANSLATE_NOOP("Columns", "In progress"), QT_TRANSLATE_NOOP("Columns", "Todo"), QT_TRANSLATE_NOOP("Columns", "Skipped"), QT_TRANSLATE_NOOP("Columns", "Spans")]


def _columns(names: list[str]) -> list[str]:
    return [translate("Columns", n) for n in names]


class RecordTableModel(QAbstractTableModel):
    """Read-only rows of plain values; numbers right-aligned, None shown as —."""

    def __init__(self, headers: list[str], parent=None) -> None:
        super().__init__(parent)
        self.headers = list(headers)
        self.rows: list[tuple[Any, ...]] = []
        self.row_headers: list[str] | None = None
        self.heat = False  # colour numbers by size (confusion matrix)
        self.notes: dict[tuple[int, int], str] = {}  # (row, column) -> tooltip (why a value is —)
        self.muted_from: int | None = None  # rows from here on are greyed (e.g. not compared)

    def set_rows(self, rows: list[tuple[Any, ...]], headers: list[str] | None = None,
                 row_headers: list[str] | None = None, notes: dict[tuple[int, int], str] | None = None,
                 muted_from: int | None = None) -> None:
        self.beginResetModel()
        if headers is not None:
            self.headers = list(headers)
        self.rows = [tuple(r) for r in rows]
        self.row_headers = row_headers
        self.notes = dict(notes or {})
        self.muted_from = muted_from
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        if self.row_headers is not None and 0 <= section < len(self.row_headers):
            return self.row_headers[section]
        return str(section + 1)

    def value(self, row: int, col: int) -> Any:
        return self.rows[row][col]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)) or not (0 <= index.column() < len(self.headers)):
            return None
        v = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return fmt(v)
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(v, int | float) and not isinstance(v, bool):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and self.heat and isinstance(v, int) and v > 0:
            top = max((x for r in self.rows for x in r if isinstance(x, int)), default=1) or 1
            c = QColor("#fecaca") if index.row() != index.column() else QColor("#fde68a")
            c.setAlphaF(0.35 + 0.65 * v / top)
            return QBrush(c)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.notes.get((index.row(), index.column()))
        if role == Qt.ItemDataRole.ForegroundRole and self.muted_from is not None and index.row() >= self.muted_from:
            return QBrush(QColor("#6b7280"))
        if role == Qt.ItemDataRole.UserRole:
            return v
        return None


NOTHING_COMPARED = QT_TRANSLATE_NOOP("Dashboard", "fewer than two annotators finished any document, so there is nothing to compare")


def overview_text(r: dict[str, Any]) -> str:
    """How many documents were compared, out of how many, and how many were left out (and why)."""
    total = int(r.get("documents_in_project") or 0)
    compared = int(r.get("documents_compared") or 0)
    one = int(r.get("documents_finished_by_one") or 0)
    none = int(r.get("documents_unfinished") or max(0, total - compared - one))
    text = arg(translate("Dashboard", "Compared %1 of %2 document(s)."), compared, total)
    left = total - compared
    if left > 0:
        parts = []
        if one:
            parts.append(arg(translate("Dashboard", "%1 finished by only one annotator"), one))
        if none:
            parts.append(arg(translate("Dashboard", "%1 not finished by anybody yet"), none))
        text += " " + arg(translate("Dashboard", "%1 left out because fewer than two annotators finished them"), left)
        text += (f" ({', '.join(parts)})" if parts else "") + "."
    return text


def why_undefined(key: str, r: dict[str, Any]) -> str:
    """Why the overview figure `key` is undefined (—) in report `r`, in plain words."""
    label = r.get("label")
    spans = arg(translate("Dashboard", "%1 span"), label) if label else translate("Dashboard", "span")
    if not r.get("documents_compared"):
        return translate("Dashboard", NOTHING_COMPARED)
    if key == "annotators":
        return translate("Dashboard", "nobody finished a document that another annotator finished too")
    if key in ("span_f1", "overlap_f1"):
        return arg(translate("Dashboard", "nobody marked any %1 in the compared documents, so there are no spans to compare"),
                   spans)
    if key in ("cohen_kappa", "krippendorff_alpha"):
        if not r.get("tokens"):
            return translate("Dashboard", "the compared documents have no tokens")
        return arg(translate("Dashboard", "every token has the same tag (nobody marked any %1), "
                             "so agreement beyond chance is undefined"), spans)
    if key == "relation_f1":
        if label:
            return arg(translate("Dashboard", "no relations to compare: no relation involves a %1 span"), label)
        return translate("Dashboard", "no relations to compare in the compared documents")
    return translate("Dashboard", "undefined")


def pair_notes(pairs: list[dict[str, Any]], label: str | None) -> dict[tuple[int, int], str]:
    """Tooltips for the — cells of the pairs table (columns as in PAIR_HEADERS)."""
    spans = arg(translate("Dashboard", "%1 span"), label) if label else translate("Dashboard", "span")
    notes: dict[tuple[int, int], str] = {}
    for i, p in enumerate(pairs):
        n = p.get("documents") or 0
        if not n:
            for col in (3, 4, 5, 6):
                notes[(i, col)] = arg(translate("Dashboard", "%1 and %2 have not both finished any document: "
                                                "nothing to compare"), p["a"], p["b"])
            continue
        if p.get("span_f1") is None:
            notes[(i, 3)] = notes[(i, 4)] = arg(
                translate("Dashboard", "neither marked a %1 in the %2 document(s) both finished"), spans, n)
        if p.get("cohen_kappa") is None:
            notes[(i, 5)] = arg(translate("Dashboard", "every token of the %1 document(s) both finished has the same "
                                          "tag for both: agreement beyond chance is undefined"), n)
        if p.get("relation_f1") is None:
            notes[(i, 6)] = arg(translate("Dashboard", "no relations in the %1 document(s) both finished"), n)
    return notes


def _table(model: RecordTableModel) -> QTableView:
    t = QTableView()
    t.setModel(model)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    t.verticalHeader().setDefaultSectionSize(22)
    return t


PAIR_HEADERS = ["A", "B", QT_TRANSLATE_NOOP("Columns", "Documents"), QT_TRANSLATE_NOOP("Columns", "Span F1"), QT_TRANSLATE_NOOP("Columns", "Overlap F1"), QT_TRANSLATE_NOOP("Columns", "Cohen's κ"), QT_TRANSLATE_NOOP("Columns", "Relation F1"), QT_TRANSLATE_NOOP("Columns", "Spans A"), QT_TRANSLATE_NOOP("Columns", "Spans B"), QT_TRANSLATE_NOOP("Columns", "Matched")]
LABEL_HEADERS = [QT_TRANSLATE_NOOP("Columns", "Label"), QT_TRANSLATE_NOOP("Columns", "Span F1"), QT_TRANSLATE_NOOP("Columns", "Overlap F1"), QT_TRANSLATE_NOOP("Columns", "Matched"), QT_TRANSLATE_NOOP("Columns", "Spans")]
DOC_HEADERS = [QT_TRANSLATE_NOOP("Columns", "ID"), QT_TRANSLATE_NOOP("Columns", "Title"), QT_TRANSLATE_NOOP("Columns", "Annotators"), QT_TRANSLATE_NOOP("Columns", "Span F1"), QT_TRANSLATE_NOOP("Columns", "Disagreements"), QT_TRANSLATE_NOOP("Columns", "Candidates"), QT_TRANSLATE_NOOP("Columns", "Agreed"), QT_TRANSLATE_NOOP("Columns", "Note")]


class AgreementDialog(QDialog):
    document_requested = Signal(int)  # double-click in the documents table

    def __init__(self, review, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.review = review
        self.report: dict[str, Any] | None = None
        self.error: str | None = None
        self.setWindowTitle(translate("Dashboard", "Inter-annotator agreement"))
        self.resize(900, 560)
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(translate("Dashboard", "Label:")))
        self.label_combo = QComboBox()
        self.label_combo.addItem(translate("Dashboard", "All labels"), None)
        for name in review.project.schema.label_names:
            self.label_combo.addItem(name, name)
        top.addWidget(self.label_combo)
        top.addStretch(1)
        self.refresh_button = QPushButton(translate("Dashboard", "Refresh"))
        top.addWidget(self.refresh_button)
        lay.addLayout(top)
        self.tabs = QTabWidget()
        lay.addWidget(self.tabs, 1)

        overview = QWidget()
        form = QFormLayout(overview)
        self.overview_label = QLabel()
        self.overview_label.setWordWrap(True)
        self.overview_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.overview_label)
        self.figures: dict[str, QLabel] = {}
        self.reasons: dict[str, QLabel] = {}  # beside a — : why the figure is undefined
        for key, title, tip in (
            ("annotators", translate("Dashboard", "Annotators"), translate("Dashboard", "who finished at least one compared document")),
            ("documents", translate("Dashboard", "Documents compared"), translate("Dashboard", "finished by at least two annotators / in the project")),
            ("tokens", translate("Dashboard", "Tokens"), translate("Dashboard", "tokens of the compared documents (project tokenizer)")),
            ("span_f1", translate("Dashboard", "Span F1 (exact)"), translate("Dashboard", "same start, end and label; pooled over all pairs")),
            ("overlap_f1", translate("Dashboard", "Span F1 (overlap)"), translate("Dashboard", "overlapping span with the same label counts as found")),
            ("cohen_kappa", translate("Dashboard", "Cohen's κ (mean of pairs)"), translate("Dashboard", "token-level BIO tags, corrected for chance")),
            ("krippendorff_alpha", translate("Dashboard", "Krippendorff's α"),
             translate("Dashboard", "nominal, all annotators, token-level BIO tags; ≥ 0.8 reliable")),
            ("relation_f1", translate("Dashboard", "Relation F1"), translate("Dashboard", "exact (head, tail, label)")),
        ):
            lab = QLabel("—")
            lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            lab.setToolTip(tip)
            lab.setStyleSheet("font-weight: bold;")
            self.figures[key] = lab
            why = QLabel()
            why.setStyleSheet("color: #4b5563;")
            why.setWordWrap(True)
            self.reasons[key] = why
            cell = QWidget()
            row = QHBoxLayout(cell)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(lab)
            row.addWidget(why, 1)
            form.addRow(title + ":", cell)
        self.missing_label = QLabel()
        self.missing_label.setWordWrap(True)
        self.missing_label.setStyleSheet("color: #4b5563;")
        form.addRow(self.missing_label)
        self.tabs.addTab(overview, translate("Dashboard", "Overview"))

        self.pairs_model = RecordTableModel(_columns(PAIR_HEADERS), self)
        self.labels_model = RecordTableModel(_columns(LABEL_HEADERS), self)
        self.relation_labels_model = RecordTableModel([translate("Columns", "Relation type"), translate("Columns", "Relation F1")], self)
        self.documents_model = RecordTableModel(_columns(DOC_HEADERS), self)
        self.confusion_model = RecordTableModel([], self)
        self.confusion_model.heat = True
        self.pairs_table = _table(self.pairs_model)
        self.labels_table = _table(self.labels_model)
        self.documents_table = _table(self.documents_model)
        self.documents_table.setToolTip(translate("Dashboard", "Hardest first. Double-click: open the document in review mode"))
        self.confusion_table = _table(self.confusion_model)
        self.confusion_table.horizontalHeader().setStretchLastSection(False)
        self.confusion_table.setToolTip(
            "Spans without an exact match that overlap: one annotator said the row label, the other the column "
            "label. The diagonal: same label, different extents."
        )
        self.overview_pairs = _table(self.pairs_model)  # the pairs at a glance, under the figures
        form.addRow(QLabel(translate("Dashboard", "Annotator pairs:")))
        form.addRow(self.overview_pairs)
        self.tabs.addTab(self.pairs_table, translate("Dashboard", "Pairs"))
        labels_page = QWidget()
        lp = QVBoxLayout(labels_page)
        lp.setContentsMargins(0, 0, 0, 0)
        lp.addWidget(self.labels_table, 3)
        lp.addWidget(QLabel(translate("Dashboard", "Relation types (exact head, tail and label):")))
        self.relation_labels_table = _table(self.relation_labels_model)
        lp.addWidget(self.relation_labels_table, 1)
        self.tabs.addTab(labels_page, translate("Dashboard", "Labels"))
        self.tabs.addTab(self.documents_table, translate("Dashboard", "Documents"))
        self.tabs.addTab(self.confusion_table, translate("Dashboard", "Confusion"))
        # who is where: per annotator, her documents by status (assigned ones when there are assignments)
        self.progress_model = RecordTableModel(_columns(PROGRESS_HEADERS), self)
        self.progress_table = _table(self.progress_model)
        self.tabs.addTab(self.progress_table, translate("Dashboard", "Progress"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

        self.refresh_button.clicked.connect(self.compute)
        self.label_combo.currentIndexChanged.connect(lambda _i: self.compute())
        self.documents_table.doubleClicked.connect(self._open_document)

    def compute(self) -> dict[str, Any] | None:
        label = self.label_combo.currentData()
        try:
            report = self.review.agreement(label=label, by_document=True, left_out=True)
        except AnnotatorError as exc:
            self.error = str(exc)
            self.missing_label.setText(f"Could not compute the agreement: {exc}")
            return None
        self.error = None
        self.report = report
        self._show(report)
        return report

    def _show(self, r: dict[str, Any]) -> None:
        f = self.figures
        f["annotators"].setText(", ".join(r.get("annotators", [])) or "—")
        f["documents"].setText(arg(translate("Dashboard", "%1 of %2"), r.get("documents_compared", 0),
                                   r.get("documents_in_project", 0)))
        f["tokens"].setText(fmt(r.get("tokens")))
        for key in ("span_f1", "overlap_f1", "cohen_kappa", "krippendorff_alpha", "relation_f1"):
            f[key].setText(fmt(r.get(key)))
        for key, why in self.reasons.items():
            undefined = f[key].text() == "—"
            why.setText(why_undefined(key, r) if undefined else "")
            why.setVisible(undefined)
        self.overview_label.setText(overview_text(r))
        self.missing_label.setText(translate(
            "Dashboard", "Only finished work counts: a document an annotator has not marked done is missing for her "
            "(not read as “no entities”). A figure shown as — is undefined, not zero."))
        pairs = r.get("pairs", [])
        self.pairs_model.set_rows([
            (p["a"], p["b"], p.get("documents"), p.get("span_f1"), p.get("overlap_f1"), p.get("cohen_kappa"),
             p.get("relation_f1"), p.get("spans_a"), p.get("spans_b"), p.get("matched"))
            for p in pairs
        ], notes=pair_notes(pairs, r.get("label")))
        self.labels_model.set_rows([
            (name, v.get("span_f1"), v.get("overlap_f1"), v.get("matched"), v.get("spans"))
            for name, v in r.get("by_label", {}).items()
        ])
        self.relation_labels_model.set_rows(sorted((r.get("relation_by_label") or {}).items()))
        self._show_documents(r)
        self._show_progress()
        conf = r.get("confusion") or {"labels": [], "matrix": []}
        labels, matrix = conf.get("labels", []), conf.get("matrix", [])
        used = [i for i, row in enumerate(matrix) if any(row) or any(m[i] for m in matrix)]
        names = [labels[i] for i in used]
        self.confusion_model.set_rows([tuple(int(matrix[i][j]) for j in used) for i in used], headers=names, row_headers=names)

    def _show_progress(self) -> None:
        """Done / in progress / todo / skipped per annotator (`ProjectStats.per_annotator`): of her
        assigned documents when documents are assigned, else of the documents she opened."""
        rows = []
        for name, st in sorted(self.review.project.stats.collect().per_annotator.items()):
            if st.assigned:
                counts, base = st.progress, st.assigned
            else:
                counts, base = st.by_status, st.documents
            rows.append((name, st.role, base, counts.get("done", 0), counts.get("in_progress", 0),
                         counts.get("todo", 0), counts.get("skipped", 0), st.spans))
        self.progress_model.set_rows(rows)

    def _show_documents(self, r: dict[str, Any]) -> None:
        """The compared documents (hardest first), then the ones left out, each with a plain-words note."""
        spans = arg(translate("Dashboard", "%1 span"), r["label"]) if r.get("label") else translate("Dashboard", "span")
        rows: list[tuple[Any, ...]] = []
        notes: dict[tuple[int, int], str] = {}
        for d in r.get("documents", []):
            note = ("" if d.get("span_f1") is not None
                    else arg(translate("Dashboard", "nobody marked any %1: no spans to compare"), spans))
            rows.append((d["document_id"], d.get("title", ""), d.get("annotators"), d.get("span_f1"),
                         d.get("disagreements"), d.get("spans"), d.get("agreed"), note))
            if note:
                notes[(len(rows) - 1, 3)] = note
        compared = len(rows)
        for d in r.get("left_out", []):
            names = d.get("finished") or []
            if names:
                note = arg(translate("Dashboard", "only %1 finished it: fewer than two annotators, nothing to compare"),
                           names[0])
            else:
                note = translate("Dashboard", "no annotator has finished this document")
            rows.append((d["document_id"], d.get("title", ""), len(names), None, None, None, None, note))
            for col in (3, 4, 5, 6):
                notes[(len(rows) - 1, col)] = note
        self.documents_model.set_rows(rows, notes=notes, muted_from=compared)

    def _open_document(self, index) -> None:
        if index.isValid():
            self.document_requested.emit(int(self.documents_model.value(index.row(), 0)))
