"""Where the database lives: `--db` > `ANNOTATOR_DB` > a file in the user data folder."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DB = "ANNOTATOR_DB"


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("annotator", appauthor=False)) / "annotator.sqlite3"


def resolve_db(db: str | None = None) -> str:
    """The database URL or SQLite path to use."""
    if db:
        return db
    env = os.environ.get(ENV_DB)
    if env:
        return env
    return str(default_db_path())
