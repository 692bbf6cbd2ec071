"""Render the docks of issue 13 (window half) into docs/:

    python scripts/screenshot_corpus_tools.py

- docs/guidelines_screenshot.png: the window with the Guidelines dock (F1) on ORG_VN, its first
  example clicked (where it occurs in the corpus);
- docs/concordance_screenshot.png: the Concordance dock after `binh thuan` (accent-free) with
  one hit labelled by hand, and the label-all preview for `ubnd` over it;
- docs/notes_screenshot.png: review mode with the Notes dock listing an annotator's notes and
  needs-review flag.

A temp database of the bundled corpus; everything is done through the window's own objects
(the docks' buttons, the notes controller). Runs offscreen (QT_QPA_PLATFORM=offscreen unless set).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ANNOTATOR_LANG", "en")

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QApplication

from annotator.core.document import Role
from annotator.qt.settings import open_settings
from annotator.qt.wiring import build_window
from annotator.services.project import Project

ROOT = Path(__file__).resolve().parent.parent


def settle(app: QApplication, n: int = 20) -> None:
    for _ in range(n):
        app.processEvents()


def window_for(project, user: str, settings_dir: str):
    os.environ["ANNOTATOR_SETTINGS"] = str(Path(settings_dir) / f"{user}.ini")
    w = build_window(project, project.annotator(user), open_settings())
    w.resize(1500, 900)
    w.show()
    w.open_initial_document()
    return w


def main() -> None:
    app = QApplication.instance() or QApplication([])
    docs = ROOT / "docs"
    with tempfile.TemporaryDirectory() as tmp:
        project = Project.open(str(Path(tmp) / "shot.sqlite3"))
        project.annotator("minh", Role.REVIEWER)
        w = window_for(project, "lan", tmp)
        doc = next(d for d in project.documents.ids() if "Bình Thuận" in project.document(d).text)
        w.open_document(doc)
        view = w.article_view
        start = view.text.index("UBND tỉnh Bình Thuận")
        view.select_range(start, start + len("UBND tỉnh Bình Thuận"))
        w.tagger.apply_label("ORG_VN")
        settle(app)
        # guidelines
        w.guidelines.open_for_current()
        w.guidelines.panel._link(QUrl("example:0"))
        w.resizeDocks([w.spans_dock, w.guidelines.dock], [150, 560], Qt.Orientation.Vertical)
        settle(app)
        w.grab().save(str(docs / "guidelines_screenshot.png"))
        w.guidelines.dock.hide()
        # concordance
        w.concordance.open()
        panel = w.concordance.panel
        panel.run_search("binh thuan")
        w.resizeDocks([w.concordance.dock], [380], Qt.Orientation.Vertical)
        settle(app)
        shot = w.grab()
        panel.run_search("ubnd")
        panel.label_combo.setCurrentText("ORG_VN")
        dlg = panel.label_hits(only_free=True)
        settle(app)
        preview = dlg.grab()
        both = QPixmap(shot.width(), shot.height() + preview.height() + 10)
        both.fill(app.palette().window().color())
        p = QPainter(both)
        p.drawPixmap(0, 0, shot)
        p.drawPixmap(20, shot.height() + 10, preview)
        p.end()
        both.save(str(docs / "concordance_screenshot.png"))
        dlg.reject()
        w.concordance.dock.hide()
        # notes
        span = next(s for s in w.session.spans if s.label == "ORG_VN")
        w.notes.add_note("ORG_VN or LOC_VN? The article means the province's people's committee.", span=span)
        w.notes.add_note("The second half of the article is an advert.")
        w.notes.set_flag(True)
        w.close()
        r = window_for(project, "minh", tmp)
        if r.mode is not r.review_mode:
            r.set_mode(r.review_mode)
        r.resizeDocks([r.notes.dock], [260], Qt.Orientation.Vertical)
        settle(app)
        r.grab().save(str(docs / "notes_screenshot.png"))
        r.close()
        project.close()
    print("wrote", *(docs / n for n in ("guidelines_screenshot.png", "concordance_screenshot.png", "notes_screenshot.png")))


if __name__ == "__main__":
    main()
