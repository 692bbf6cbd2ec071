"""Tag with the real widgets (mouse, keyboard, palette) and read the result from the SQLite file."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from qt_helpers import caret_point, click_char, db_relations, db_spans, drag, find, reveal

from annotator.core.document import Status
from annotator.qt.article_view import label_key_of


def _text(window) -> str:
    return window.session.document.text


def _tag(qtbot, window, phrase: str, key, nth: int = 0, modifier=Qt.KeyboardModifier.NoModifier):
    start, end = find(_text(window), phrase, nth)
    drag(qtbot, window.article_view, start, end)
    qtbot.keyClick(window.article_view, key, modifier)
    return start, end


def test_mouse_selection_snaps_and_label_key_saves_span(qtbot, project, db_path, make_window):
    window = make_window(project)
    view = window.article_view
    text = _text(window)
    start, end = find(text, "Phan Văn Đăng")
    # half of "Phan" to half of "Đăng": snaps to whole syllables
    drag(qtbot, view, start + 2, end - 2)
    assert view.selection_range() == (start, end)
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert db_spans(db_path) == [(start, end, "PER_VN")]
    assert [s.key for s in window.layer.spans()] == [(start, end, "PER_VN")]
    assert window.span_model.rowCount() == 1
    assert window.span_model.index(0, 0).data() == "Phan Văn Đăng"
    assert "Saved" in window.save_label.text()
    assert window.session.status is Status.IN_PROGRESS
    row = window.document_model.row_of(window.document_id)
    qtbot.waitUntil(lambda: window.document_model.index(row, 1).data() == "in progress", timeout=2000)
    assert window.document_model.index(row, 2).data() == 1
    # the new span is selected and painted with its caption
    assert view.selected_span.key == (start, end, "PER_VN")
    assert view.span_rects(view.selected_span)


def test_selection_with_surrounding_spaces_is_trimmed(qtbot, project, db_path, make_window):
    window = make_window(project)
    text = _text(window)
    start, end = find(text, " Phan Văn Đăng ")
    drag(qtbot, window.article_view, start, end)
    qtbot.keyClick(window.article_view, Qt.Key.Key_1)
    assert db_spans(db_path) == [(start + 1, end - 1, "PER_VN")]


def test_keyboard_selection_shift_digit_and_palette(qtbot, project, db_path, make_window):
    window = make_window(project)
    view = window.article_view
    text = _text(window)
    start, end = find(text, "19/8")
    reveal(view, start)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=caret_point(view, start))  # caret before "19/8"
    assert view.cursor_offset() == start and view.selection_range() is None
    for _ in range(3):  # "19/" of "19/8": snapping takes the whole date token
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_1, Qt.KeyboardModifier.ShiftModifier)  # shift+1 = DATE
    assert db_spans(db_path) == [(start, end, "DATE")]
    # the palette button does the same as the key
    s2, e2 = find(text, "Hiệp hội VKBIA")
    drag(qtbot, view, s2, e2)
    qtbot.mouseClick(window.palette.buttons["ORG_OTHER"], Qt.MouseButton.LeftButton)
    assert (s2, e2, "ORG_OTHER") in db_spans(db_path)


def test_label_keys_from_a_real_keyboard():
    shift = Qt.KeyboardModifier.ShiftModifier
    assert label_key_of(Qt.Key.Key_3, "3", Qt.KeyboardModifier.NoModifier) == "3"
    assert label_key_of(Qt.Key.Key_Exclam, "!", shift) == "shift+1"
    assert label_key_of(Qt.Key.Key_At, "@", shift) == "shift+2"
    assert label_key_of(Qt.Key.Key_1, "1", Qt.KeyboardModifier.ControlModifier) is None
    assert label_key_of(Qt.Key.Key_A, "a", Qt.KeyboardModifier.NoModifier) is None


def test_double_click_selects_a_token(qtbot, project, make_window):
    window = make_window(project)
    view = window.article_view
    start, end = find(_text(window), "VKBIA")
    reveal(view, start)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=caret_point(view, start + 2))
    assert view.selection_range() == (start, end)


def test_relabel_and_delete(qtbot, project, db_path, make_window):
    window = make_window(project)
    view = window.article_view
    start, end = _tag(qtbot, window, "Phan Văn Đăng", Qt.Key.Key_1)
    view.clear_selection()
    window.tagger.select_span(None)
    click_char(qtbot, view, start + 1)
    assert view.selected_span.key == (start, end, "PER_VN")
    qtbot.keyClick(view, Qt.Key.Key_2)  # relabel to PER_KR
    assert db_spans(db_path) == [(start, end, "PER_KR")]
    assert view.selected_span.label == "PER_KR"
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert db_spans(db_path) == []
    assert len(window.layer) == 0
    assert window.span_model.rowCount() == 0


def test_click_cycles_through_nested_spans(qtbot, project, db_path, make_window):
    window = make_window(project)
    view = window.article_view
    outer = _tag(qtbot, window, "Phó Chủ tịch Thường trực UBND tỉnh Bình Thuận", Qt.Key.Key_3)
    middle = _tag(qtbot, window, "UBND tỉnh Bình Thuận", Qt.Key.Key_4)
    inner = find(_text(window), "Bình Thuận", 1)
    drag(qtbot, view, *inner)
    qtbot.keyClick(view, Qt.Key.Key_7)
    assert len(db_spans(db_path)) == 3
    assert inner[0] > middle[0] > outer[0]
    view.clear_selection()
    seen = []
    for _ in range(3):
        click_char(qtbot, view, inner[0] + 1)
        seen.append(view.selected_span.label)
    assert seen == ["LOC_VN", "ORG_VN", "TITLE"]
    # each of the three is drawn: its own outline rectangles
    assert all(view.span_rects(s) for s in window.layer.spans())


def test_relation_allowed_and_refused(qtbot, project, db_path, make_window, schema):
    window = make_window(project)
    view = window.article_view
    person = _tag(qtbot, window, "Phan Văn Đăng", Qt.Key.Key_1)
    title = _tag(qtbot, window, "Phó Chủ tịch Thường trực UBND tỉnh Bình Thuận", Qt.Key.Key_3)
    date = _tag(qtbot, window, "19/8", Qt.Key.Key_1, modifier=Qt.KeyboardModifier.ShiftModifier)
    view.clear_selection()
    click_char(qtbot, view, person[0] + 1)
    qtbot.keyClick(view, Qt.Key.Key_R)
    assert window.tagger.pending_head.label == "PER_VN"
    click_char(qtbot, view, title[0] + 1)
    menu = window.tagger.relation_menu
    assert menu is not None and menu.isVisible()
    offered = [a.data() for a in menu.actions()]
    assert offered == [r.name for r in schema.allowed_relations("PER_VN", "TITLE")]
    assert "HAS_TITLE" in offered and "TITLE_OF" not in offered
    menu.actions()[offered.index("HAS_TITLE")].trigger()
    assert db_relations(db_path) == [((*person, "PER_VN"), (*title, "TITLE"), "HAS_TITLE")]
    assert window.relation_model.rowCount() == 1
    assert window.relation_model.index(0, 1).data() == "HAS_TITLE"

    # PER_VN -> DATE: the schema allows nothing; the status bar says so, nothing is stored
    window.tagger.relation_menu = None
    click_char(qtbot, view, person[0] + 1)
    qtbot.keyClick(view, Qt.Key.Key_R)
    click_char(qtbot, view, date[0] + 1)
    assert window.tagger.relation_menu is None
    assert "allows no relation from PER_VN to DATE" in window.statusBar().currentMessage()
    assert len(db_relations(db_path)) == 1

    # selecting the relation in the dock emphasises both spans; Delete removes it
    window.relation_list.setFocus()
    window.relation_list.selectRow(0)
    assert set(view.emphasis) == {(*person, "PER_VN"), (*title, "TITLE")}
    qtbot.keyClick(window.relation_list, Qt.Key.Key_Delete)
    assert db_relations(db_path) == []
    assert window.relation_model.rowCount() == 0


def test_undo_redo_are_persisted(qtbot, project, db_path, make_window):
    window = make_window(project)
    view = window.article_view
    person = _tag(qtbot, window, "Phan Văn Đăng", Qt.Key.Key_1)
    title = _tag(qtbot, window, "Phó Chủ tịch Thường trực UBND tỉnh Bình Thuận", Qt.Key.Key_3)
    view.clear_selection()
    click_char(qtbot, view, person[0] + 1)
    qtbot.keyClick(view, Qt.Key.Key_R)
    click_char(qtbot, view, title[0] + 1)
    window.tagger.relation_menu.actions()[0].trigger()
    rel = db_relations(db_path)
    assert len(rel) == 1
    # delete the person: its relation goes too
    click_char(qtbot, view, person[0] + 1)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert db_relations(db_path) == []
    assert (*person, "PER_VN") not in db_spans(db_path)
    # undo brings back the span and its relation
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert (*person, "PER_VN") in db_spans(db_path)
    assert db_relations(db_path) == rel
    assert window.relation_model.rowCount() == 1
    # undo the relation and the title, then redo them
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert db_spans(db_path) == [(*person, "PER_VN")]
    assert db_relations(db_path) == []
    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(view, Qt.Key.Key_Z, redo)
    qtbot.keyClick(view, Qt.Key.Key_Z, redo)
    assert db_relations(db_path) == rel
    assert sorted(db_spans(db_path)) == sorted([(*person, "PER_VN"), (*title, "TITLE")])
    assert (window.edits.history.index, len(window.edits.history)) == (3, 4)


def test_concurrent_change_is_reported_and_not_shown(qtbot, project, db_path, make_window):
    window = make_window(project)
    view = window.article_view
    first = _tag(qtbot, window, "19/8", Qt.Key.Key_1, modifier=Qt.KeyboardModifier.ShiftModifier)
    steps = len(window.edits.history)
    with sqlite3.connect(db_path) as con:  # someone else changes the same set
        con.execute("UPDATE annotation_set SET version = version + 1")
    start, end = find(_text(window), "Phan Văn Đăng")
    drag(qtbot, view, start, end)
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert "NOT SAVED" in window.save_label.text()
    assert "changed elsewhere" in window.last_error
    assert db_spans(db_path) == [(*first, "DATE")]
    assert [s.key for s in window.layer.spans()] == [(*first, "DATE")]
    assert window.span_model.rowCount() == 1
    assert len(window.edits.history) == steps


def test_locked_database_is_reported_and_not_shown(qtbot, project, db_path, make_window):
    window = make_window(project)
    window.writes.patience_ms = 300  # the full patience is tested in test_busy_database.py
    view = window.article_view
    con = sqlite3.connect(db_path, isolation_level=None)
    con.execute("BEGIN EXCLUSIVE")  # another program holds the write lock
    try:
        start, end = find(_text(window), "Phan Văn Đăng")
        drag(qtbot, view, start, end)
        qtbot.keyClick(view, Qt.Key.Key_1)
        qtbot.waitUntil(lambda: "NOT SAVED" in window.save_label.text(), timeout=3000)
        assert "locked" in window.last_error
        assert len(window.layer) == 0
        assert len(window.edits.history) == 0
    finally:
        con.execute("ROLLBACK")
        con.close()
    assert db_spans(db_path) == []
    qtbot.keyClick(view, Qt.Key.Key_1)  # the selection is still there: retry works
    assert db_spans(db_path) == [(start, end, "PER_VN")]


def test_find_and_zoom(qtbot, project, make_window):
    window = make_window(project)
    view = window.article_view
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_bar.isVisible()
    qtbot.keyClicks(window.find_bar.edit, "vkbia")  # QTest types ASCII only
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Return)
    sel = view.selection_range()
    assert sel is not None and _text(window)[sel[0] : sel[1]] == "VKBIA"
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Return)
    assert view.selection_range()[0] > sel[0]
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible()
    size = view.point_size()
    qtbot.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert view.point_size() == size + 1
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.point_size() == size - 1


def test_span_list_jumps_relabels_and_deletes(qtbot, project, db_path, make_window):
    window = make_window(project)
    view = window.article_view
    _tag(qtbot, window, "19/8", Qt.Key.Key_1, modifier=Qt.KeyboardModifier.ShiftModifier)
    last = find(window.session.document.text, "Lâm Đồng", 3)
    drag(qtbot, view, *last)
    qtbot.keyClick(view, Qt.Key.Key_7)
    view.verticalScrollBar().setValue(0)
    table = window.span_list
    idx = window.span_model.index(1, 0)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(idx).center())
    assert view.selected_span.key == (*last, "LOC_VN")
    assert view.cursor_offset() == last[0]  # jumped there
    assert view.span_rects(view.selected_span)  # and it is in view
    qtbot.keyClick(table, Qt.Key.Key_5)  # relabel from the list
    assert (*last, "ORG_KR") in db_spans(db_path)
    qtbot.waitUntil(lambda: window.span_model.span_at(table.currentIndex().row()).label == "ORG_KR", timeout=2000)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert [s[2] for s in db_spans(db_path)] == ["DATE"]


def test_clicking_a_caption_selects_its_span(qtbot, project, make_window):
    window = make_window(project)
    view = window.article_view
    outer = _tag(qtbot, window, "UBND Tỉnh Bình Thuận", Qt.Key.Key_4)
    inner = _tag(qtbot, window, "Bình Thuận", Qt.Key.Key_7)
    view.clear_selection()
    window.tagger.select_span(None)
    chips = {label: view.chip_rect(window.layer.spans_at(inner[0])[i]) for i, label in enumerate(["LOC_VN", "ORG_VN"])}
    assert all(chips.values())
    assert chips["LOC_VN"].right() <= chips["ORG_VN"].left()  # inner caption first, then the outer one
    for label, rect in chips.items():
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
        assert view.selected_span.label == label
    assert outer[1] == inner[1]


def test_database_file_gone_is_reported_and_not_shown(qtbot, project, db_path, make_window, tmp_path):
    window = make_window(project)
    view = window.article_view
    first = _tag(qtbot, window, "19/8", Qt.Key.Key_1, modifier=Qt.KeyboardModifier.ShiftModifier)
    moved = tmp_path / "moved.sqlite3"
    db_path.rename(moved)  # deleted or moved away while the window is open
    start, end = find(_text(window), "Phan Văn Đăng")
    drag(qtbot, view, start, end)
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert "NOT SAVED" in window.save_label.text()
    assert "is gone" in window.last_error
    assert [s.key for s in window.layer.spans()] == [(*first, "DATE")]
    assert len(window.edits.history) == 1
    assert not db_path.exists()  # and nothing was written to a new empty file either


def test_span_across_a_line_break(qtbot, project, db_path, make_window):
    window = make_window(project)
    view = window.article_view
    text = _text(window)
    nl = text.index("\n")
    start = text.rindex(" ", 0, nl - 1) + 1  # the last word of the first paragraph …
    end = text.index(" ", nl + 1)  # … to the first word of the second
    drag(qtbot, view, start, end)
    qtbot.keyClick(view, Qt.Key.Key_9)  # EVENT
    assert db_spans(db_path) == [(start, end, "EVENT")]
    span = window.layer.spans()[0]
    layer = window.layer
    assert span in layer.block_spans(0) and span in layer.block_spans(1)
    rects = view.span_rects(span)
    assert len(rects) >= 2 and rects[-1].top() > rects[0].top()
    chip = view.chip_rect(span)  # the caption follows the end, in the second paragraph
    assert chip is not None and chip.top() >= rects[-1].top() - 1
    view.clear_selection()
    click_char(qtbot, view, end - 1)
    assert view.selected_span == span
