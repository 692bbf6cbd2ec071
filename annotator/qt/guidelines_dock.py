"""Guidelines panel: the schema's guideline for a label, its examples, its relations, a search.

A dock (View → Guidelines, `F1` for the current label: the selected span's, else the span under
the caret, else the last shown) showing `EntityLabel.description`, its key and colour, its
examples, and the relation types it may take part in (as head and as tail, from
`Schema.relations`). The panel follows the label chosen on the palette and the span selected in
the article or the span list. The search box filters every label's guideline (name, description,
examples; case and diacritics ignored, as the concordance does). An example is a link: clicking
it searches the corpus for it (`annotator.services.concordance.search`) and lists where it
occurs, each hit a link that opens the document at it.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLineEdit, QTextBrowser, QVBoxLayout, QWidget

from annotator.core.errors import AnnotatorError
from annotator.core.text import fold

EXAMPLE_HITS = 20  # hits of an example listed in the panel


class GuidelinesPanel(QWidget):
    """The dock's widget: a search box and the guideline text (a QTextBrowser with links)."""

    def __init__(self, window, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.schema = window.schema
        self.label: str | None = None
        self.example: str | None = None  # the example whose hits are shown
        self.example_hits: list = []  # annotator.services.concordance.Hit values shown
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search the guidelines…"))
        self.search.setClearButtonEnabled(True)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._link)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.search)
        lay.addWidget(self.browser, 1)
        self.search.textChanged.connect(lambda _t: self.render())
        self.render()

    # -- what is shown ---------------------------------------------------------------------------
    def show_label(self, name: str | None) -> None:
        """Show `name`'s guideline (ignored when the schema has no such label)."""
        if name is None or not self.schema.has_label(name):
            return
        if name != self.label:
            self.example, self.example_hits = None, []
        self.label = name
        if self.search.text():
            self.search.clear()  # renders
        else:
            self.render()

    def matching_labels(self, query: str) -> list[str]:
        """Labels whose name, guideline or examples contain `query` (no case, no diacritics)."""
        needle = fold(query).strip()
        out = []
        for lab in self.schema.labels:
            hay = fold(" ".join((lab.name, lab.description, *lab.examples)))
            if needle in hay:
                out.append(lab.name)
        return out

    def render(self) -> None:
        query = self.search.text().strip()
        if query:
            self.browser.setHtml(self._search_html(query))
        elif self.label is None:
            self.browser.setHtml("<p>" + html.escape(self.tr(
                "Select a span or a label (or press F1) to see its guideline.")) + "</p>")
        else:
            self.browser.setHtml(self._label_html(self.label))

    def _search_html(self, query: str) -> str:
        names = self.matching_labels(query)
        if not names:
            return "<p>" + html.escape(self.tr("No guideline mentions “%1”.").replace("%1", query)) + "</p>"
        parts = []
        for name in names:
            lab = self.schema.label(name)
            parts.append(f"<p><a href='label:{html.escape(name)}'><b>{html.escape(name)}</b></a><br>"
                         f"{html.escape(lab.description)}</p>")
        return "".join(parts)

    def _label_html(self, name: str) -> str:
        lab = self.schema.label(name)
        esc = html.escape
        out = [f"<h3><span style='background:{esc(lab.color)}; color:#1f2937'>&nbsp;{esc(name)}&nbsp;</span></h3>"]
        if lab.key:
            out.append(f"<p>{esc(self.tr('Key'))}: <b>{esc(lab.key.replace('shift+', 'Shift+'))}</b></p>")
        out.append(f"<p>{esc(lab.description) if lab.description else '<i>' + esc(self.tr('No guideline text.')) + '</i>'}</p>")
        if lab.examples:
            out.append(f"<p><b>{esc(self.tr('Examples'))}</b> <small>({esc(self.tr('click: where it occurs'))})</small></p><ul>")
            for i, ex in enumerate(lab.examples):
                out.append(f"<li><a href='example:{i}'>{esc(ex)}</a></li>")
            out.append("</ul>")
        heads = [r for r in self.schema.relations if name in r.head]
        tails = [r for r in self.schema.relations if name in r.tail]
        out.append(f"<p><b>{esc(self.tr('Relations'))}</b></p>")
        if not heads and not tails:
            out.append(f"<p><i>{esc(self.tr('No relation type takes this label.'))}</i></p>")
        else:
            out.append("<ul>")
            for r in heads:
                others = ", ".join(sorted(r.tail, key=self.schema.label_rank))
                out.append(f"<li>{esc(name)} → <b>{esc(r.name)}</b> → {esc(others)}"
                           f"{' ' + esc(self.tr('(symmetric)')) if r.symmetric else ''}"
                           f"{'<br><small>' + esc(r.description) + '</small>' if r.description else ''}</li>")
            for r in tails:
                if r in heads and r.symmetric:
                    continue
                others = ", ".join(sorted(r.head, key=self.schema.label_rank))
                out.append(f"<li>{esc(others)} → <b>{esc(r.name)}</b> → {esc(name)}"
                           f"{'<br><small>' + esc(r.description) + '</small>' if r.description else ''}</li>")
            out.append("</ul>")
        if self.example is not None:
            out.append(self._hits_html())
        return "".join(out)

    def _hits_html(self) -> str:
        esc = html.escape
        head = self.tr("Where “%1” occurs in the corpus").replace("%1", self.example or "")
        out = [f"<p><b>{esc(head)}</b></p>"]
        if not self.example_hits:
            out.append(f"<p><i>{esc(self.tr('Nowhere in the corpus.'))}</i></p>")
            return "".join(out)
        out.append("<ul>")
        for i, (title, hit) in enumerate(self.example_hits):
            status = ", ".join(hit.labels) if hit.labels else ""
            out.append(f"<li><a href='hit:{i}'>{esc(title)}</a>: …{esc(hit.left)}<b>{esc(hit.text)}</b>"
                       f"{esc(hit.right)}… {('<i>[' + esc(status) + ']</i>') if status else ''}</li>")
        out.append("</ul>")
        return "".join(out)

    # -- links -----------------------------------------------------------------------------------
    def _link(self, url: QUrl) -> None:
        kind, _, value = url.toString().partition(":")
        if kind == "label":
            self.show_label(value)
        elif kind == "example" and self.label is not None:
            self.show_example(self.schema.label(self.label).examples[int(value)])
        elif kind == "hit":
            self.open_hit(int(value))

    def show_example(self, example: str) -> None:
        """Search the corpus for `example` and list its hits under the guideline."""
        from annotator.services.concordance import search

        if not self.window.ensure_ready():
            return
        try:
            result = search(self.window.project, example, self.window.annotator, limit=EXAMPLE_HITS)
        except AnnotatorError as exc:
            self.window.show_message(self.tr("Search failed: %1").replace("%1", str(exc)))
            return
        self.example = example
        self.example_hits = [(d.title, h) for d in result.documents for h in d.hits]
        self.render()

    def open_hit(self, i: int) -> None:
        _title, hit = self.example_hits[i]
        if self.window.open_document(hit.document_id):
            self.window.article_view.select_range(hit.start, hit.end, center=True)


class Guidelines(QObject):
    """Installs the panel as a dock, follows the selected label, and binds F1."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.panel = GuidelinesPanel(window)
        self.dock = window.add_dock(self.tr("Guidelines"), self.panel, Qt.DockWidgetArea.RightDockWidgetArea)
        self.dock.setObjectName("dock_guidelines")
        window.tabifyDockWidget(window.relations_dock, self.dock)  # a tab beside the relations: room to read
        self.dock.hide()  # F1 or View → Guidelines opens it
        act = QAction(self.tr("&Guidelines for the current label"), window)
        act.setShortcut(QKeySequence("F1"))
        act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        act.triggered.connect(lambda _c=False: self.open_for_current())
        window.addAction(act)
        self.action = act
        window.tagger.span_selected.connect(lambda span: span is not None and self.panel.show_label(span.label))
        window.palette.label_clicked.connect(self.panel.show_label)

    def current_label(self) -> str | None:
        """The selected span's label, else that of a span under the caret, else the one shown."""
        view = self.window.article_view
        if view.selected_span is not None:
            return view.selected_span.label
        layer = view.layer
        if layer is not None and view.text:
            caret = view.caret()
            for off in (caret, caret - 1):
                if 0 <= off < len(view.text):
                    spans = list(layer.spans_at(off))
                    if spans:
                        return spans[0].label
        return self.panel.label

    def open_for_current(self) -> None:
        label = self.current_label()
        if label is None and self.window.schema.labels:
            label = self.window.schema.labels[0].name
        self.panel.show_label(label)
        self.dock.show()
        self.dock.raise_()


def install_guidelines(window) -> Guidelines:
    return Guidelines(window)


__all__ = ["Guidelines", "GuidelinesPanel", "install_guidelines"]
