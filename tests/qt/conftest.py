"""Fixtures for the window tests: isolated settings, a window on a real SQLite file, DB probes."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.qt.settings import open_settings
from annotator.qt.wiring import build_window


@pytest.fixture(autouse=True)
def english_window(monkeypatch):
    """The window tests run in English (the source strings) whatever the machine's locale:
    `ANNOTATOR_LANG=en`; tests/qt/test_i18n.py installs Vietnamese where it needs it."""
    monkeypatch.setenv("ANNOTATOR_LANG", "en")


@pytest.fixture
def settings_path(tmp_path: Path, monkeypatch) -> Path:
    path = tmp_path / "settings.ini"
    monkeypatch.setenv("ANNOTATOR_SETTINGS", str(path))
    return path


@pytest.fixture
def make_window(qtbot, settings_path):
    """make_window(project, user="lan") -> a shown MainWindow on the first document."""

    def make(project, user: str = "lan", role=None, open_first: bool = True):
        window = build_window(project, project.annotator(user, role), open_settings())
        qtbot.addWidget(window)
        window.resize(1200, 800)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=2000)  # window shortcuts need an active window
        if open_first:
            window.open_initial_document()
        return window

    return make
