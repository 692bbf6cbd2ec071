"""Concordance dock: search the whole corpus, see each hit in context, label hits corpus-wide.

`Ctrl+Shift+F` (Edit → Search the corpus…) opens the dock with the article's selection as the
query. Matching is the concordance service's (`annotator.services.concordance.search`): no case,
no diacritics (`binh thuan` finds `Bình Thuận`). Hits are listed by document (keyword in
context: left, the hit, right) with what the annotator's set has there: `labelled LOC` (a span
with exactly these offsets), `overlaps PER` or nothing. `More` reads the next page.

Labelling: pick a label, then `Label selected` (the selected hits, or every hit of the selected
documents) or `Label all not yet labelled` (every hit of the listed pages without a span of its
own). A preview dialog first says what will be added per document and lists the hits that
cannot be snapped to tokens (inside a word) and the others skipped, with the reason; `Apply`
then writes one undoable step per document:

- the open article's part goes through the window's edit history (`EditController.execute` of a
  `LabelHits`): `Ctrl+Z` undoes it like any edit;
- the other documents' parts are applied by `apply_label` (one transaction per document); the
  dock's `Undo label-all in other documents` applies their inverse steps (`undo_step`), newest
  label-all first.
"""

from __future__ import annotations

import html
from dataclasses import replace

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.concordance import LabelHits
from annotator.core.errors import AnnotationError, AnnotatorError

PAGE = 200  # hits per page
CONTEXT = 40  # characters of context shown on each side (the service's default width)
COLUMNS = ("left", "hit", "right", "status", "offsets")


def _one_line(text: str) -> str:
    """Context on one row: line breaks shown as ⏎ (a row shows only its first line)."""
    return text.replace("\r", "").replace("\n", " ⏎ ")
HIT_ROLE = int(Qt.ItemDataRole.UserRole) + 1


class LabelPreviewDialog(QDialog):
    """What a label-all would do; `Apply` (accept) writes it."""

    def __init__(self, preview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(self.tr("Label hits: preview"))
        self.resize(640, 420)
        esc = html.escape
        parts = [f"<p>{esc(self.tr('%1 span(s) labelled %2 in %3 document(s).').replace('%1', str(preview.span_count)).replace('%2', preview.label).replace('%3', str(len(preview.documents))))}</p>"]
        for plan in preview.documents:
            parts.append(f"<p><b>{esc(plan.title)}</b>: {len(plan.spans)}</p>")
        if preview.unsnappable:
            parts.append(f"<p><b>{esc(self.tr('Cannot be snapped to words (not labelled):'))}</b></p><ul>")
            parts += [f"<li>“{esc(s.hit.text)}” ({s.hit.document_id}:{s.hit.start}) — {esc(s.reason)}</li>"
                      for s in preview.unsnappable]
            parts.append("</ul>")
        if preview.skipped:
            parts.append(f"<p><b>{esc(self.tr('Skipped:'))}</b></p><ul>")
            parts += [f"<li>“{esc(s.hit.text)}” ({s.hit.document_id}:{s.hit.start}) — {esc(s.reason)}</li>"
                      for s in preview.skipped]
            parts.append("</ul>")
        self.text = QTextBrowser()
        self.text.setHtml("".join(parts))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.addButton(self.tr("&Apply"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setEnabled(preview.span_count > 0)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.text, 1)
        lay.addWidget(self.buttons)


class ConcordancePanel(QWidget):
    """The dock's widget (see the module doc)."""

    def __init__(self, window, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.result = None  # the last page (a Concordance)
        self.pages: list = []  # every page shown for the current query
        self.query = ""
        self.other_steps: list[list] = []  # label-all steps in other documents, newest last
        self.preview_dialog: LabelPreviewDialog | None = None
        self.query_edit = QLineEdit()
        self.query_edit.setPlaceholderText(self.tr("Search the corpus (no case, no accents needed)…"))
        self.query_edit.returnPressed.connect(self.run_search)
        self.search_button = QPushButton(self.tr("Search"))
        self.search_button.clicked.connect(self.run_search)
        top = QHBoxLayout()
        top.addWidget(self.query_edit, 1)
        top.addWidget(self.search_button)
        self.summary = QLabel()
        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels([self.tr("Left context"), self.tr("Hit"), self.tr("Right context"),
                                   self.tr("In your set"), self.tr("Offsets")])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setUniformRowHeights(True)
        fm = self.tree.fontMetrics()
        for col, chars in ((0, CONTEXT + 4), (1, 16), (2, CONTEXT + 4), (3, 22)):
            self.tree.header().resizeSection(col, fm.horizontalAdvance("n" * chars))
        self.tree.itemActivated.connect(self._activated)
        self.more_button = QPushButton(self.tr("More"))
        self.more_button.clicked.connect(self.next_page)
        self.more_button.setEnabled(False)
        self.label_combo = QComboBox()
        for lab in window.schema.labels:
            self.label_combo.addItem(lab.name)
        self.label_selected_button = QPushButton(self.tr("Label selected…"))
        self.label_selected_button.clicked.connect(lambda: self.label_hits(only_free=False))
        self.label_free_button = QPushButton(self.tr("Label all not yet labelled…"))
        self.label_free_button.clicked.connect(lambda: self.label_hits(only_free=True))
        self.undo_button = QPushButton(self.tr("Undo label-all in other documents"))
        self.undo_button.clicked.connect(self.undo_other)
        self.undo_button.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Label:")))
        row.addWidget(self.label_combo)
        row.addWidget(self.label_selected_button)
        row.addWidget(self.label_free_button)
        self.report = QLabel()
        self.report.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(top)
        lay.addWidget(self.summary)
        lay.addWidget(self.tree, 1)
        lay.addWidget(self.more_button)
        lay.addLayout(row)
        lay.addWidget(self.undo_button)
        lay.addWidget(self.report)

    # -- searching -------------------------------------------------------------------------------
    def run_search(self, query: str | None = None) -> bool:
        """Search the corpus for `query` (default: the box's text); the hit list shows page one."""
        if query is not None:
            self.query_edit.setText(query)
        self.query = self.query_edit.text().strip()
        self.pages = []
        self.tree.clear()
        return self._page(None)

    def next_page(self) -> bool:
        if self.result is None or self.result.next_after is None:
            return False
        return self._page(self.result.next_after)

    def _page(self, after) -> bool:
        from annotator.services.concordance import search

        if not self.query or not self.window.ensure_ready():
            return False
        try:
            result = search(self.window.project, self.query, self.window.annotator, limit=PAGE, after=after)
        except AnnotatorError as exc:
            self.summary.setText(self.tr("Not searched: %1").replace("%1", str(exc)))
            return False
        self.result = result
        self.pages.append(result)
        self._fill(result)
        hits = sum(p.hit_count for p in self.pages)
        docs = len({d.document_id for p in self.pages for d in p.documents})
        more = self.tr(" (more: press More)") if result.next_after is not None else ""
        self.summary.setText(self.tr("%1 hit(s) in %2 document(s)").replace("%1", str(hits)).replace("%2", str(docs)) + more)
        self.more_button.setEnabled(result.next_after is not None)
        return True

    def _fill(self, result) -> None:
        grey = QBrush(QColor("#6b7280"))
        for doc in result.documents:
            mark = "" if doc.writable else " — " + self.tr("not yours to label")
            top = QTreeWidgetItem([f"{doc.title} (#{doc.document_id}){mark}"])
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            top.setData(0, HIT_ROLE, doc)
            for hit in doc.hits:
                if hit.labels:
                    status = self.tr("labelled %1").replace("%1", ", ".join(hit.labels))
                elif hit.overlapping:
                    status = self.tr("overlaps %1").replace("%1", ", ".join(sorted({s.label for s in hit.overlapping})))
                else:
                    status = ""
                left, right = _one_line(hit.left)[-CONTEXT:], _one_line(hit.right)[:CONTEXT]
                item = QTreeWidgetItem([left, _one_line(hit.text), right, status, f"{hit.start}:{hit.end}"])
                item.setData(0, HIT_ROLE, hit)
                item.setTextAlignment(0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setFont(1, font)
                for col in range(len(COLUMNS)):
                    item.setToolTip(col, f"{hit.left}【{hit.text}】{hit.right}")
                    if not doc.writable:
                        item.setForeground(col, grey)
                top.addChild(item)
            self.tree.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)
            top.setExpanded(True)

    def all_hits(self) -> list:
        return [h for p in self.pages for h in p.hits()]

    def selected_hits(self) -> list:
        """Hits of the selected rows (a selected document row stands for all its hits)."""
        out: dict = {}
        for item in self.tree.selectedItems():
            value = item.data(0, HIT_ROLE)
            if item.parent() is None:
                for h in value.hits:
                    out[(h.document_id, h.start, h.end)] = h
            else:
                out[(value.document_id, value.start, value.end)] = value
        return list(out.values())

    def _activated(self, item, _col) -> None:
        value = item.data(0, HIT_ROLE)
        if item.parent() is None:
            self.window.open_document(value.document_id)
        elif self.window.open_document(value.document_id):
            self.window.article_view.select_range(value.start, value.end, center=True)

    # -- labelling -------------------------------------------------------------------------------
    def _sessions(self) -> dict:
        w = self.window
        if w.session is None or w.mode is not None or w.document_id is None:
            return {}
        return {w.document_id: w.session}

    def label_hits(self, only_free: bool) -> LabelPreviewDialog | None:
        """Preview labelling the selected hits (`only_free`: every hit without a span) with the
        chosen label; the dialog's Apply writes it (`apply`)."""
        from annotator.services.concordance import preview_label

        if self.window.mode is not None:
            self.report.setText(self.tr("Labelling hits is done in annotate mode (Mode → Annotate)."))
            return None
        hits = self.all_hits() if only_free else self.selected_hits()
        if not hits:
            self.report.setText(self.tr("No hit selected."))
            return None
        if not self.window.ensure_ready():
            return None
        try:
            preview = preview_label(self.window.project, self.window.annotator, self.label_combo.currentText(), hits,
                                    query=self.query, only_free=only_free, sessions=self._sessions())
        except AnnotatorError as exc:
            self.report.setText(self.tr("Not labelled: %1").replace("%1", str(exc)))
            return None
        dlg = LabelPreviewDialog(preview, self)
        dlg.accepted.connect(lambda: self.apply(preview))
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        self.preview_dialog = dlg
        return dlg

    def apply(self, preview) -> None:
        """Write `preview`: the open article through the edit history, the others one step each."""
        from annotator.services.concordance import apply_label

        w = self.window
        sessions = self._sessions()
        mine = [p for p in preview.documents if p.document_id in sessions]
        others = replace(preview, documents=tuple(p for p in preview.documents if p.document_id not in sessions))
        done = 0
        for plan in mine:
            todo = tuple(sp for sp in plan.spans if not w.session.annotations.has_span(sp.key))
            if todo and w.edits.execute(LabelHits(todo, preview.query)):
                done += len(todo)
        failed: list = []

        def finished(outcome) -> None:
            nonlocal done
            if outcome.steps:
                self.other_steps.append(list(outcome.steps))
                self._refresh_list()
            self.undo_button.setEnabled(bool(self.other_steps))
            done += outcome.span_count
            failed.extend(outcome.failed)

        if others.documents:
            w.run_op(self.tr("label %1 hit(s) as %2").replace("%1", str(others.span_count)).replace("%2", preview.label),
                     lambda: apply_label(w.project, others), finished)
        text = self.tr("%1 span(s) labelled %2.").replace("%1", str(done)).replace("%2", preview.label)
        if preview.unsnappable:
            text += " " + self.tr("Not snapped to words: %1.").replace(
                "%1", "; ".join(f"“{s.hit.text}” (#{s.hit.document_id} {s.hit.start})" for s in preview.unsnappable))
        if failed:
            text += " " + self.tr("Failed: %1.").replace("%1", "; ".join(f"#{d}: {r}" for d, r in failed))
        self.report.setText(text)
        self.refresh()

    def undo_other(self) -> bool:
        """Undo the newest label-all in the documents other than the open article."""
        from annotator.services.concordance import undo_step

        if not self.other_steps:
            return False
        w = self.window
        steps = self.other_steps[-1]
        sessions = self._sessions()

        def undo_all() -> tuple[int, list]:
            undone, refused = 0, []
            for step in steps:  # one transaction each: a refusal (a span with a relation now) keeps that article's
                try:
                    undo_step(w.project, step, w.annotator, session=sessions.get(step.document_id))
                    undone += 1
                except AnnotationError as exc:
                    refused.append((step.document_id, str(exc)))
            return undone, refused

        def done(result: tuple[int, list]) -> None:
            undone, refused = result
            self.other_steps.pop()
            self.undo_button.setEnabled(bool(self.other_steps))
            text = self.tr("Label-all undone in %1 document(s).").replace("%1", str(undone))
            if refused:
                text += " " + self.tr("Not undone: %1.").replace("%1", "; ".join(f"#{d}: {r}" for d, r in refused))
            self.report.setText(text)
            self._refresh_list()
            self.refresh()

        return w.run_op(self.tr("undo label-all"), undo_all, done)

    def _refresh_list(self) -> None:
        """The document list reads its rows again (span counts and statuses of the other articles)."""
        w = self.window
        if w.document_model is not None and not w.document_model.in_review:
            w.document_model.refresh()
            if w.document_list is not None and w.document_id is not None:
                w.document_list.show_current(w.document_id)

    def refresh(self) -> None:
        """Search again (the statuses changed), keeping as many pages as were shown."""
        if not self.query:
            return
        n = len(self.pages)
        self.run_search()
        while len(self.pages) < n and self.next_page():
            pass


class Concordance(QObject):
    """Installs the dock and its key (Ctrl+Shift+F)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.panel = ConcordancePanel(window)
        self.dock = window.add_dock(self.tr("Concordance"), self.panel, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.dock.setObjectName("dock_concordance")
        self.dock.hide()
        act = QAction(self.tr("Search the &corpus…"), window)
        act.setShortcut(QKeySequence("Ctrl+Shift+F"))
        act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        act.triggered.connect(lambda _c=False: self.open())
        window.addAction(act)
        self.action = act

    def open(self) -> None:
        """Show the dock; the article's selection (if any) becomes the query and is searched."""
        view = self.window.article_view
        sel = view.selection_range()
        self.dock.show()
        self.dock.raise_()
        if sel is not None and sel[1] > sel[0]:
            self.panel.run_search(view.text[sel[0]:sel[1]])
        self.panel.query_edit.setFocus()
        self.panel.query_edit.selectAll()


def install_concordance(window) -> Concordance:
    return Concordance(window)


__all__ = ["Concordance", "ConcordancePanel", "LabelPreviewDialog", "install_concordance"]
