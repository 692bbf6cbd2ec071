"""The window's languages: the Vietnamese .ts is complete, the shipped .qm files are compiled from
the .ts files, and every visible string of the main window and of review mode changes with the
language (a window built in English beside one built in Vietnamese, from the installed .qm)."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDockWidget,
    QLabel,
    QLineEdit,
    QMenu,
    QTabWidget,
)

from annotator.core.commands import AddSpan
from annotator.core.document import Span, Status
from annotator.qt import i18n
from annotator.qt.i18n import arg, choose_language, install, qm_path, translate, uninstall

ROOT = Path(__file__).resolve().parents[2]
TS_DIR = ROOT / "annotator" / "qt" / "i18n"
PLACEHOLDER = re.compile(r"%\d")
# strings that may read the same in both languages: the program's name, the languages' own
# names (the Language menu shows each in itself), arrows and symbols, the schema's label and
# relation names (they stay as the schema defines them), numbers
# names, arrows and symbols, the pair columns "A" / "B" of the agreement dashboard (two annotators)
ALLOWED_SAME = {"Annotator", "English", "Tiếng Việt", "▲", "▼", "✕", "—", "OK", "A", "B"}


def _ts(lang: str) -> ET.Element:
    path = TS_DIR / f"annotator_{lang}.ts"
    if not path.exists():
        pytest.skip("the .ts sources are not beside the installed package (tests run from the source tree)")
    return ET.parse(path).getroot()


def _messages(lang: str):
    for ctx in _ts(lang).iter("context"):
        for msg in ctx.iter("message"):
            yield ctx.findtext("name"), msg.findtext("source"), msg.find("translation")


def test_vietnamese_has_no_unfinished_entry_and_keeps_placeholders():
    entries = list(_messages("vi"))
    assert len(entries) > 300
    unfinished = [(c, s) for c, s, tr in entries if tr.get("type") is not None or not (tr.text or "").strip()]
    assert unfinished == []
    for ctx, src, tr in entries:
        text = tr.text
        assert sorted(PLACEHOLDER.findall(src)) == sorted(PLACEHOLDER.findall(text)), (ctx, src, text)
        assert src.count("\t") == text.count("\t") and src.count("\n") == text.count("\n"), (ctx, src)
        # a menu entry keeps one keyboard accelerator
        assert (src.replace("&&", "").count("&") == 1) == (text.replace("&&", "").count("&") == 1), (ctx, src, text)
        assert "{" not in src or src.count("{") == text.count("{"), (ctx, src)
    # English is the source language: each entry is its source, and none is left unfinished
    assert all(tr.get("type") is None and tr.text == s for _c, s, tr in _messages("en"))


def _clashes(window) -> dict[str, list[str]]:
    """Per menu, the entries whose accelerator letter another entry of the same menu has too."""
    out = {}
    for menu in [window.menuBar(), *window.findChildren(QMenu)]:
        name = "menubar" if menu is window.menuBar() else menu.objectName() or menu.title()
        keys: dict[str, list[str]] = {}
        for a in menu.actions():
            if m := re.search(r"&([^&])", a.text()):
                keys.setdefault(m.group(1).lower(), []).append(a.text())
        out[name] = sorted(t for texts in keys.values() if len(texts) > 1 for t in texts)
    return out


def test_vietnamese_menus_have_no_more_accelerator_clashes_than_english(make_window, project):
    app = QApplication.instance()
    en = _clashes(make_window(project, open_first=False))
    install(app, "vi")
    try:
        vi = _clashes(make_window(project, open_first=False))
    finally:
        uninstall(app)
    worse = {k: v for k, (k2, v) in zip(en, vi.items(), strict=True) if len(v) > len(en[k])}
    assert worse == {}


def test_the_shipped_qm_files_are_compiled_from_the_ts_files(tmp_path):
    _ts("vi")
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    if not lrelease.exists():
        pytest.skip("pyside6-lrelease is not installed here")
    for lang in ("vi", "en"):
        out = tmp_path / f"{lang}.qm"
        subprocess.run([str(lrelease), "-silent", str(TS_DIR / f"annotator_{lang}.ts"), "-qm", str(out)], check=True)
        assert out.read_bytes() == (TS_DIR / f"annotator_{lang}.qm").read_bytes(), (
            f"annotator_{lang}.qm is not what the .ts compiles to: run scripts/update_translations.py")


def test_the_installed_package_ships_the_qm_files():
    for lang in ("vi", "en"):
        assert qm_path(lang).is_file() and qm_path(lang).stat().st_size > 1000


def test_language_choice_order(monkeypatch, settings_path):
    from annotator.qt.settings import open_settings

    settings = open_settings()
    monkeypatch.delenv(i18n.ENV_LANG, raising=False)
    monkeypatch.setattr(i18n, "system_language", lambda: "vi")
    assert choose_language(settings) == "vi"  # the system's
    settings.setValue(i18n.SETTINGS_KEY, "en")
    assert choose_language(settings) == "en"  # the menu's choice beats the system's
    monkeypatch.setenv(i18n.ENV_LANG, "vi")
    assert choose_language(settings) == "vi"  # ANNOTATOR_LANG beats the menu
    assert choose_language(settings, "en") == "en"  # --lang beats everything
    with pytest.raises(ValueError, match="'fr'"):
        choose_language(settings, "fr")


def test_arg_fills_placeholders_in_any_order():
    assert arg("%2 của %1", "a", "b") == "b của a"
    assert arg("%1 and %10", *"abcdefghij") == "a and j"


# -- the window in both languages ------------------------------------------------------------------
def _texts(window, skip: set[int]) -> list[tuple[str, str]]:
    """(where, text) of every visible string of the window's chrome, in a stable order."""
    out: list[tuple[str, str]] = []

    def add(where: str, text) -> None:
        if isinstance(text, str) and text:
            out.append((where, text))

    def walk_menu(menu: QMenu, path: str) -> None:
        add(f"menu {path}", menu.title())
        for act in menu.actions():
            if act.isSeparator():
                continue
            if act.menu() is not None:
                walk_menu(act.menu(), f"{path}/{act.menu().objectName()}")
                continue
            add(f"action {path}", act.text())
            add(f"status tip {path}", act.statusTip())
            add(f"tooltip {path}", act.toolTip() if act.toolTip() != act.text().replace("&", "") else "")

    for i, act in enumerate(window.menuBar().actions()):
        walk_menu(act.menu(), str(i))
    for dock in window.findChildren(QDockWidget):
        add(f"dock {dock.objectName()}", dock.windowTitle())
    for w in window.findChildren(QLabel) + window.findChildren(QAbstractButton):
        if id(w) in skip or isinstance(w.parent(), QMenu):
            continue
        add(f"{type(w).__name__} {w.objectName()}", w.text())
        add(f"{type(w).__name__} tooltip", w.toolTip())
    for w in window.findChildren(QLineEdit):
        add("placeholder", w.placeholderText())
    for w in window.findChildren(QTabWidget):
        for i in range(w.count()):
            add("tab", w.tabText(i))
            add("tab tooltip", w.tabToolTip(i))
    for w in window.findChildren(QDialog):
        add("dialog title", w.windowTitle())
    for w in window.findChildren(QComboBox):
        if id(w) in skip:
            continue
        for i in range(w.count()):
            add("combo item", w.itemText(i))
    for view in window.findChildren(QAbstractItemView):
        model = view.model()
        if model is None or id(view) in skip:
            continue
        for c in range(model.columnCount()):
            add(f"header {type(model).__name__}", model.headerData(c, Qt.Orientation.Horizontal))
    return out


def _build(make_window, project, lang: str, review: bool):
    app = QApplication.instance()
    if lang == "vi":
        assert install(app, "vi") is not None
    try:
        window = make_window(project, "rev", role="reviewer" if review else None, open_first=False)
        window.open_document(project.documents.ids()[0])
        if review:
            window.set_mode(window.review_mode)
            assert window.mode is window.review_mode
            window.review_mode.open_dashboard()  # the agreement dashboard (a child dialog of the window)
            QApplication.processEvents()
        skip = {id(window.title_label), id(window.document_list.table)}  # the article's title, the list's rows
        if review:
            skip.add(id(window.review_mode.layer_combo))  # annotator names, data
        texts = _texts(window, skip)
        status = (window.user_button.text(), window.doc_status_label.text(), window.save_label.text())
        menus = [a.text() for a in window.menuBar().actions()]
        if review:
            window.review_mode.dashboard.close()
        return texts, status, menus
    finally:
        uninstall(app)


def _same_allowed(text: str, names: set[str]) -> bool:
    if text in ALLOWED_SAME or text in names:
        return True
    if re.fullmatch(r"[\d\s.,:/%()+\-—=✓✗…?]*", text):
        return True
    words = set(re.split(r"[\s\n,]+", text.replace("&", ""))) - {""}
    return bool(words) and words <= names | {"⇧1", "⇧2"} | {str(i) for i in range(10)}


@pytest.mark.parametrize("review", [False, True], ids=["annotate", "review"])
def test_every_visible_string_changes_with_the_language(make_window, project, review):
    doc_id = project.documents.ids()[0]
    text = project.document(doc_id).text
    for name, label in (("an", "PER_VN"), ("binh", "PER_KR")):
        session = project.open_annotation(doc_id, project.annotator(name))
        start = text.index("Trần Hải Linh")
        session.apply(AddSpan(Span(start, start + len("Trần Hải Linh"), label)))
        session.set_status(Status.DONE)
    names = {lab.name for lab in project.schema.labels} | {rel.name for rel in project.schema.relations}
    names |= {"an", "binh", "rev", "lan"}  # annotator names (data: the layer list, the conflict columns)

    en, en_status, en_menus = _build(make_window, project, "en", review)
    vi, vi_status, vi_menus = _build(make_window, project, "vi", review)
    assert [w for w, _ in en] == [w for w, _ in vi], "the two windows differ in structure"
    same = [(w, e) for (w, e), (_, v) in zip(en, vi, strict=True) if e == v and not _same_allowed(e, names)]
    assert same == [], f"not translated: {same}"
    assert len(en) > (60 if review else 45)

    # menus and status bar as the .qm has them (and not the English source)
    expected = ["&Tệp", "&Chỉnh sửa", "Tài &liệu", "&Xem", "C&hế độ"]
    assert vi_menus[: len(expected)] == expected
    assert en_menus[:5] == ["&File", "&Edit", "&Document", "&View", "&Mode"]
    assert "&Duyệt" in vi_menus and "Re&view" in en_menus
    assert vi_status[0] == "Người gán nhãn: rev (người duyệt)" if review else vi_status[0] == "Người gán nhãn: rev"
    assert vi_status[1] == "Trạng thái: chưa làm"
    assert en_status[1] == "Status: todo"
    assert vi_status[2] == "Chưa có gì để lưu"
    if review:
        legend = [t for w, t in vi if w.startswith("QLabel") and "bất đồng" in t]
        assert legend, "the review legend is in Vietnamese"
        assert ("tab", "Tổng quan") in vi and ("dialog title", "Độ đồng thuận giữa những người gán nhãn") in vi


def test_translate_reads_the_qm_and_falls_back_to_english():
    app = QApplication.instance() or QApplication([])
    assert translate("MainWindow", "&Undo") == "&Undo"
    install(app, "vi")
    try:
        assert i18n.current_language() == "vi"
        assert QCoreApplication.translate("MainWindow", "&Undo") == "&Hoàn tác"
        assert translate("SaveStatus", "✖ NOT SAVED") == "✖ CHƯA LƯU"
        assert translate("MainWindow", "no such string") == "no such string"
        # Qt's own standard buttons (Qt ships no Vietnamese for them): from our .qm
        from PySide6.QtWidgets import QDialogButtonBox

        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Hủy"
    finally:
        uninstall(app)
    assert i18n.current_language() == "en"
    assert translate("MainWindow", "&Undo") == "&Undo"


def test_language_menu_remembers_the_choice(make_window, project):
    from annotator.qt.settings import open_settings

    window = make_window(project, open_first=False)
    window.language_actions["vi"].trigger()
    assert open_settings().value(i18n.SETTINGS_KEY) == "vi"
    assert window.language_actions["vi"].isChecked()
    assert "Tiếng Việt" in window.statusBar().currentMessage()


def test_schema_display_names_on_the_palette(make_window, project):
    app = QApplication.instance()
    window = make_window(project, open_first=False)
    assert window.palette.buttons["PER_VN"].text() == "1  PER_VN\nVietnamese person"
    install(app, "vi")
    try:
        window_vi = make_window(project, open_first=False)
        button = window_vi.palette.buttons["PER_VN"]
        assert button.text() == "1  PER_VN\nNgười Việt Nam"
        assert "<b>PER_VN</b> (Người Việt Nam) — phím <b>1</b>" in button.toolTip()
    finally:
        uninstall(app)


STARTUP_PROBE = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from annotator.qt.app import run
from annotator.qt.main_window import MainWindow

app = QApplication(["annotator"])
seen = {}

def probe():
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    if not shown:
        QTimer.singleShot(50, probe)
        return
    w = shown[0]
    seen.update(menus=[a.text() for a in w.menuBar().actions()][:3], status=w.doc_status_label.text(),
                dock=w.documents_dock.windowTitle())
    w.close()
    app.quit()

QTimer.singleShot(0, probe)
code = run(sys.argv[1], "lan", lang=sys.argv[2])
print(json.dumps(seen, ensure_ascii=False))
sys.exit(code)
"""


def test_start_up_with_lang_vi_paints_the_first_window_in_vietnamese(project, db_path, tmp_path):
    """`annotator --lang vi`: annotator.qt.app.run installs the translation before the window is built
    (its own process: a second QApplication.exec in the test process would disturb the other tests)."""
    import json
    import os

    project.close()
    env = {k: v for k, v in os.environ.items() if k != "ANNOTATOR_LANG"}
    env.update(ANNOTATOR_SETTINGS=str(tmp_path / "settings.ini"), QT_QPA_PLATFORM="offscreen", LANG="en_US.UTF-8")
    for lang, expected in (
        ("vi", {"menus": ["&Tệp", "&Chỉnh sửa", "Tài &liệu"], "status": "Trạng thái: chưa làm", "dock": "Tài liệu"}),
        ("en", {"menus": ["&File", "&Edit", "&Document"], "status": "Status: todo", "dock": "Documents"}),
    ):
        out = subprocess.run([sys.executable, "-c", STARTUP_PROBE, str(db_path), lang], capture_output=True,
                             text=True, timeout=120, env=env)
        assert out.returncode == 0, out.stderr
        assert json.loads(out.stdout.strip().splitlines()[-1]) == expected


def test_cli_refuses_an_unknown_language():
    from typer.testing import CliRunner

    from annotator.cli.app import app

    result = CliRunner().invoke(app, ["--lang", "fr", "gui"])
    assert result.exit_code != 0
    assert "--lang must be 'vi' or 'en'" in result.output


def test_the_system_locale_chooses_vietnamese(tmp_path):
    """No --lang, no ANNOTATOR_LANG, nothing chosen in the menu: LANG=vi_VN.UTF-8 means Vietnamese."""
    import os

    probe = ("from annotator.qt.i18n import choose_language; from annotator.qt.settings import open_settings;"
             "print(choose_language(open_settings()))")
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_") and k not in ("LANG", "LANGUAGE", "ANNOTATOR_LANG")}
    env["ANNOTATOR_SETTINGS"] = str(tmp_path / "settings.ini")
    for lang, expected in (("vi_VN.UTF-8", "vi"), ("en_US.UTF-8", "en"), ("ko_KR.UTF-8", "en")):
        out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60,
                             env=dict(env, LANG=lang))
        assert out.stdout.strip() == expected, (lang, out.stdout, out.stderr)


def test_span_list_tooltip_names_the_label_in_the_window_language(make_window, project):
    doc_id = project.documents.ids()[0]
    text = project.document(doc_id).text
    start = text.index("Phan Văn Đăng")
    project.open_annotation(doc_id, project.annotator("lan")).apply(AddSpan(Span(start, start + 13, "PER_VN")))
    app = QApplication.instance()
    install(app, "vi")
    try:
        window = make_window(project)
        model = window.span_model
        assert model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole) == "PER_VN (Người Việt Nam)"
        assert model.data(model.index(0, 1)) == "PER_VN"  # the name itself stays as the schema defines it
    finally:
        uninstall(app)


def test_the_ts_files_hold_every_string_of_the_code(tmp_path):
    """A string added to the window without running scripts/update_translations.py fails here."""
    _ts("vi")
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    qt_dir = ROOT / "annotator" / "qt"
    if not lupdate.exists() or not qt_dir.is_dir():
        pytest.skip("pyside6-lupdate or the source tree is not here")
    copy = tmp_path / "annotator_vi.ts"
    copy.write_bytes((TS_DIR / "annotator_vi.ts").read_bytes())
    sources = sorted(str(p) for p in qt_dir.rglob("*.py") if "__pycache__" not in p.parts)
    subprocess.run([str(lupdate), *sources, "-ts", str(copy), "-no-obsolete", "-locations", "none", "-silent"],
                   check=True, capture_output=True)

    def entries(root: ET.Element) -> set[tuple[str, str]]:
        return {(c.findtext("name"), m.findtext("source")) for c in root.iter("context") for m in c.iter("message")}

    now, committed = entries(ET.parse(copy).getroot()), entries(_ts("vi"))
    assert now - committed == set(), "new strings: run scripts/update_translations.py and translate them"
    assert committed - now == set(), "strings no longer in the code: run scripts/update_translations.py"


def test_an_edit_is_reported_in_vietnamese(make_window, project):
    app = QApplication.instance()
    install(app, "vi")
    try:
        window = make_window(project)
        text = window.session.document.text
        start = text.index("Phan Văn Đăng")
        assert window.edits.execute(AddSpan(Span(start, start + 13, "PER_VN")))
        assert window.statusBar().currentMessage() == "Đã lưu: thêm PER_VN “Phan Văn Đăng”"
        assert window.save_label.text().startswith("✔ Đã lưu ")
        assert window.edits.undo()
        assert window.statusBar().currentMessage() == "Đã lưu: hoàn tác thêm PER_VN “Phan Văn Đăng”"
    finally:
        uninstall(app)
