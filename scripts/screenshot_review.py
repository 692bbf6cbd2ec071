"""Render docs/review_screenshot.png (review mode) and docs/agreement_screenshot.png (dashboard).

    python scripts/screenshot_review.py [OUT_DIR]

Runs offscreen (QT_QPA_PLATFORM=offscreen unless set) on a temp database of the bundled corpus:
two annotators label the first article differently and mark it done (through the same service
the window uses), a reviewer merges what they agree on, decides a few candidates, and the window
is shown in review mode on the next open conflict.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QApplication

from annotator.core.adjudication import Decision
from annotator.core.commands import AddRelation, AddSpan
from annotator.core.document import Relation, Source, Span, Status
from annotator.qt.settings import open_settings
from annotator.qt.wiring import build_window
from annotator.services.project import Project

ROOT = Path(__file__).resolve().parent.parent

# (label, text, occurrence) on the first bundled article
LAN = [
    ("DATE", "19/8", 0),
    ("ORG_VN", "UBND Tỉnh Bình Thuận", 0),
    ("PER_VN", "Phan Văn Đăng", 0),
    ("TITLE", "Phó Chủ tịch Thường trực UBND tỉnh Bình Thuận", 0),
    ("ORG_VN", "Hiệp hội Doanh nghiệp tỉnh Bình Thuận", 0),
    ("ORG_OTHER", "Hiệp hội VKBIA", 0),
    ("PER_VN", "Trần Hải Linh", 0),
    ("TITLE", "Chủ tịch Hiệp hội VKBIA", 0),
    ("LOC_KR", "Hàn Quốc", 0),
]
MINH = [
    ("DATE", "19/8", 0),
    ("LOC_VN", "Bình Thuận", 0),
    ("PER_VN", "Phan Văn Đăng", 0),
    ("TITLE", "Phó Chủ tịch Thường trực", 0),
    ("ORG_VN", "Hiệp hội Doanh nghiệp tỉnh Bình Thuận", 0),
    ("ORG_KR", "Hiệp hội VKBIA", 0),
    ("PER_KR", "Trần Hải Linh", 0),
    ("TITLE", "Chủ tịch Hiệp hội VKBIA", 0),
    ("LOC_KR", "Hàn Quốc", 0),
]
RELATIONS = {
    "Lan": [(("PER_VN", "Phan Văn Đăng", 0), "HAS_TITLE", ("TITLE", "Phó Chủ tịch Thường trực UBND tỉnh Bình Thuận", 0))],
    "Minh": [(("PER_VN", "Phan Văn Đăng", 0), "HAS_TITLE", ("TITLE", "Phó Chủ tịch Thường trực", 0))],
}


def locate(text: str, phrase: str, nth: int) -> tuple[int, int]:
    pos = -1
    for _ in range(nth + 1):
        pos = text.find(phrase, pos + 1)
        if pos < 0:
            raise SystemExit(f"not found in the first article: {phrase!r} #{nth}")
    return pos, pos + len(phrase)


def label_article(project: Project, doc_id: int, user: str, spans, relations) -> None:
    session = project.open_annotation(doc_id, project.annotator(user))
    text = session.document.text
    keys = {}
    for label, phrase, nth in spans:
        span = Span(*locate(text, phrase, nth), label, Source.MANUAL)
        session.apply(AddSpan(span))
        keys[(label, phrase, nth)] = span.key
    for head, label, tail in relations:
        session.apply(AddRelation(Relation(keys[head], keys[tail], label)))
    session.set_status(Status.DONE)


def settle(app: QApplication) -> None:
    for _ in range(8):
        app.processEvents()


def main(out_dir: str | None = None) -> tuple[Path, Path]:
    target = Path(out_dir) if out_dir else ROOT / "docs"
    target.mkdir(parents=True, exist_ok=True)
    review_png, agreement_png = target / "review_screenshot.png", target / "agreement_screenshot.png"
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ANNOTATOR_SETTINGS"] = str(Path(tmp) / "settings.ini")
        app = QApplication.instance() or QApplication(sys.argv[:1])
        project = Project.open(str(Path(tmp) / "screenshot.sqlite3"))
        doc_id = project.documents.ids()[0]
        label_article(project, doc_id, "Lan", LAN, RELATIONS["Lan"])
        label_article(project, doc_id, "Minh", MINH, RELATIONS["Minh"])
        reviewer = project.annotator("Hoa", "reviewer")
        window = build_window(project, reviewer, open_settings())
        window.resize(1480, 860)
        window.show()
        window.open_document(doc_id)
        mode = window.review_mode
        assert mode.enter()
        mode.merge("unanimous")
        text = mode.text
        org = locate(text, "UBND Tỉnh Bình Thuận", 0)
        mode.select_candidate((*org, "ORG_VN"))
        mode.decide(Decision.ACCEPT)
        loc = locate(text, "Bình Thuận", 0)
        mode.select_candidate((*loc, "LOC_VN"))
        mode.decide(Decision.REJECT)
        mode.select_candidate(None)
        mode.step(True)  # the first open conflict, outlined and selected in the list
        mode.layer_combo.setCurrentIndex(mode.layer_combo.findData("Minh"))
        window.article_view.verticalScrollBar().setValue(0)
        mode.side_view.verticalScrollBar().setValue(0)
        settle(app)
        window.grab().save(str(review_png))

        dlg = mode.open_dashboard()
        dlg.resize(820, 470)
        dlg.tabs.setCurrentIndex(0)
        settle(app)
        overview = dlg.grab()
        dlg.tabs.setCurrentWidget(dlg.confusion_table)
        settle(app)
        pairs = dlg.grab()
        sheet = QPixmap(overview.width(), overview.height() + pairs.height())
        sheet.fill(Qt.GlobalColor.white)
        p = QPainter(sheet)
        p.drawPixmap(0, 0, overview)
        p.drawPixmap(0, overview.height(), pairs)
        p.end()
        sheet.save(str(agreement_png))
        dlg.close()
        window.close()
        project.close()
    print(review_png)
    print(agreement_png)
    return review_png, agreement_png


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
