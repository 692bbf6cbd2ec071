"""Render docs/screenshot.png: the window on a temp database of the bundled corpus, first article tagged.

    python scripts/screenshot.py [OUTPUT.png]

Beside it, `docs/screenshot_detail.png`: the nested spans and relation arcs of the first lines,
magnified 3× (pixels doubled, not smoothed), to check that every Vietnamese mark is intact.

Runs offscreen (QT_QPA_PLATFORM=offscreen unless set). The spans and relations are added through
the same service the window uses (`AnnotationSession.apply`), then the window is opened on them.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

from annotator.core.commands import AddRelation, AddSpan
from annotator.core.document import Relation, Source, Span
from annotator.qt.settings import open_settings
from annotator.qt.wiring import build_window
from annotator.services.project import Project

ROOT = Path(__file__).resolve().parent.parent

# (label, text, occurrence) on the first bundled article
SPANS = [
    ("DATE", "19/8", 0),
    ("ORG_VN", "UBND Tỉnh Bình Thuận", 0),
    ("LOC_VN", "Bình Thuận", 0),
    ("PER_VN", "Phan Văn Đăng", 0),
    ("TITLE", "Phó Chủ tịch Thường trực UBND tỉnh Bình Thuận", 0),
    ("ORG_VN", "UBND tỉnh Bình Thuận", 0),
    ("LOC_VN", "Bình Thuận", 1),
    ("ORG_VN", "Hiệp hội Doanh nghiệp tỉnh Bình Thuận", 0),
    ("LOC_VN", "Bình Thuận", 2),
    ("ORG_OTHER", "Hiệp hội VKBIA", 0),
    ("PER_VN", "Trần Hải Linh", 0),
    ("ORG_VN", "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", 0),
    ("TITLE", "Chủ tịch Hiệp hội VKBIA", 0),
    ("ORG_OTHER", "Hiệp hội VKBIA", 1),
    ("LOC_VN", "Bình Thuận", 3),
    ("LOC_KR", "Hàn Quốc", 0),
    ("LOC_VN", "Bình Thuận", 4),
]
RELATIONS = [
    (("PER_VN", "Phan Văn Đăng", 0), "HAS_TITLE", ("TITLE", "Phó Chủ tịch Thường trực UBND tỉnh Bình Thuận", 0)),
    (("TITLE", "Phó Chủ tịch Thường trực UBND tỉnh Bình Thuận", 0), "TITLE_OF", ("ORG_VN", "UBND tỉnh Bình Thuận", 0)),
    (("PER_VN", "Trần Hải Linh", 0), "HAS_TITLE", ("TITLE", "Chủ tịch Hiệp hội VKBIA", 0)),
    (("PER_VN", "Trần Hải Linh", 0), "LEADS", ("ORG_OTHER", "Hiệp hội VKBIA", 0)),
]


def locate(text: str, phrase: str, nth: int) -> tuple[int, int]:
    pos = -1
    for _ in range(nth + 1):
        pos = text.find(phrase, pos + 1)
        if pos < 0:
            raise SystemExit(f"not found in the first article: {phrase!r} #{nth}")
    return pos, pos + len(phrase)


def tag_first_article(project: Project, user: str) -> int:
    annotator = project.annotator(user)
    doc_id = project.documents.next_id(None, annotator, skip_done=False)
    assert doc_id is not None
    session = project.open_annotation(doc_id, annotator)
    text = session.document.text
    keys = {}
    for label, phrase, nth in SPANS:
        start, end = locate(text, phrase, nth)
        span = Span(start, end, label, Source.MANUAL)
        session.apply(AddSpan(span))
        keys[(label, phrase, nth)] = span.key
    for head, label, tail in RELATIONS:
        session.apply(AddRelation(Relation(keys[head], keys[tail], label)))
    return doc_id


def main(out: str | None = None) -> Path:
    target = Path(out) if out else ROOT / "docs" / "screenshot.png"
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ANNOTATOR_SETTINGS"] = str(Path(tmp) / "settings.ini")
        app = QApplication.instance() or QApplication(sys.argv[:1])
        project = Project.open(str(Path(tmp) / "screenshot.sqlite3"))
        user = "Lan"
        doc_id = tag_first_article(project, user)
        window = build_window(project, project.annotator(user), open_settings())
        window.resize(1400, 820)
        window.show()
        window.open_document(doc_id)
        app.processEvents()
        # show the first person selected and a relation highlighted, as while working
        window.relation_list.selectRow(0)
        first = window.span_model.span_at(1)
        window.tagger.select_span(first)
        window.article_view.verticalScrollBar().setValue(0)
        for _ in range(5):
            app.processEvents()
        target.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(target))
        view = window.article_view
        detail = view.viewport().grab(QRect(0, 0, min(720, view.viewport().width()), 290)).toImage()
        detail = detail.scaled(detail.width() * 3, detail.height() * 3, Qt.AspectRatioMode.IgnoreAspectRatio,
                               Qt.TransformationMode.FastTransformation)
        detail.save(str(target.with_name(target.stem + "_detail.png")))
        window.close()
        project.close()
    print(target)
    return target


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
