"""The `annotator` command. Global options (`--db`, `--user`, `--role`) come before the command.

With no command (or `gui`) it opens the window. Commands of later features register themselves
in `annotator/cli/` modules listed in `_COMMAND_MODULES`.
"""

from __future__ import annotations

import sys

_GUI_FAST_PATH_OPTS = {"--db", "--user", "--role"}


def _fast_gui_args(argv: list[str]) -> dict[str, str] | None:
    """Parse `[--db X] [--user Y] [--role R] [gui]` without importing typer (faster start-up)."""
    opts: dict[str, str] = {}
    i = 0
    while i < len(argv):
        a = argv[i]
        key, eq, val = a.partition("=")
        if key in _GUI_FAST_PATH_OPTS:
            if not eq:
                if i + 1 >= len(argv):
                    return None
                val = argv[i + 1]
                i += 1
            opts[key[2:]] = val
        elif a == "gui" and i == len(argv) - 1:
            pass
        else:
            return None
        i += 1
    return opts


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv == ["--version"]:  # without typer: as fast as the window's path
        from importlib.metadata import PackageNotFoundError, version

        try:
            print(f"annotator {version('annotator')}")
        except PackageNotFoundError:
            from annotator import __version__

            print(f"annotator {__version__}")
        raise SystemExit(0)
    fast = _fast_gui_args(argv)
    if fast is not None:
        from annotator.cli.gui_launch import launch

        raise SystemExit(launch(db=fast.get("db"), user=fast.get("user"), role=fast.get("role")))
    from annotator.cli.app import build_command

    build_command()(args=argv, prog_name="annotator")

