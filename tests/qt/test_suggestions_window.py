"""Suggestions in the window: shown as dashed pending spans, accepted and rejected with real key
presses, stored with their provenance, undone with Ctrl+Z, hidden below the score threshold,
drawn without touching a glyph; Model → Train now in a worker thread, then the uncertainty queue."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from qt_helpers import db_spans, rows_of
from test_glyph_fidelity import LETTERS, _ink_mask, _inks, _pixels, _render, _text, _view

from annotator.core.document import IncomingDocument, IncomingSet, SetKind, Span, Status
from annotator.core.gazetteer import default_gazetteer_path
from annotator.core.suggestions import Suggestion
from annotator.qt.article_view import ALL_PARTS
from annotator.qt.layers import SessionSpanLayer
from annotator.services import suggest as sg
from annotator.services.project import Project

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from suggest_news import generate_articles


def _db_meta(db_path: Path, user: str = "lan") -> dict[tuple[int, int, str], tuple[str, dict | None]]:
    rows = rows_of(
        db_path,
        "SELECT s.start, s.\"end\", s.label, s.source, s.meta FROM span s JOIN annotation_set a ON a.id = s.set_id "
        "JOIN annotator u ON u.id = a.annotator_id WHERE u.name = ?",
        user,
    )
    return {(a, b, c): (src, json.loads(m) if isinstance(m, str) else m) for a, b, c, src, m in rows}


def _rejected(db_path: Path, user: str = "lan") -> set[int]:
    rows = rows_of(db_path, "SELECT r.suggestion_id FROM suggestion_rejection r JOIN annotator u ON u.id = r.annotator_id "
                            "WHERE u.name = ?", user)
    return {r[0] for r in rows}


@pytest.fixture
def suggested(project):
    """The bundled corpus with the bundled gazetteer's suggestions stored (spaCy runs here, not in the window)."""
    report = sg.suggest_patterns(project, default_gazetteer_path())
    assert report.suggestions > 0
    return project


def _window_on_suggestions(make_window, project, user: str = "lan"):
    window = make_window(project, user)
    ctl = window.suggestions
    # the article the window opened; if the gazetteer found nothing there, the first one it did
    if not ctl.offered:
        doc = next(d for d in project.documents.ids() if sg.pending(project, d, project.annotator(user)))
        window.open_document(doc)
    assert ctl.offered
    window.article_view.setFocus()
    QApplication.processEvents()
    return window, ctl


def test_gazetteer_suggestions_are_drawn_as_dashed_outlines_without_fill(make_window, suggested):
    window, ctl = _window_on_suggestions(make_window, suggested)
    lan = suggested.annotator("lan")
    expected = sg.pending(suggested, window.document_id, lan)
    assert [s.key for s in ctl.shown()] == [s.key for s in expected]
    layer = window.layer
    assert set(layer.suggestions) == {s.key for s in expected}
    drawn = {s.key for s in layer.spans()}
    assert {s.key for s in expected} <= drawn
    for s in expected:
        st = layer.style(Span(*s.key))
        assert st.dashed and not st.fill and st.caption == f"{s.label} ?"
    assert f"Suggestions: {len(expected)}" in ctl.count_label.text()
    # nothing is an annotation yet
    assert db_spans(Path(suggested.db.url.replace("sqlite:///", ""))) == []


def test_accept_and_reject_with_keys_stored_with_provenance_and_not_reoffered(qtbot, make_window, suggested, db_path):
    window, ctl = _window_on_suggestions(make_window, suggested)
    view, doc = window.article_view, window.document_id
    offered = list(ctl.shown())
    assert len(offered) >= 2, "the test needs two suggestions on the article"
    first, second = offered[0], offered[1]
    view.set_caret(0)
    # Tab selects the first suggestion, Enter accepts it, and the next one is selected
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.selected_span is not None and view.selected_span.key == first.key
    qtbot.keyClick(view, Qt.Key.Key_Return)
    stored = _db_meta(db_path)
    assert first.key in stored
    source, meta = stored[first.key]
    assert source == "pattern"
    assert meta["suggested_by"] == "pattern" and meta["suggester"] == first.version and meta["suggestion_id"] == first.id
    assert first.key not in window.layer.suggestions and not window.layer.style(Span(*first.key)).dashed
    assert view.selected_span is not None and view.selected_span.key == second.key
    # X rejects the selected one: no span, a rejection row, no longer drawn
    qtbot.keyClick(view, Qt.Key.Key_X)
    assert second.key not in _db_meta(db_path)
    assert second.id in _rejected(db_path)
    assert second.key not in window.layer.suggestions
    assert window.edits.history.can_undo
    # reopened (another document and back, then a new window): the rejected one is not offered again
    other = next(d for d in suggested.documents.ids() if d != doc)
    window.open_document(other)
    window.open_document(doc)
    keys = set(window.layer.suggestions)
    assert second.key not in keys and first.key not in keys
    assert first.key in {s.key for s in window.session.spans}
    window.close()
    again = Project.open(str(db_path))
    try:
        pending = {s.key for s in sg.pending(again, doc, again.annotator("lan"))}
        assert second.key not in pending and first.key not in pending
    finally:
        again.close()


def test_undo_of_an_accept_and_of_a_reject_with_ctrl_z(qtbot, make_window, suggested, db_path):
    window, ctl = _window_on_suggestions(make_window, suggested)
    view = window.article_view
    first = ctl.shown()[0]
    view.set_caret(first.start)  # under the caret: A accepts that one
    qtbot.keyClick(view, Qt.Key.Key_A)
    assert first.key in _db_meta(db_path)
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert first.key not in _db_meta(db_path)
    assert first.key in window.layer.suggestions, "the undone accept is a pending suggestion again"
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    source, meta = _db_meta(db_path)[first.key]
    assert source == "pattern" and meta["suggestion_id"] == first.id, "redo keeps the provenance"
    # a reject, undone: the suggestion is offered again and its rejection row is gone
    target = ctl.shown()[0]
    window.tagger.select_span(Span(*target.key))
    qtbot.keyClick(view, Qt.Key.Key_X)
    assert target.id in _rejected(db_path) and target.key not in window.layer.suggestions
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert target.id not in _rejected(db_path) and target.key in window.layer.suggestions


def test_shift_a_accepts_every_shown_suggestion_as_one_step(qtbot, make_window, suggested, db_path):
    window, ctl = _window_on_suggestions(make_window, suggested)
    view = window.article_view
    shown = ctl.shown()
    qtbot.keyClick(view, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
    stored = _db_meta(db_path)
    assert {s.key for s in shown} <= set(stored)
    assert all(stored[s.key][1]["suggestion_id"] == s.id for s in shown)
    assert not window.layer.suggestions and ctl.shown() == []
    assert len(window.edits.history) == 1
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not set(_db_meta(db_path)) & {s.key for s in shown}
    assert set(window.layer.suggestions) == {s.key for s in shown}


def test_suggestion_keys_are_off_without_suggestions_and_in_review_mode(qtbot, make_window, project):
    """Without suggestions A, X, Enter do nothing and Tab moves the focus as before."""
    window = make_window(project)
    view = window.article_view
    view.setFocus()
    assert not view.suggestions_shown()
    got: list[str] = []
    view.suggestion_key.connect(got.append)
    for key in (Qt.Key.Key_A, Qt.Key.Key_X, Qt.Key.Key_Return):
        qtbot.keyClick(view, key)
    assert got == [] and db_spans(Path(project.db.url.replace("sqlite:///", ""))) == []


def test_tab_moves_the_focus_without_suggestions(qtbot, make_window, project):
    window = make_window(project)
    view = window.article_view
    view.setFocus()
    qtbot.waitUntil(view.hasFocus, timeout=2000)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert not view.hasFocus(), "Tab is focus navigation when the article shows no suggestion"


def test_review_mode_keeps_a_and_x_for_candidates(qtbot, make_window, suggested, db_path):
    """In review mode the article shows the merged view: no suggestion is drawn and A, X, Enter,
    Tab never touch suggestions; back in annotate mode they do again."""
    doc = next(d for d in suggested.documents.ids() if sg.pending(suggested, d, suggested.annotator("rev")))
    window = make_window(suggested, "rev", role="reviewer", open_first=False)
    window.open_document(doc)
    assert window.suggestions.offered
    qtbot.keyClick(window.article_view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert window.mode is window.review_mode
    view = window.article_view
    assert not view.suggestions_shown()
    got: list[str] = []
    view.suggestion_key.connect(got.append)
    for key in (Qt.Key.Key_A, Qt.Key.Key_X, Qt.Key.Key_Return):
        qtbot.keyClick(view, key)
    assert got == [] and _rejected(db_path, "rev") == set() and _db_meta(db_path, "rev") == {}
    window.set_mode(None)
    assert view.suggestions_shown()
    qtbot.keyClick(view, Qt.Key.Key_A)
    assert got == ["accept"] and len(_db_meta(db_path, "rev")) == 1


def test_model_menu_suggest_with_patterns_runs_in_a_worker_thread(qtbot, make_window, project, db_path, tmp_path):
    """Model → Suggest with patterns (the file dialog's answer given): the matches are stored off
    the UI thread and the open article's suggestions appear; a bad file is one line, nothing stored."""
    window = make_window(project)
    ctl = window.suggestions
    assert ctl.offered == []
    text = window.session.document.text
    word = "Bình Thuận" if "Bình Thuận" in text else text.split()[0]
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps({"label": "LOC_VN", "pattern": word}, ensure_ascii=False) + "\n", encoding="utf-8")
    main_thread = threading.get_ident()
    seen: list[int] = []
    original = sg.suggest_patterns

    def spy(*args, **kwargs):  # the real service, noting the thread it runs in
        seen.append(threading.get_ident())
        return original(*args, **kwargs)

    sg.suggest_patterns = spy
    try:
        with qtbot.waitSignal(ctl.job_done, timeout=60_000) as done:
            assert ctl.suggest_patterns(path) is not None
    finally:
        sg.suggest_patterns = original
    assert seen and seen[0] != main_thread
    report = done.args[0]
    assert report.suggestions >= text.count(word) >= 1
    assert {text[s.start:s.end] for s in ctl.offered} == {word}
    assert set(window.layer.suggestions) == {s.key for s in ctl.offered}
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"label": "LOC_VN"}\n', encoding="utf-8")
    with qtbot.waitSignal(ctl.job_done, timeout=60_000) as done:
        ctl.suggest_patterns(bad)
    assert isinstance(done.args[0], str) and str(bad) in done.args[0] and "\n" not in done.args[0]
    assert "bad.jsonl" in window.statusBar().currentMessage()


def test_start_up_paints_first_then_shows_suggestions_once_the_services_are_up_without_spacy(tmp_path):
    """The real start-up (`annotator.qt.app.run`): the article is painted before the services load
    and before any suggestion is read; once they are up, the stored suggestions are drawn; spaCy is
    never imported in the window's process."""
    db = tmp_path / "db.sqlite3"
    with Project.open(str(db)) as p:
        sg.suggest_patterns(p, default_gazetteer_path())
        lan = p.annotator("lan")
        doc_id = next(d for d in p.documents.ids() if sg.pending(p, d, lan))
        expected = len(sg.pending(p, doc_id, lan))
    settings = tmp_path / "s.ini"
    code = (
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from annotator.qt.app import run\n"
        "from annotator.qt.settings import last_document_key, open_settings\n"
        f"open_settings().setValue(last_document_key({f'sqlite:///{db}'!r}, 'lan'), {doc_id})\n"
        "app = QApplication(['annotator'])\n"
        "def window():\n"
        "    return [x for x in app.topLevelWidgets() if type(x).__name__ == 'MainWindow'][0]\n"
        "def first():\n"
        "    w = window()\n"
        "    print('FIRST', w.pending, w.document_id, len(getattr(w.layer, 'suggestions', {})),\n"
        "          'annotator.services.suggest' in sys.modules, flush=True)\n"
        "    QTimer.singleShot(50, later)\n"
        "def later():\n"
        "    w = window()\n"
        "    if w.pending or w.session is None:\n"
        "        QTimer.singleShot(50, later)\n"
        "        return\n"
        "    print('LOADED', w.document_id, len(w.layer.suggestions), 'spacy' in sys.modules, flush=True)\n"
        "    w.close()\n"
        "QTimer.singleShot(0, first)\n"
        f"sys.exit(run(db={str(db)!r}, user='lan'))\n"
    )
    env = {"QT_QPA_PLATFORM": "offscreen", "ANNOTATOR_SETTINGS": str(settings), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr + out.stdout
    assert f"FIRST True {doc_id} 0 False" in out.stdout, out.stdout + out.stderr
    assert f"LOADED {doc_id} {expected} False" in out.stdout, out.stdout + out.stderr


# -- glyph fidelity of a suggestion's outline ----------------------------------------------------
def test_a_suggestion_outline_leaves_every_vietnamese_letter_whole(qtbot, empty_project):
    """Every Vietnamese letter as a pending suggestion (alone, and inside an accepted span): its
    ink is the ink it has outside any span, and no pixel of outline or chip lies on text ink."""
    text, where = _text()
    empty_project.importer.import_documents([IncomingDocument(text=text, uid="letters", title="letters")])
    doc_id = empty_project.documents.ids()[0]
    session = empty_project.open_annotation(doc_id, empty_project.annotator("lan"))
    for size in (9.0, 11.5, 17.0):
        view = _view(qtbot, size)
        plain_layer = SessionSpanLayer(session)
        view.set_article(text, plain_layer, None)
        plain = _inks(view, where)
        assert all(plain)
        layer = SessionSpanLayer(session)
        one = [Suggestion(i, doc_id, o, o + 1, "ORG_VN", 0.5, "model", "m@1") for i, o in enumerate(where)]
        # a suggestion around "ba L" over a pattern one on L: nested dashed outlines
        nested = [Suggestion(10_000 + i, doc_id, o - 3, o + 1, "PER_VN", None, "pattern", "p@1")
                  for i, o in enumerate(where)]
        layer.set_suggestions(one + nested)
        view.set_article(text, layer, None)
        got = _inks(view, where)
        bad = [LETTERS[i] for i, (a, b) in enumerate(zip(plain, got, strict=True)) if a != b]
        assert not bad, f"{size} pt: the ink of {''.join(bad)} differs inside a suggestion"
        ink = _ink_mask(_pixels(_render(view, frozenset({"text"}))))
        deco = _pixels(_render(view, ALL_PARTS - {"text"}))
        on_ink = np.argwhere(ink & (deco != 255).any(axis=2))
        assert len(on_ink) == 0, f"{size} pt: {len(on_ink)} suggestion pixels on text ink, e.g. {on_ink[:5].tolist()}"
        # no fill: inside a suggestion's box, between the glyphs, the background stays white
        full = _pixels(_render(view))
        box = view.span_rects(Span(where[0] - 3, where[0] + 1, "PER_VN"))[0].toAlignedRect()
        inner = full[box.top() + 2 : box.bottom() - 1, box.left() + 2 : box.right() - 1]
        white = (inner == 255).all(axis=2)
        assert white.mean() > 0.5, "a pending suggestion is not filled"


# -- a model: Train now in the window, the threshold, the uncertainty queue ----------------------
@pytest.fixture
def gold_project(db_path):
    project = Project.open(str(db_path), initialize="schema")
    gold = generate_articles(24, seed=3)
    fresh = generate_articles(4, seed=4)
    docs = [
        IncomingDocument(text=a.text, uid=f"gold-{i}", title=f"gold {i}",
                         sets=[IncomingSet(None, [Span(*k) for k in a.spans], kind=SetKind.GOLD, status=Status.DONE)])
        for i, a in enumerate(gold)
    ] + [IncomingDocument(text=a.text, uid=f"new-{i}", title=f"new {i}") for i, a in enumerate(fresh)]
    project.importer.import_documents(docs)
    yield project
    project.close()


@pytest.mark.slow
def test_train_now_then_threshold_and_most_uncertain_first(qtbot, make_window, gold_project, tmp_path, db_path):
    window = make_window(gold_project, open_first=False)
    window.open_document(gold_project.documents.by_uid("new-0").id)
    ctl = window.suggestions
    assert ctl.offered == []
    job = ctl.train_now(max_steps=100, out=tmp_path / "model")
    assert job is not None and ctl.progress_dialog is not None
    with qtbot.waitSignal(ctl.job_done, timeout=180_000) as done:
        pass
    result = done.args[0]
    assert isinstance(result, dict), result
    version = result["trained"]["version"]
    assert f"model {version}, dev F1 " in window.statusBar().currentMessage()
    assert ctl.offered, "the new model suggests on the open article"
    assert all(s.kind == "model" and s.version == version and s.score is not None for s in ctl.offered)
    assert all(s.kind == "model" for s in ctl.shown())
    # the slider hides those scored below it (pattern matches would stay)
    scores = sorted(s.score for s in ctl.offered)
    cut = scores[len(scores) // 2]
    ctl.slider.setFocus()
    ctl.slider.setValue(0)
    while ctl.threshold < cut - 1e-9 and ctl.slider.value() < 100:
        qtbot.keyClick(ctl.slider, Qt.Key.Key_Right)  # the slider as a user moves it
    assert ctl.threshold >= cut - 0.011
    shown = ctl.shown()
    assert all(s.score >= ctl.threshold for s in shown)
    assert set(window.layer.suggestions) == {s.key for s in shown}
    hidden = [s for s in ctl.offered if s.score < ctl.threshold]
    assert hidden and not {s.key for s in hidden} & set(window.layer.suggestions)
    # an accepted model suggestion keeps model, version and score
    window.activateWindow()  # the progress dialog had been shown
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    window.article_view.setFocus()
    qtbot.keyClick(window.article_view, Qt.Key.Key_Tab)
    take = next(s for s in shown if s.key == window.article_view.selected_span.key)
    qtbot.keyClick(window.article_view, Qt.Key.Key_Return)
    source, meta = _db_meta(db_path)[take.key]
    assert source == "model" and meta["suggester"] == version and meta["score"] == round(take.score, 4)
    # the queue: with the option on, Ctrl+Enter opens the model's most uncertain document to do
    ctl.uncertain_action.setChecked(True)
    lan = gold_project.annotator("lan")
    before = window.document_id
    window.done_and_next()
    expected = sg.next_document(gold_project, lan, after_id=before)
    assert window.document_id == expected and expected is not None


@pytest.mark.slow
def test_cancelling_train_now_stops_it_and_records_no_model(qtbot, make_window, gold_project, tmp_path):
    window = make_window(gold_project, open_first=False)
    window.open_document(gold_project.documents.by_uid("new-0").id)
    ctl = window.suggestions
    # 400 steps: spaCy reports (and the job checks for a cancel) every 100 steps
    assert ctl.train_now(max_steps=400, out=tmp_path / "model") is not None
    assert not ctl.train_action.isEnabled(), "one job at a time"
    dialog = ctl.progress_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=10_000)
    button = dialog.findChild(QPushButton)
    with qtbot.waitSignal(ctl.job_done, timeout=180_000) as done:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # the dialog's Cancel button
    assert done.args[0] == "Cancelled"
    assert ctl.job is None and ctl.train_action.isEnabled()
    assert [r for r in sg.suggesters(gold_project) if r["kind"] == "model"] == []
    assert "cancelled" in window.statusBar().currentMessage()


def test_tagging_a_suggested_span_by_hand_takes_its_place(qtbot, make_window, suggested, db_path):
    """The same span tagged with the label key (a manual span) replaces the dashed suggestion;
    Ctrl+Z brings the suggestion back."""
    window, ctl = _window_on_suggestions(make_window, suggested)
    view = window.article_view
    sug = ctl.shown()[0]
    key = next(lab.key for lab in suggested.schema.labels if lab.name == sug.label)
    view.select_range(sug.start, sug.end)
    qtbot.keyClick(view, getattr(Qt.Key, f"Key_{key[-1]}"),
                   Qt.KeyboardModifier.ShiftModifier if key.startswith("shift+") else Qt.KeyboardModifier.NoModifier)
    assert _db_meta(db_path)[sug.key] == ("manual", None)
    assert sug.key not in window.layer.suggestions and sug.key not in {s.key for s in ctl.offered}
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert sug.key not in _db_meta(db_path) and sug.key in window.layer.suggestions
