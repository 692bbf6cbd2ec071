"""Start the labeling window: `annotator.qt.app.run(db, user, role)`.

Start-up is kept short (`annotator.qt.startup`): the first article (the last one opened, else
the first not done) is read with the standard library and painted before SQLAlchemy and the
services are even imported; they load in a thread right after, and the window takes them over
(an edit made meanwhile waits for them). No spaCy. A database that cannot be read that way (a
new file, PostgreSQL) is opened first, as before. `ANNOTATOR_BENCH_STARTUP=1` prints the seconds
from interpreter start to the first painted article and quits (used by `bench/gui.py`), followed
by `platform=… app=… argv0=… desktop=…` (what the window really ran on and is named; `.ci/run`
checks them), then a line `ANNOTATOR_STARTUP_CPU <s>`: the process's CPU seconds until then.
Before the QApplication exists, `annotator.qt.desktop` checks that a window can open at all
(system libraries, a display) and returns 2 with one line if not, instead of letting Qt abort.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import sys
import time

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from annotator.core.document import Annotator, Role
from annotator.core.errors import AnnotatorError
from annotator.qt.desktop import window_problem
from annotator.qt.i18n import arg, choose_language, install, translate
from annotator.qt.settings import last_document_key, last_mode, open_settings
from annotator.qt.startup import PendingProject, ServicesLoader
from annotator.qt.wiring import build_window, install_modes
from annotator.services.config import resolve_db
from annotator.storage.quick_read import first_article

ENV_BENCH = "ANNOTATOR_BENCH_STARTUP"


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "annotator"


def choose_user(settings, user: str | None, ask: bool = True) -> str | None:
    """`--user`, else the last user (settings), else a first-run prompt defaulting to the OS user."""
    if user:
        return user.strip()
    last = settings.value("last_user")
    if last:
        return str(last)
    if not ask:
        return _os_user()
    name, ok = QInputDialog.getText(None, "Annotator", translate("App", "Your name (as an annotator):"),
                                    text=_os_user())
    return name.strip() if ok and name.strip() else None


class _FirstPaint(QObject):
    """Prints the start-up time once the article has been painted, then quits."""

    def __init__(self, app: QApplication) -> None:
        super().__init__()
        self.app = app
        self.done = False

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        now = time.time()  # before looking up the process start (which imports psutil)
        cpu = time.process_time()
        seconds = now - _process_start()
        app = self.app
        print(  # the seconds first (bench/gui.py reads them), then what the window really ran on
            f"ANNOTATOR_STARTUP {seconds:.4f} platform={app.platformName()} app={app.applicationName()}"
            f" argv0={os.path.basename(app.arguments()[0])} desktop={app.desktopFileName()}",
            flush=True,
        )
        print(f"ANNOTATOR_STARTUP_CPU {cpu:.4f}", flush=True)
        self.app.quit()


def _process_start() -> float:
    """When this process started (wall clock), so the figure includes interpreter start-up and imports."""
    try:  # Linux: field 22 of /proc/self/stat is the start time in clock ticks after boot
        with open("/proc/self/stat", encoding="ascii") as fh:
            ticks = int(fh.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as fh:
            uptime = float(fh.read().split()[0])
        return time.time() - uptime + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        pass
    try:
        import psutil

        return psutil.Process().create_time()
    except ImportError:
        print("ANNOTATOR_STARTUP counts from the import of annotator.qt.app (no /proc, no psutil)", flush=True)
        return _T0


_T0 = time.time()


FONT_PACKAGES = {"Vietnamese": "fonts-dejavu-core", "Korean": "fonts-nanum"}
WRITING_NAMES = {"Vietnamese": QT_TRANSLATE_NOOP("App", "Vietnamese"), "Korean": QT_TRANSLATE_NOOP("App", "Korean")}


def missing_fonts(translated: bool = False) -> str | None:
    """A one-line warning when no installed font can show Vietnamese (or Korean) letters, else None.

    Without one, Qt draws empty boxes: the stored text is unaffected, but nobody can read it.
    In English (for stderr), or in the window's language when `translated` (for its status bar).
    """
    from PySide6.QtGui import QFontDatabase

    ws = QFontDatabase.WritingSystem
    lacking = [name for name, system in (("Vietnamese", ws.Vietnamese), ("Korean", ws.Korean))
               if not QFontDatabase.families(system)]
    if not lacking:
        return None
    packages = " ".join(FONT_PACKAGES[n] for n in lacking)
    if translated:
        names = " / ".join(translate("App", WRITING_NAMES[n]) for n in lacking)
        return arg(translate("App", "no installed font shows %1 letters (they appear as empty boxes); "
                             "on Debian/Ubuntu: sudo apt-get install %2"), names, packages)
    return (f"no installed font shows {' or '.join(lacking)} letters (they appear as empty boxes); "
            f"on Debian/Ubuntu: sudo apt-get install {packages}")


class _AfterFirstPaint(QObject):
    """Runs `then()` once the article has been painted (or after `FALLBACK_MS`, unpainted)."""

    FALLBACK_MS = 300

    def __init__(self, then) -> None:
        super().__init__()
        self.then = then
        self.done = False
        QTimer.singleShot(self.FALLBACK_MS, self._run)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint and not self.done:
            QTimer.singleShot(0, self._run)  # after this paint is on screen
        return False

    def _run(self) -> None:
        if not self.done:
            self.done = True
            self.then()


def _early_window(url: str, name: str, role: str | None, settings, loader: ServicesLoader):
    """The window showing the first article read through the standard library, or None when that
    read cannot answer (then the services open first)."""
    from annotator.core.schema import parse_schema_text

    last = settings.value(last_document_key(url, name))
    try:
        doc_id = int(last) if last is not None else None
    except (TypeError, ValueError):
        doc_id = None
    first = first_article(url, name, doc_id, role)
    if first is None or first.schema_yaml is None:
        return None
    try:  # written by this tool (validated then); anything odd: let the services say what is wrong
        schema = parse_schema_text(first.schema_yaml, source=f"schema stored in {url}", check=False)
    except Exception:
        return None
    annotator = first.annotator or Annotator(-1, name, Role.ANNOTATOR)
    if role is not None and annotator.role is not Role(role):
        annotator = Annotator(annotator.id, annotator.name, Role(role))
    if annotator.is_reviewer and last_mode(settings, name) != "annotate":
        return None  # a reviewer lands in review mode (the services' merged view), not on her own set
    window = build_window(PendingProject(loader, schema, url), annotator, settings, modes=False)
    window.show_first(first)
    return window


def run(db: str | None = None, user: str | None = None, role: str | None = None, lang: str | None = None) -> int:
    """Open the window; `lang` ("vi" or "en") forces the language (see `annotator.qt.i18n`)."""
    app = QApplication.instance()
    if app is None:
        problem = window_problem()  # a missing system library or no display: one line, not Qt's abort
        if problem:
            print(problem, file=sys.stderr)
            return 2
        # argv[0] names the X11 window class (the taskbar's name): "annotator", not "__main__.py"
        app = QApplication(["annotator"])
    app.setApplicationName("annotator")
    app.setApplicationDisplayName("Annotator")
    app.setDesktopFileName("annotator")
    app.setOrganizationName("annotator")
    settings = open_settings()
    try:  # before any window exists: the first paint is already translated
        language = choose_language(settings, lang)
    except ValueError as exc:
        print(f"annotator: {exc}", file=sys.stderr)
        return 2
    install(app, language)
    name = choose_user(settings, user, ask=not os.environ.get(ENV_BENCH))
    if not name:
        return 1
    if role is not None:
        try:
            Role(role)
        except ValueError:
            QMessageBox.critical(None, "Annotator",
                                 arg(translate("App", "no role %1 (annotator or reviewer)"), repr(role)))
            return 1
    url = resolve_db(db)
    loader = ServicesLoader(url, name, role)
    window = _early_window(url, name, role, settings, loader)
    if window is None:  # nothing to paint before the services (a new database, PostgreSQL…)
        try:
            project, annotator = loader.result()
        except AnnotatorError as exc:
            QMessageBox.critical(None, "Annotator",
                                 arg(translate("App", "Could not open the database:\n%1"), exc))
            return 1
        window = build_window(project, annotator, settings)
    else:
        loader.loaded.connect(window.ensure_ready)  # queued: runs in the main thread

        def after_paint(window=window) -> None:
            install_modes(window)  # review mode: not needed for the first paint
            loader.start()

        starter = _AfterFirstPaint(after_paint)
        window.article_view.viewport().installEventFilter(starter)
        window._after_first_paint = starter
    if os.environ.get(ENV_BENCH):
        probe = _FirstPaint(app)
        window.article_view.viewport().installEventFilter(probe)
        window._bench_probe = probe
    window.show()
    if not window.pending:
        window.open_initial_document()
    missing = missing_fonts()
    if missing:
        print(f"annotator: {missing}", file=sys.stderr)
        window.statusBar().showMessage(missing_fonts(translated=True) or missing, 30000)
    code = app.exec()
    if loader.started:
        with contextlib.suppress(AnnotatorError):  # already told
            loader.result()[0].close()
    return code
