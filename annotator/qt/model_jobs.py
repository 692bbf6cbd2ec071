"""The Model menu's jobs: suggest with a pattern file or a model, train now — in a worker thread.

A mixin of `annotator.qt.suggestions.SuggestionController`. Each job runs one service call
(`annotator.services.suggest.suggest_patterns`, `suggest_model`, `train` then `suggest_model`) in
a `Job` thread, which imports spaCy there, never on the UI thread; its progress, result or
one-line error arrive as signals in the main thread, shown in a `QProgressDialog` (Cancel stops
at the next progress report, keeping what was stored) and the status bar. The documents are the
annotator's still to do, the open article first, so its suggestions show as soon as its batch is
stored.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QProgressDialog

from annotator.core.errors import AnnotatorError
from annotator.qt.i18n import arg, translate

DEFAULT_TRAIN_STEPS = 600


class CancelledError(Exception):
    """The user cancelled a running job (raised from its progress callback)."""


class Job(QObject):
    """One long task (suggest, train) in a worker thread; its signals arrive in the main thread.

    `work(progress)` runs in the thread; `progress(text, done, total)` reports (and raises
    `CancelledError` once `cancel()` was called). No Qt object is touched off the main thread.
    """

    progressed = Signal(str, int, int)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Callable[[Callable[[str, int, int], None]], Any]) -> None:
        super().__init__()
        self.work = work
        self.cancelled = False
        self.thread = threading.Thread(target=self._run, name="annotator-suggest", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def cancel(self) -> None:
        self.cancelled = True

    def _progress(self, text: str, done: int, total: int) -> None:
        if self.cancelled:
            raise CancelledError
        self.progressed.emit(text, done, total)

    def _run(self) -> None:
        try:
            result = self.work(self._progress)
        except CancelledError:
            self.failed.emit(translate("ModelJobs", "Cancelled"))
        except AnnotatorError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a job's failure is shown, never a traceback in a thread
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.finished.emit(result)


class ModelJobs:
    """Suggest / train jobs of the suggestions controller (needs `window`, `_svc`, `load`, `job_done`)."""

    job: Job | None = None
    progress_dialog: QProgressDialog | None = None
    last_result: Any = None

    def _documents(self) -> list[int]:
        """The annotator's documents still to do, the open one first (its suggestions show first)."""
        w = self.window
        ids = self._svc().select_documents(w.project, "todo", w.annotator)
        if w.document_id is not None:
            ids = [w.document_id] + [d for d in ids if d != w.document_id]
        return ids

    def suggest_patterns_dialog(self) -> None:
        if not self.window.ensure_ready():
            return
        from annotator.core.gazetteer import default_gazetteer_path

        start = str(default_gazetteer_path())
        path, _ = QFileDialog.getOpenFileName(self.window, translate("ModelJobs", "Suggest with a pattern file"), start,
                                              translate("ModelJobs", "Patterns (*.jsonl *.tsv *.txt);;All files (*)"))
        if path:
            self.suggest_patterns(Path(path))

    def suggest_model_dialog(self) -> None:
        if not self.window.ensure_ready():
            return
        path = QFileDialog.getExistingDirectory(self.window, translate("ModelJobs", "Suggest with a spaCy model (its folder)"), str(self._models_root()))
        if path:
            self.suggest_model(Path(path))

    def suggest_patterns(self, path: Path) -> Job | None:
        """Run a pattern file over the annotator's documents to do (worker thread)."""
        return self._suggest("suggest_patterns", Path(path), translate("ModelJobs", "Loading the patterns…"),
                             translate("ModelJobs", "Suggesting with the patterns…"))

    def suggest_model(self, model_dir: Path) -> Job | None:
        """Run a model (loaded in the worker thread) over the annotator's documents to do."""
        return self._suggest("suggest_model", Path(model_dir), translate("ModelJobs", "Loading the model…"),
                             translate("ModelJobs", "Suggesting with the model…"))

    def _suggest(self, method: str, source: Path, loading: str, running: str) -> Job | None:
        """One suggestion job: the services' `method` (suggest_patterns / suggest_model) over the
        annotator's documents to do, in a worker thread, with progress."""
        w, svc = self.window, self._svc()
        project, annotator, ids = w.project, w.annotator, self._documents()
        run = getattr(svc, method)

        def work(progress):
            progress(loading, 0, len(ids))
            return run(project, source, ids, annotator=annotator, progress=lambda d, t: progress(running, d, t))

        return self.start_job(arg(translate("ModelJobs", "Suggest with %1"), source.name), work)

    def _models_root(self) -> Path:
        url = str(self.window.db_url)
        if url.startswith("sqlite:///") and len(url) > len("sqlite:///"):
            db = Path(url[len("sqlite:///"):])
            return db.parent / f"{db.stem}-models"
        return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)) / "models"

    def train_dialog(self) -> None:
        if not self.window.ensure_ready():
            return
        steps, ok = QInputDialog.getInt(self.window, translate("ModelJobs", "Train now"),
                                        translate("ModelJobs", "Training steps (spaCy NER on the gold sets, else your own set):"),
                                        DEFAULT_TRAIN_STEPS, 1, 100000, 100)
        if ok:
            self.train_now(max_steps=steps)

    def train_now(self, max_steps: int = DEFAULT_TRAIN_STEPS, out: Path | None = None, source=None) -> Job | None:
        """Export, train (spaCy, CPU), record the model, then suggest with it on the documents to do
        (all in a worker thread, with progress). `source`: an export `SourceSpec` (default: gold,
        else the annotator's own sets)."""
        w, svc = self.window, self._svc()
        from annotator.services.export import SourceSpec

        project, annotator, ids = w.project, w.annotator, self._documents()
        spec = source or SourceSpec("gold", fallback=annotator.name)
        out = Path(out) if out is not None else self._models_root() / time.strftime("%Y%m%d-%H%M%S")

        def work(progress):
            progress(translate("ModelJobs", "Exporting the training data…"), 0, max_steps)

            def on_step(info: dict) -> None:
                score = info.get("score")
                extra = arg(translate("ModelJobs", ", dev score %1"), f"{score:.2f}") if isinstance(score, int | float) else ""
                progress(arg(translate("ModelJobs", "Training: step %1 of %2"), info.get("step", 0), max_steps) + extra,
                         int(info.get("step", 0)), max_steps)

            trained = svc.train(project, out, source=spec, max_steps=max_steps,
                                export_progress=lambda d, t: progress(translate("ModelJobs", "Exporting the training data…"), 0, max_steps),
                                on_step=on_step)
            progress(translate("ModelJobs", "Loading the new model…"), 0, len(ids))
            report = svc.suggest_model(project, Path(trained["path"]), ids, annotator=annotator,
                                       progress=lambda d, t: progress(translate("ModelJobs", "Suggesting with the new model…"), d, t))
            return {"trained": trained, "report": report}

        return self.start_job(translate("ModelJobs", "Train now"), work)

    def start_job(self, title: str, work) -> Job | None:
        w = self.window
        if self.job is not None:
            w.show_message(translate("ModelJobs", "A model job is still running"))
            return None
        job = Job(work)
        dialog = QProgressDialog(title + "…", translate("ModelJobs", "Cancel"), 0, 0, w)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.setMinimumDuration(300)
        dialog.canceled.connect(job.cancel)
        shown_first = {"done": False}

        def progressed(text: str, done: int, total: int) -> None:
            dialog.setLabelText(text)
            dialog.setMaximum(max(total, 1) if total else 0)
            dialog.setValue(min(done, max(total, 1)))
            w.statusBar().showMessage(f"{title}: {text} {done}/{total}" if total else f"{title}: {text}")
            # the open article is suggested on first: show its suggestions as soon as they are stored
            suggesting = (translate("ModelJobs", "Suggesting with the patterns…"),
                          translate("ModelJobs", "Suggesting with the model…"),
                          translate("ModelJobs", "Suggesting with the new model…"))
            if done and not shown_first["done"] and text in suggesting:
                shown_first["done"] = True
                self.load()

        def finished(result) -> None:
            self._end_job(dialog)
            self.last_result = result
            self.load()
            w.show_message(f"{title}: {self._summary(result)}", 15000)
            self.job_done.emit(result)

        def failed(message: str) -> None:
            self._end_job(dialog)
            self.last_result = message
            self.load()  # what was stored before a cancel or a failure is shown
            if message == translate("ModelJobs", "Cancelled"):
                w.show_message(arg(translate("ModelJobs", "%1: cancelled"), title))
            else:
                w.show_message(arg(translate("ModelJobs", "%1 failed: %2"), title, message), 20000)
            self.job_done.emit(message)

        job.progressed.connect(progressed)
        job.finished.connect(finished)
        job.failed.connect(failed)
        self.job, self.progress_dialog = job, dialog
        for a in (self.patterns_action, self.model_action, self.train_action):
            a.setEnabled(False)
        job.start()
        return job

    def _end_job(self, dialog: QProgressDialog) -> None:
        self.job = None
        self.progress_dialog = None
        dialog.canceled.disconnect()
        dialog.reset()
        dialog.deleteLater()
        for a in (self.patterns_action, self.model_action, self.train_action):
            a.setEnabled(True)

    @staticmethod
    def _summary(result: Any) -> str:
        if isinstance(result, dict) and "trained" in result:
            t, r = result["trained"], result["report"]
            f = ((t.get("scores") or {}).get("all") or {}).get("f")
            f_text = arg(translate("ModelJobs", ", dev F1 %1"), f"{f:.2f}") if isinstance(f, int | float) else ""
            return (arg(translate("ModelJobs", "model %1"), t["version"]) + f_text + "; "
                    + arg(translate("ModelJobs", "%1 new suggestion(s) on %2 document(s)"), r.suggestions, r.documents))
        r = result
        return arg(translate("ModelJobs", "%1 new suggestion(s) on %2 document(s) (%3)"), r.suggestions, r.documents, r.version)


__all__ = ["DEFAULT_TRAIN_STEPS", "CancelledError", "Job", "ModelJobs"]
