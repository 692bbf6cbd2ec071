"""Where the window keeps its preferences (QSettings).

`ANNOTATOR_SETTINGS=/path/file.ini` puts them in an INI file (tests and benchmarks use it so
they never touch the user's real settings); otherwise the platform's usual place.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QSettings

ENV_SETTINGS = "ANNOTATOR_SETTINGS"


def open_settings(path: str | None = None) -> QSettings:
    path = path or os.environ.get(ENV_SETTINGS)
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    return QSettings("annotator", "annotator")


def user_key(name: str) -> str:
    """A settings key segment for a user name (QSettings treats '/' and '\\' as separators)."""
    return "".join(ch if ch.isalnum() else f"_{ord(ch):x}" for ch in name)


def last_document_key(database_url: str, user: str) -> str:
    """Settings key of the document `user` last had open in this database (ids are per database)."""
    import hashlib

    digest = hashlib.sha1(database_url.encode("utf-8")).hexdigest()[:12]
    return f"last_document/{digest}/{user_key(user)}"


MODES = ("annotate", "review")


def last_mode(settings: QSettings, user: str) -> str | None:
    """The mode `user` last chose in the window ("annotate" or "review"), None if never."""
    value = settings.value(f"last_mode/{user_key(user)}")
    return str(value) if value in MODES else None


def remember_mode(settings: QSettings, user: str, mode: str) -> None:
    settings.setValue(f"last_mode/{user_key(user)}", mode)
