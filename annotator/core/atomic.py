"""An output that is complete or absent: every export is built beside its target and moved in at the end.

`atomic_file(target)` yields a fresh temporary path in the target's folder (`.NAME.tmp-PID-XXXX`);
when the block ends without an exception the file is moved onto the target with `os.replace`
(atomic on POSIX). `atomic_folder(target, replaceable)` yields a fresh temporary folder beside the
target; at the end it takes the target's place:
- no target yet: one `rename` (atomic);
- a previous export there: on Linux one `renameat2(RENAME_EXCHANGE)` swaps the two folders
  atomically, then the old one (now at the temporary name) is removed. Where that call is missing
  (other systems, file systems without it) two renames: the old folder to `.NAME.old-PID-XXXX`,
  the new one into place, then the old one is removed. Between those two renames the target is
  briefly absent (the old export is whole under its hidden name); a kill in that instant leaves
  no export, never a mixture.
An exception (or Ctrl+C) removes the temporary file or folder and leaves the target untouched.
A process killed with SIGKILL leaves its hidden temporary beside the target; the next export to
the same target removes those whose process no longer runs (POSIX). The guarantee is about
interrupted processes, not power loss (nothing is fsync'ed).
A folder is only replaced when everything in it is something the export writes (`replaceable`),
so `--out` pointing at a folder of other files is refused instead of wiped.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import secrets
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from annotator.core.errors import AnnotatorError

TMP_TAG = "tmp"
OLD_TAG = "old"


class OutputError(AnnotatorError):
    """The target of an export cannot be replaced (not a folder, or a folder of other files)."""


def _target(path: str | Path) -> Path:
    target = Path(os.path.abspath(path))
    return target.resolve() if target.is_symlink() else target


def _sibling(target: Path, tag: str) -> Path:
    return target.with_name(f".{target.name}.{tag}-{os.getpid()}-{secrets.token_hex(4)}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. EPERM: it runs, as someone else
        return True
    return True


def _sweep(target: Path) -> None:
    """Remove what killed exports to `target` left beside it (their process no longer runs)."""
    if os.name != "posix" or not target.parent.is_dir():
        return
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(?:{TMP_TAG}|{OLD_TAG})-(\d+)-[0-9a-f]{{8}}")
    for entry in target.parent.iterdir():
        m = pattern.fullmatch(entry.name)
        if m is None or _alive(int(m.group(1))):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                entry.unlink()


@contextlib.contextmanager
def atomic_file(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path (not yet created) beside `path`; move it onto `path` at the end."""
    target = _target(path)
    if target.is_dir():
        raise OutputError(f"{target} is a folder, not a file")
    target.parent.mkdir(parents=True, exist_ok=True)
    _sweep(target)
    tmp = _sibling(target, TMP_TAG)
    try:
        yield tmp
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


@contextlib.contextmanager
def atomic_folder(path: str | Path, replaceable: Callable[[str], bool]) -> Iterator[Path]:
    """Yield a new empty folder beside `path`; at the end it takes the place of `path` (see module doc).

    An existing `path` is replaced only when `replaceable(name)` holds for every entry in it.
    """
    target = _target(path)
    if target.exists() and not target.is_dir():
        raise OutputError(f"{target} exists and is not a folder")
    if target.is_dir():
        foreign = sorted(e.name for e in target.iterdir() if not replaceable(e.name))
        if foreign:
            raise OutputError(
                f"{target} holds files that are not part of an export (e.g. {foreign[0]!r}); an export replaces "
                "its whole folder: choose a new or empty folder"
            )
    target.parent.mkdir(parents=True, exist_ok=True)
    _sweep(target)
    tmp = _sibling(target, TMP_TAG)
    tmp.mkdir()
    try:
        yield tmp
        _swap_in(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _swap_in(new: Path, target: Path) -> None:
    try:
        os.rename(new, target)  # no target (or an empty folder): atomic
        return
    except OSError as exc:
        if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST):
            raise
    if _exchange(new, target):  # `new` now holds the previous export
        shutil.rmtree(new, ignore_errors=True)
        return
    aside = _sibling(target, OLD_TAG)
    os.rename(target, aside)  # from here until the next rename, `target` is absent
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(aside, target)
        raise
    shutil.rmtree(aside, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux `renameat2(RENAME_EXCHANGE)`); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    return fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0
