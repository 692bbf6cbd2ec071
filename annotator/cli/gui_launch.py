"""Start the window (imports Qt only here, so the other commands never load it)."""

from __future__ import annotations


def launch(db: str | None = None, user: str | None = None, role: str | None = None,
           lang: str | None = None) -> int:
    try:
        from annotator.qt.app import run
    except ImportError as exc:  # pragma: no cover - only without the window's package
        print(f"annotator: the window is not available: {exc}")
        return 2
    return run(db=db, user=user, role=role, lang=lang)
