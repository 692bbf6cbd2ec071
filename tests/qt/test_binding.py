"""PySide6 6.12.0 on Python < 3.12 lowers None's refcount on every void call and aborts the
process after a few thousand calls (pitfalls.md). The dependency excludes it; this test fails CI
if a broken binding is ever installed."""

from __future__ import annotations

import subprocess
import sys

CODE = r"""
import sys
from PySide6.QtWidgets import QApplication, QPlainTextEdit
from PySide6.QtGui import QTextCursor
app = QApplication([])
w = QPlainTextEdit("x" * 100)
c = QTextCursor(w.document())
before = sys.getrefcount(None)
for _ in range(1000):
    c.setPosition(5)
    w.setReadOnly(True)
after = sys.getrefcount(None)
assert after >= before - 10, f"None refcount dropped by {before - after}"
print("ok")
"""


def test_void_calls_do_not_leak_none_references() -> None:
    r = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120,
                       env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.strip().endswith("ok")


def test_installed_version_is_not_the_broken_one() -> None:
    import PySide6

    if sys.version_info < (3, 12):
        assert PySide6.__version__ != "6.12.0"
