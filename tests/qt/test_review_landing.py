"""A reviewer lands where she works: review mode on start-up (remembered per user), the document
list with review states, a toolbar that fits 1280 px, an empty conflict table that says why, and an
agreement dashboard that explains its missing figures. Real windows on a real SQLite file."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QToolButton
from test_review_mode import labelled, open_review, press  # noqa: F401  (fixture)

from annotator.core.adjudication import CandidateState
from annotator.core.commands import AddSpan
from annotator.core.document import Span, Status
from annotator.qt.models.document_table import REVIEW_TEXT
from annotator.qt.review.dashboard import NOTHING_COMPARED
from annotator.qt.settings import last_mode, open_settings
from annotator.services.review import REVIEW_ORDER, Review


def mark(project, doc_id: int, who: str, done: bool = True) -> None:
    """`who` tags the first word of the document as LOC_VN (and marks it done)."""
    session = project.open_annotation(doc_id, project.annotator(who))
    text = session.document.text
    session.apply(AddSpan(Span(0, text.index(" "), "LOC_VN")))
    if done:
        session.set_status(Status.DONE)


@pytest.fixture
def five_states(project, labelled):  # noqa: F811
    """One document in each review state: conflicts, to merge, waiting, done, unannotated."""
    ids = project.documents.ids()
    conflicts = labelled[0]
    unannotated, waiting, to_merge, done = ids[1], ids[2], ids[3], ids[4]
    mark(project, to_merge, "an")  # one annotator finished: what she made would be merged
    mark(project, waiting, "an", done=False)  # started, nobody finished
    mark(project, done, "an")
    mark(project, done, "binh")
    Review(project).merge("unanimous", project.annotator("rev", "reviewer"), done)
    return {"conflicts": conflicts, "to merge": to_merge, "waiting": waiting, "done": done,
            "unannotated": unannotated}


def list_rows(window) -> list[tuple[int, str, str]]:
    model = window.document_model
    return [
        (model.document_id(r), model.index(r, 1).data(), model.index(r, 2).data()) for r in range(model.rowCount())
    ]


# -- 1. landing ------------------------------------------------------------------------------------

def start_window(db_path: Path, settings: Path, user: str, role: str | None, then: str = "") -> str:
    """`annotator.qt.app.run` in a fresh interpreter; prints the mode the window opened in."""
    code = (
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from annotator.qt.app import run\n"
        "app = QApplication(['annotator'])\n"
        "def probe():\n"
        "    [w] = [x for x in app.topLevelWidgets() if type(x).__name__ == 'MainWindow']\n"
        "    if w.pending:  # painted before the services loaded (annotator.qt.startup): wait for them\n"
        "        QTimer.singleShot(20, probe)\n"
        "        return\n"
        "    mode = 'review' if w.mode is w.review_mode else 'annotate'\n"
        "    print('MODE', mode, 'LIST', w.document_model.in_review, 'PROGRESS', repr(w.review_mode.progress_label.text()),"
        " flush=True)\n"
        f"    {then or 'pass'}\n"
        "    w.close()\n"
        "QTimer.singleShot(0, probe)\n"
        f"sys.exit(run(db={str(db_path)!r}, user={user!r}, role={role!r}))\n"
    )
    env = {"QT_QPA_PLATFORM": "offscreen", "ANNOTATOR_SETTINGS": str(settings), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr + out.stdout
    [line] = [x for x in out.stdout.splitlines() if x.startswith("MODE ")]
    return line


def test_role_reviewer_starts_in_review_mode_and_the_last_mode_is_remembered(project, db_path, tmp_path, labelled):  # noqa: F811
    settings = tmp_path / "settings.ini"
    project.close()  # the window opens the file itself
    # --role reviewer: straight into review mode, the document list shows review states
    line = start_window(db_path, settings, "hoa", "reviewer", then="w.annotate_mode_action.trigger()")
    assert line.startswith("MODE review LIST True PROGRESS '4 conflict(s) left here\\n1 of 5 document(s)")
    # she left review mode for annotating: the next start (the role is stored) lands there
    line = start_window(db_path, settings, "hoa", None, then="w.review_mode.mode_action.trigger()")
    assert line.startswith("MODE annotate LIST False")
    # ... and she went back to review mode before closing: the next start lands in review mode
    assert start_window(db_path, settings, "hoa", None).startswith("MODE review LIST True")
    # an annotator never lands in review mode
    assert start_window(db_path, settings, "an", None).startswith("MODE annotate LIST False")


def test_stored_reviewer_with_nothing_to_review_lands_in_a_clear_empty_state(qtbot, project, make_window):
    project.annotator("hoa", "reviewer")  # the role is stored; nobody has annotated anything
    window = make_window(project, "hoa")  # a plain start: open_initial_document
    mode = window.review_mode
    assert window.mode is mode and mode.active
    assert not QApplication.activeModalWidget()  # nothing asked
    assert mode.progress_label.text() == "Nothing to review yet:\nno annotator has finished a document"
    assert "5 not started" in mode.progress_label.toolTip()
    assert mode.conflict_list.empty_label.isVisible()
    assert mode.conflict_list.empty_label.text() == "Nobody has annotated this article yet: nothing to review here."
    assert "nobody has annotated this article yet" in mode.last_message
    assert [row[1] for row in list_rows(window)] == ["unannotated"] * 5
    assert last_mode(open_settings(), "hoa") == "review"
    # a new window of the same user in the same settings lands in review mode again, still asking nothing
    window.close()
    again = make_window(project, "hoa")
    assert again.mode is again.review_mode
    assert not QApplication.activeModalWidget()


# -- 2. the document list in review mode -----------------------------------------------------------

def test_document_list_shows_review_states_in_the_reviewers_order(qtbot, qtmodeltester, project, make_window, five_states):
    project.annotator("hoa", "reviewer")
    window = make_window(project, "hoa")
    mode = window.review_mode
    assert window.mode is mode
    doc_list = window.document_list
    model = window.document_model
    assert model.in_review
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == ["Title", "Review", "Done"]
    # conflicts first, then to merge, waiting, adjudicated, unannotated; the text says the state
    assert list_rows(window) == [
        (five_states["conflicts"], "4 conflicts", "2/2"),
        (five_states["to merge"], "to merge", "1/1"),
        (five_states["waiting"], "waiting", "0/1"),
        (five_states["done"], "adjudicated", "2/2"),
        (five_states["unannotated"], "unannotated", ""),
    ]
    assert "open conflicts left" in model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    qtmodeltester.check(model)
    # the status filter offers the review states
    combo = doc_list.status_combo
    assert [combo.itemData(i) for i in range(combo.count())] == [None, *REVIEW_ORDER]
    assert [combo.itemText(i) for i in range(1, combo.count())] == [REVIEW_TEXT[s] for s in REVIEW_ORDER]
    combo.setCurrentIndex(combo.findData("waiting"))
    assert [r[0] for r in list_rows(window)] == [five_states["waiting"]]
    assert doc_list.count_label.text() == "1 document(s)"
    combo.setCurrentIndex(0)
    assert len(list_rows(window)) == 5
    # clicking a row opens the document in review mode; the list stays in review mode meanwhile
    table = doc_list.table
    rect = table.visualRect(model.index(1, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.document_id == five_states["to merge"] and window.mode is mode
    qtbot.wait(20)
    assert model.in_review and model.index(1, 1).data() == "to merge"
    # deciding every conflict of the first document updates its row in place
    window.open_document(five_states["conflicts"])
    for _ in range(4):
        press(qtbot, window, Qt.Key.Key_J)
        press(qtbot, window, Qt.Key.Key_X)
    assert mode.adj.conflicts_left == 0
    assert list_rows(window)[0][:2] == (five_states["conflicts"], "to merge")  # the agreed one is not merged yet
    # leaving review mode brings the annotator's own statuses back (in id order)
    window.annotate_mode_action.trigger()
    qtbot.waitUntil(lambda: not model.in_review, timeout=2000)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == ["Title", "Status", "Spans"]
    assert [r[0] for r in list_rows(window)] == project.documents.ids()
    assert {r[1] for r in list_rows(window)} == {"todo"}
    assert [combo.itemText(i) for i in range(combo.count())] == ["All", "todo", "in progress", "done", "skipped"]


def test_review_list_reads_the_progress_cache(project, five_states):
    """The list and the toolbar's progress share one pass over the corpus (3 ms per document)."""
    review = Review(project)
    review.progress(five_states["conflicts"])
    cached = {d: review.cached_status(d) for d in project.documents.ids()}
    rows = review.worklist()
    assert [r.state for r in rows] == list(REVIEW_ORDER)
    assert all(rows[i] is cached[r.document_id] for i, r in enumerate(rows))  # no second review
    assert [r.document_id for r in review.worklist(text="Bình Dương")] == [
        d for d in (five_states[s] for s in REVIEW_ORDER) if "Bình Dương" in project.document(d).text
    ]
    # as users type: no accents, any case, decomposed — the same search as the document list
    for query in ("binh duong", "BÌNH DƯƠNG", unicodedata.normalize("NFD", "bình dương")):
        assert [r.document_id for r in review.worklist(text=query)] == [
            r.document_id for r in review.worklist(text="Bình Dương")
        ]


# -- 3. the toolbar fits 1280 px -------------------------------------------------------------------

def assert_toolbar_fits(qtbot, window) -> None:
    tb = window.review_mode.toolbar
    QApplication.processEvents()
    qtbot.waitUntil(lambda: tb.width() >= window.width() - 2, timeout=2000)
    ext = tb.findChild(QToolButton, "qt_toolbar_ext_button")
    assert ext is None or not ext.isVisible(), f"toolbar needs {tb.sizeHint().width()} px of {tb.width()}"
    for act in tb.actions():
        if act.isSeparator():
            continue
        w = tb.widgetForAction(act)
        assert w is not None and w.isVisible(), act.text()
        assert tb.rect().contains(w.geometry()), (act.text(), w.geometry(), tb.rect())


def test_review_toolbar_fits_the_default_width(qtbot, project, make_window, labelled):  # noqa: F811
    doc_id = labelled[0]
    window, mode = open_review(qtbot, make_window, project, doc_id)
    window.resize(1280, 800)
    assert_toolbar_fits(qtbot, window)
    # the longest texts it shows: a large corpus, and the empty state
    mode.progress_label.setText("1234 conflict(s) left here\n98765 of 100000 document(s) left to adjudicate")
    for state, lab in mode.legend.items():
        lab.setText(f"{state.value} 1234")
    assert_toolbar_fits(qtbot, window)
    mode.progress_label.setText("Nothing to review yet:\nno annotator has finished a document")
    assert_toolbar_fits(qtbot, window)
    # a desktop's larger font (11 pt, e.g. Ubuntu's default) with three-digit counts
    font = window.font()
    font.setPointSizeF(11)
    window.setFont(font)
    mode.progress_label.setText("123 conflict(s) left here\n9876 of 10000 document(s) left to adjudicate")
    for state, lab in mode.legend.items():
        lab.setText(f"{state.value} 123")
    assert_toolbar_fits(qtbot, window)
    # every function stays reachable: short names on the toolbar, full ones in the menu, keys in tooltips
    assert mode.merge_action.text() == "&Merge into gold…" and "Ctrl+M" in mode.merge_action.toolTip()
    assert mode.dashboard_action in mode.toolbar.actions() and mode.merge_action in mode.toolbar.actions()
    assert "not yet in gold" in mode.legend[CandidateState.AGREED].toolTip()


# -- 4. the empty conflict table -------------------------------------------------------------------

def test_empty_conflict_table_keeps_its_columns_and_says_why(qtbot, project, make_window, five_states):
    window, mode = open_review(qtbot, make_window, project, five_states["done"], user="hoa")
    table = mode.conflict_list.table
    label = mode.conflict_list.empty_label
    assert mode.conflict_model.rowCount() == 0
    assert label.isVisible() and label.text().startswith("No open conflicts in this article")
    assert table.viewport().rect().contains(label.geometry())
    header = table.horizontalHeader()
    names = [mode.conflict_model.headerData(c, Qt.Orientation.Horizontal) for c in range(header.count())]
    assert names == ["State", "Text", "Label", "an", "binh", "Decided by"]
    fm = table.fontMetrics()
    for col, name in enumerate(names):
        assert header.sectionSize(col) >= fm.horizontalAdvance(name) + 16, name  # the header stays readable
    assert header.sectionSize(0) >= fm.horizontalAdvance("disagreement")  # room for a state
    assert header.sectionSize(1) >= 150  # and for some text
    # all candidates: rows, no message
    mode.conflict_list.show_combo.setCurrentIndex(1)
    assert mode.conflict_model.rowCount() == 1 and not label.isVisible()
    mode.conflict_list.show_combo.setCurrentIndex(0)
    assert label.isVisible()
    # a document nobody annotated says so; one with conflicts shows rows, no message
    window.open_document(five_states["unannotated"])
    assert label.text() == "Nobody has annotated this article yet: nothing to review here."
    window.open_document(five_states["conflicts"])
    assert mode.conflict_model.rowCount() == 4 and not label.isVisible()


# -- 5. the dashboard's missing data ---------------------------------------------------------------

def test_dashboard_says_why_figures_are_missing(qtbot, project, make_window):
    ids = project.documents.ids()
    mark(project, ids[0], "an")  # one annotator finished one document: nothing can be compared
    window = make_window(project, "rev", role="reviewer", open_first=False)
    dlg = window.review_mode.open_dashboard()
    assert dlg.overview_label.text() == (
        "Compared 0 of 5 document(s). 5 left out because fewer than two annotators finished them "
        "(1 finished by only one annotator, 4 not finished by anybody yet)."
    )
    for key in ("span_f1", "cohen_kappa", "krippendorff_alpha", "relation_f1"):
        assert dlg.figures[key].text() == "—"
        assert dlg.reasons[key].text() == NOTHING_COMPARED
    # every document is listed, with why it has no figures
    dm = dlg.documents_model
    assert dm.rowCount() == 5
    notes = {dm.value(r, 0): dm.value(r, dm.columnCount() - 1) for r in range(dm.rowCount())}
    assert notes[ids[0]] == "only an finished it: fewer than two annotators, nothing to compare"
    assert notes[ids[1]] == "no annotator has finished this document"
    assert dm.index(1, 3).data() == "—"
    assert dm.index(1, 3).data(Qt.ItemDataRole.ToolTipRole) == "no annotator has finished this document"


def test_dashboard_explains_each_undefined_figure(qtbot, project, make_window, labelled):  # noqa: F811
    doc_id = labelled[0]
    window = make_window(project, "rev", role="reviewer", open_first=False)
    dlg = window.review_mode.open_dashboard()
    assert dlg.overview_label.text() == (
        "Compared 1 of 5 document(s). 4 left out because fewer than two annotators finished them "
        "(4 not finished by anybody yet)."
    )
    assert dlg.figures["span_f1"].text() != "—" and not dlg.reasons["span_f1"].isVisibleTo(dlg)
    assert dlg.figures["relation_f1"].text() == "—"  # nobody drew a relation
    assert dlg.reasons["relation_f1"].text() == "no relations to compare in the compared documents"
    assert dlg.reasons["relation_f1"].isVisibleTo(dlg)
    pm = dlg.pairs_model
    assert pm.index(0, 6).data() == "—"
    assert pm.index(0, 6).data(Qt.ItemDataRole.ToolTipRole) == "no relations in the 1 document(s) both finished"
    dm = dlg.documents_model
    assert dm.value(0, 0) == doc_id and dm.value(0, dm.columnCount() - 1) == ""  # compared: no note
    assert dm.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    assert dm.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is not None  # left out: greyed
    # one label nobody used: the span figures are undefined too, and say so
    dlg.label_combo.setCurrentIndex(dlg.label_combo.findData("MONEY"))
    assert dlg.figures["span_f1"].text() == "—"
    assert dlg.reasons["span_f1"].text() == (
        "nobody marked any MONEY span in the compared documents, so there are no spans to compare"
    )
    assert dlg.reasons["relation_f1"].text() == "no relations to compare: no relation involves a MONEY span"
    assert "every token has the same tag" in dlg.reasons["krippendorff_alpha"].text()


def test_dashboard_progress_per_annotator(qtbot, project, make_window):
    """Done / in progress / todo per person: of her assigned documents once documents are assigned."""
    from annotator.services.assignment import Assignments

    ids = project.documents.ids()
    Assignments(project.db).assign(["an", "binh"], 1, ids)  # each document to one of them, balanced
    mine = Assignments(project.db).of("an")
    mark(project, mine[0], "an")
    mark(project, mine[1], "an", done=False)
    window = make_window(project, "rev", role="reviewer", open_first=False)
    dlg = window.review_mode.open_dashboard()
    pm = dlg.progress_model
    rows = {pm.value(r, 0): [pm.value(r, c) for c in range(pm.columnCount())] for r in range(pm.rowCount())}
    assert rows["an"][2:7] == [len(mine), 1, 1, len(mine) - 2, 0]
    binh = len(Assignments(project.db).of("binh"))
    assert rows["binh"][2:7] == [binh, 0, 0, binh, 0] and len(mine) + binh == len(ids)
