"""Render docs/suggestions_screenshot.png: the window with the bundled gazetteer's suggestions.

    python scripts/screenshot_suggestions.py [OUTPUT.png]

A temp database of the bundled corpus; the bundled gazetteer (`resources/patterns/`) is run
over it through the services (`suggest_patterns`, what Model → Suggest with patterns runs in its
worker thread); the window opens the first article, accepts the first two suggestions and rejects
the third with the window's own key handling (Tab, Enter, X), then selects the next one (Tab).
Beside it, `docs/suggestions_screenshot_detail.png`: the lines around the selected suggestion
magnified 4× (pixels repeated, not smoothed), to check that no dashed outline touches a mark.

Runs offscreen (QT_QPA_PLATFORM=offscreen unless set).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

from annotator.core.gazetteer import default_gazetteer_path
from annotator.qt.settings import open_settings
from annotator.qt.wiring import build_window
from annotator.services import suggest
from annotator.services.project import Project

ROOT = Path(__file__).resolve().parent.parent


def main(out: str | None = None) -> Path:
    target = Path(out) if out else ROOT / "docs" / "suggestions_screenshot.png"
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ANNOTATOR_SETTINGS"] = str(Path(tmp) / "settings.ini")
        app = QApplication.instance() or QApplication(sys.argv[:1])
        project = Project.open(str(Path(tmp) / "screenshot.sqlite3"))
        user = "Lan"
        annotator = project.annotator(user)
        suggest.suggest_patterns(project, default_gazetteer_path())
        doc_id = project.documents.next_id(None, annotator, skip_done=False)
        window = build_window(project, annotator, open_settings())
        window.resize(1400, 820)
        window.show()
        window.open_document(doc_id)
        app.processEvents()
        ctl = window.suggestions
        view = window.article_view
        view.setFocus()
        for key in ("next", "accept", "accept", "reject", "next"):
            ctl.on_key(key)
            app.processEvents()
        selected = view.selected_span
        view.verticalScrollBar().setValue(0)
        for _ in range(5):
            app.processEvents()
        target.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(target))
        rects = view.span_rects(selected) if selected is not None else []
        if rects:
            r = rects[0].toAlignedRect()
            box = QRect(max(0, r.left() - 160), max(0, r.top() - 60), 480, r.height() + 120)
        else:
            box = QRect(0, 0, 480, 200)
        detail = view.viewport().grab(box).toImage()
        detail = detail.scaled(detail.width() * 4, detail.height() * 4, Qt.AspectRatioMode.IgnoreAspectRatio,
                               Qt.TransformationMode.FastTransformation)
        detail.save(str(target.with_name(target.stem + "_detail.png")))
        print(f"{len(ctl.shown())} suggestions shown; selected: "
              f"{selected.label if selected else None} {view.text[selected.start:selected.end] if selected else ''}")
        window.close()
        project.close()
    print(target)
    return target


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
