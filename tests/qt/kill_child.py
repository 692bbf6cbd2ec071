"""Child process for test_kill.py: the real window doing a burst of edits with real key presses.

    python kill_child.py DB SETTINGS.ini

Prints `DOING SAVED|DELETED start end label` before each edit, `SAVED start end label` /
`DELETED start end label` each time the window reports that edit as saved (its `saved` signal),
and `READY` once the window is up. It never stops by itself
before the parent kills it (after many edits it waits).
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.qt.settings import open_settings
from annotator.qt.wiring import build_window
from annotator.services.project import Project


def main() -> None:
    db, settings_file = sys.argv[1], sys.argv[2]
    os.environ["ANNOTATOR_SETTINGS"] = settings_file
    app = QApplication(sys.argv[:1])
    project = Project.open(db)
    window = build_window(project, project.annotator("lan"), open_settings())
    window.show()
    window.activateWindow()
    window.open_initial_document()
    view = window.article_view
    tokens = list(zip(window.session.tokens.starts, window.session.tokens.ends, strict=True))
    words = [(s, e) for s, e in tokens if window.session.document.text[s:e].isalpha()]
    pending: list[str] = []
    added: list[tuple[int, int, str]] = []

    def on_saved(_what: str) -> None:
        if pending:
            print(pending.pop(0), flush=True)

    window.edits.saved.connect(on_saved)
    state = {"i": 0}

    def step() -> None:
        i = state["i"]
        state["i"] += 1
        if i >= len(words):
            return  # done: wait to be killed
        if i % 5 == 4 and added:
            s, e, label = added.pop(0)
            view.set_selected_span(next(sp for sp in window.layer.spans_at(s) if sp.key == (s, e, label)))
            pending.append(f"DELETED {s} {e} {label}")
            print(f"DOING {pending[-1]}", flush=True)
            QTest.keyClick(view, Qt.Key.Key_Delete)
        else:
            s, e = words[i]
            view.select_range(s, e)
            label = "PER_VN" if i % 2 else "LOC_VN"
            pending.append(f"SAVED {s} {e} {label}")
            print(f"DOING {pending[-1]}", flush=True)
            QTest.keyClick(view, Qt.Key.Key_1 if label == "PER_VN" else Qt.Key.Key_7)
            added.append((s, e, label))
        if pending:  # the edit was not reported as saved: say so (the test then fails loudly)
            print(f"UNSAVED {pending.pop(0)}", flush=True)
        QTimer.singleShot(0, step)

    print("READY", flush=True)
    QTimer.singleShot(0, step)
    app.exec()


if __name__ == "__main__":
    main()
