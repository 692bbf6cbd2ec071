"""Done + next, skip, navigation, restart on the same file, blind annotation, settings."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import Qt
from qt_helpers import db_relations, db_spans, db_status, drag, find

from annotator.core.document import Relation, Status
from annotator.qt.app import choose_user
from annotator.qt.settings import open_settings
from annotator.qt.wiring import build_window
from annotator.services.project import Project


def _tag(qtbot, window, phrase: str, key, nth: int = 0):
    start, end = find(window.session.document.text, phrase, nth)
    drag(qtbot, window.article_view, start, end)
    qtbot.keyClick(window.article_view, key)
    return start, end


def test_done_and_next_then_skip(qtbot, project, db_path, make_window):
    window = make_window(project)
    first = window.document_id
    _tag(qtbot, window, "Phan Văn Đăng", Qt.Key.Key_1)
    qtbot.keyClick(window.article_view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    status, seconds = db_status(db_path, first)
    assert status == "done" and seconds > 0
    second = window.document_id
    assert second != first
    row = window.document_model.row_of(first)
    qtbot.waitUntil(lambda: window.document_model.index(row, 1).data() == "done", timeout=2000)
    # skip the second: it is stored as skipped and the next not-done one opens
    qtbot.keyClick(window.article_view, Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert db_status(db_path, second)[0] == "skipped"
    assert window.document_id not in (first, second)
    # N / P and Alt+arrows walk the list in order
    here = window.document_id
    qtbot.keyClick(window.article_view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.document_id == project.documents.next_id(here, window.annotator, skip_done=False)
    qtbot.keyClick(window.article_view, Qt.Key.Key_P)
    assert window.document_id == here
    # Ctrl+Enter on the last not-done documents eventually says there is nothing left
    for _ in range(5):
        window.done_and_next()
    assert all(db_status(db_path, d)[0] in ("done", "skipped") for d in project.documents.ids())


def test_document_list_opens_and_filters(qtbot, project, make_window):
    window = make_window(project)
    lst = window.document_list
    assert window.document_model.rowCount() == 5
    target = window.document_model.summary(3).id
    idx = window.document_model.index(3, 0)
    qtbot.mouseClick(lst.table.viewport(), Qt.MouseButton.LeftButton, pos=lst.table.visualRect(idx).center())
    assert window.document_id == target
    assert window.article_view.hasFocus()  # the keyboard goes on in the article: arrows, label keys
    qtbot.keyClicks(lst.filter_edit, "KEPCO")
    qtbot.waitUntil(lambda: window.document_model.rowCount() < 5, timeout=3000)
    titles = [window.document_model.summary(r) for r in range(window.document_model.rowCount())]
    assert titles and all("KEPCO" in project.document(d.id).text for d in titles)
    lst.filter_edit.clear()
    lst.status_combo.setCurrentIndex(lst.status_combo.findData(Status.DONE))
    assert window.document_model.rowCount() == 0
    assert "0 document(s)" in lst.count_label.text()


def test_restart_on_the_same_file_shows_everything(qtbot, db_path, settings_path, make_window):
    project = Project.open(str(db_path))
    window = make_window(project)
    person = _tag(qtbot, window, "Phan Văn Đăng", Qt.Key.Key_1)
    title = _tag(qtbot, window, "Phó Chủ tịch Thường trực UBND tỉnh Bình Thuận", Qt.Key.Key_3)
    assert window.tagger.add_relation(Relation((*person, "PER_VN"), (*title, "TITLE"), "HAS_TITLE"))
    qtbot.keyClick(window.article_view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    second = window.document_id
    qtbot.keyClick(window.article_view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    size = window.article_view.point_size()
    window.relations_dock.hide()  # the dock layout is remembered too
    spans, rels = db_spans(db_path), db_relations(db_path)
    window.close()
    project.close()

    project2 = Project.open(str(db_path))
    try:
        window2 = build_window(project2, project2.annotator("lan"), open_settings())
        qtbot.addWidget(window2)
        window2.show()
        window2.open_initial_document()
        assert window2.document_id == second  # the last document comes back
        assert window2.article_view.point_size() == size
        assert not window2.relations_dock.isVisible() and window2.spans_dock.isVisible()
        window2.open_document(project2.documents.ids()[0])
        assert sorted(s.key for s in window2.layer.spans()) == spans
        assert window2.relation_model.rowCount() == len(rels) == 1
        assert window2.session.status is Status.DONE
        assert window2.document_model.index(0, 1).data() == "done"
        window2.close()
    finally:
        project2.close()


def test_blind_annotation_each_annotator_sees_only_their_set(qtbot, project, db_path, make_window):
    window = make_window(project, user="lan")
    doc = window.document_id
    _tag(qtbot, window, "Phan Văn Đăng", Qt.Key.Key_1)
    window.set_annotator("minh")  # at once: lan's pending list update must not show up for minh
    qtbot.wait(100)
    assert window.document_id == doc
    assert len(window.layer) == 0 and window.span_model.rowCount() == 0
    assert window.document_model.index(window.document_model.row_of(doc), 1).data() == "todo"
    assert "minh" in window.user_button.text()
    _tag(qtbot, window, "Trần Hải Linh", Qt.Key.Key_1)
    assert [s[2] for s in db_spans(db_path, "minh")] == ["PER_VN"]
    window.set_annotator("lan")
    texts = [window.session.document.text[s.start : s.end] for s in window.layer.spans()]
    assert texts == ["Phan Văn Đăng"]


def test_choose_user_order(settings_path):
    settings = open_settings()
    assert choose_user(settings, "  an  ") == "an"
    settings.setValue("last_user", "binh")
    assert choose_user(settings, None) == "binh"
    settings.remove("last_user")
    assert choose_user(settings, None, ask=False)  # the OS user name


def test_run_starts_paints_and_keeps_spacy_away(tmp_path):
    """`annotator.qt.app.run` in a fresh interpreter: new database, first article painted, no spaCy."""
    code = (
        "import sys; from annotator.qt.app import run; "
        f"rc = run(db={str(tmp_path / 'new.sqlite3')!r}, user='lan', role='reviewer'); "
        "print('SPACY', 'spacy' in sys.modules); sys.exit(rc)"
    )
    env = {"QT_QPA_PLATFORM": "offscreen", "ANNOTATOR_BENCH_STARTUP": "1",
           "ANNOTATOR_SETTINGS": str(tmp_path / "s.ini"), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "ANNOTATOR_STARTUP" in out.stdout
    assert "SPACY False" in out.stdout
    with Project.open(str(tmp_path / "new.sqlite3"), initialize=False) as p:
        assert len(p.documents.ids()) == 5
        assert p.annotators.find("lan").is_reviewer


def test_first_run_prompt_proposes_the_os_user(qtbot, settings_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QInputDialog

    seen = {}

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        seen["proposed"] = dialog.textValue()
        dialog.setTextValue("  Thu  ")
        dialog.accept()

    QTimer.singleShot(50, answer)
    assert choose_user(open_settings(), None) == "Thu"
    assert seen["proposed"]  # the OS user name was offered
