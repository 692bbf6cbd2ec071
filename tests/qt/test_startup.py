"""Start-up in two steps (annotator.qt.startup): the first article is painted from a standard-library
read before SQLAlchemy is imported; the window is usable at once and an edit made before the
services are loaded waits for them and is committed."""

from __future__ import annotations

import gc
import subprocess
import sys
import weakref
from pathlib import Path

from PySide6.QtWidgets import QApplication

from annotator.core.document import Span
from annotator.core.tokenize import TokenIndex
from annotator.qt.app import _early_window
from annotator.qt.layers import SessionSpanLayer
from annotator.qt.settings import last_document_key, open_settings
from annotator.qt.startup import ServicesLoader
from annotator.services.project import Project
from annotator.storage.quick_read import first_article, sqlite_path


def _spans_of(db: Path, user: str, doc_id: int) -> list[Span]:
    with Project.open(str(db), initialize=False) as p:
        return p.open_annotation(doc_id, p.annotators.find(user)).spans


def test_quick_read_opens_what_the_services_open(project, db_path):
    ids = project.documents.ids()
    lan = project.annotator("lan")
    session = project.open_annotation(ids[1], lan)
    from annotator.core.commands import AddSpan

    tok = TokenIndex(session.document.text)
    span = Span(tok.starts[3], tok.ends[4], "PER_VN")
    session.apply(AddSpan(span))
    # the document asked for, with the user's own set
    first = first_article(str(db_path), "lan", ids[1])
    assert first is not None and first.document == project.document(ids[1])
    assert first.spans == session.spans and first.relations == session.relations
    assert first.annotator == lan and first.status == session.status
    assert first.schema_yaml is not None
    # no document asked for: the first one the user has not done (as Documents.next_id)
    first = first_article(str(db_path), "lan")
    assert first.document.id == project.documents.next_id(None, lan, skip_done=True)
    # someone who has no row yet: the same document, nothing of hers
    other = first_article(str(db_path), "nobody yet")
    assert other is not None and other.annotator is None and other.spans == []
    # documents assigned: her list holds only hers (as the services' next_id)
    from annotator.services.assignment import Assignments

    Assignments(project.db).assign(["lan", "binh"], 1, ids[2:])
    first = first_article(str(db_path), "lan")
    assert first is not None and first.document.id == project.documents.next_id(None, lan, skip_done=True)
    assert first.document.id in ids[2:]
    assert first_article(str(db_path), "somebody new") is None  # among assigned documents: the services decide
    # what it cannot read exactly is left to the services
    assert first_article(str(db_path.parent / "missing.sqlite3"), "lan") is None
    assert first_article("postgresql+psycopg://u@localhost/db", "lan") is None
    assert sqlite_path(f"sqlite:///{db_path}") == db_path


def test_the_early_window_is_usable_before_the_services_and_takes_them_over(qtbot, project, db_path, settings_path):
    ids = project.documents.ids()
    project.close()
    settings = open_settings()
    settings.setValue(last_document_key(str(db_path), "lan"), ids[2])
    loader = ServicesLoader(str(db_path), "lan", None)
    window = _early_window(str(db_path), "lan", None, settings, loader)
    assert window is not None
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.pending and window.session is None and not loader.started
    text = window.article_view.text
    with Project.open(str(db_path), initialize=False) as p:
        assert text == p.document(ids[2]).text
    quick_layer = weakref.ref(window.layer)
    # at once: select a word and label it; the edit waits for the services and is committed
    tok = TokenIndex(text)
    start, end = tok.starts[5], tok.ends[6]
    window.article_view.select_range(start, end)
    assert window.tagger.apply_label("LOC_VN")
    assert not window.pending and window.document_id == ids[2]
    assert isinstance(window.layer, SessionSpanLayer)
    assert window.article_view.layer is window.layer
    assert Span(start, end, "LOC_VN") in _spans_of(db_path, "lan", ids[2])
    assert [window.span_model.span_at(r) for r in range(window.span_model.rowCount())] == window.session.spans
    assert window.document_model is not None and window.document_model.rowCount() == len(ids)
    # the start-up layer is freed once the session's took over
    QApplication.processEvents()
    gc.collect()
    assert quick_layer() is None
    window.close()
    window.project.close()


def test_an_edit_at_the_first_paint_is_committed_before_sqlalchemy_was_imported(tmp_path):
    db = tmp_path / "db.sqlite3"
    with Project.open(str(db)) as p:  # the bundled corpus and the default schema
        doc_id = p.documents.ids()[0]
        text = p.document(doc_id).text
    tok = TokenIndex(text)
    start, end = tok.starts[2], tok.ends[3]
    code = (
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from annotator.qt.app import run\n"
        "app = QApplication(['annotator'])\n"
        "def probe():\n"
        "    [w] = [x for x in app.topLevelWidgets() if type(x).__name__ == 'MainWindow']\n"
        "    print('BEFORE', 'sqlalchemy' in sys.modules, w.pending, w.article_view.text[:20] != '', flush=True)\n"
        f"    w.article_view.select_range({start}, {end})\n"
        "    print('EDIT', w.tagger.apply_label('PER_VN'), 'sqlalchemy' in sys.modules, flush=True)\n"
        "    w.close()\n"
        "QTimer.singleShot(0, probe)\n"
        f"sys.exit(run(db={str(db)!r}, user='lan'))\n"
    )
    env = {"QT_QPA_PLATFORM": "offscreen", "ANNOTATOR_SETTINGS": str(tmp_path / "s.ini"), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr + out.stdout
    assert "BEFORE False True True" in out.stdout, out.stdout + out.stderr  # painted, no SQLAlchemy yet
    assert "EDIT True True" in out.stdout, out.stdout + out.stderr  # waited for the services, committed
    assert Span(start, end, "PER_VN") in _spans_of(db, "lan", doc_id)
