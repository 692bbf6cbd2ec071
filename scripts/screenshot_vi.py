"""Render docs/screenshot_vi.png: the window in Vietnamese (as `annotator --lang vi` opens it).

    python scripts/screenshot_vi.py [OUTPUT.png]

The same temp database and tagged first article as `scripts/screenshot.py`; the Vietnamese
translation (`annotator/qt/i18n/annotator_vi.qm`) is installed before the window is built, as
`annotator.qt.app.run` does. Runs offscreen (QT_QPA_PLATFORM=offscreen unless set).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtWidgets import QApplication
from screenshot import ROOT, tag_first_article

from annotator.qt.i18n import install
from annotator.qt.settings import open_settings
from annotator.qt.wiring import build_window
from annotator.services.project import Project


def main(out: str | None = None) -> Path:
    target = Path(out) if out else ROOT / "docs" / "screenshot_vi.png"
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ANNOTATOR_SETTINGS"] = str(Path(tmp) / "settings.ini")
        app = QApplication.instance() or QApplication(sys.argv[:1])
        if install(app, "vi") is None:
            raise SystemExit("annotator_vi.qm not found: run scripts/update_translations.py")
        project = Project.open(str(Path(tmp) / "screenshot.sqlite3"))
        user = "Lan"
        doc_id = tag_first_article(project, user)
        window = build_window(project, project.annotator(user), open_settings())
        window.resize(1400, 820)
        window.show()
        window.open_document(doc_id)
        app.processEvents()
        window.relation_list.selectRow(0)
        window.tagger.select_span(window.span_model.span_at(1))
        window.article_view.verticalScrollBar().setValue(0)
        window.show_saved("gán nhãn PER_VN “Phan Văn Đăng”")
        for _ in range(5):
            app.processEvents()
        target.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(target))
        window.close()
        project.close()
    print(target)
    return target


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
