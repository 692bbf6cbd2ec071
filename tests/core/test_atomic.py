"""annotator.core.atomic: an output built beside its target, moved in whole, or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from annotator.core.atomic import OutputError, atomic_file, atomic_folder


def _tree(path: Path) -> dict[str, bytes]:
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def _mode_for_new(directory: bool) -> int:
    mask = os.umask(0)
    os.umask(mask)
    return (0o777 if directory else 0o666) & ~mask


def test_a_folder_is_replaced_whole_and_an_error_keeps_the_old_one(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with atomic_folder(out, lambda name: True) as tmp:
        assert tmp.parent == tmp_path and tmp.name.startswith(".out.tmp-") and not out.exists()
        (tmp / "a.txt").write_text("one", encoding="utf-8")
        (tmp / "sub").mkdir()
        (tmp / "sub" / "b.txt").write_text("two", encoding="utf-8")
    assert _tree(out) == {"a.txt": b"one", "sub/b.txt": b"two"}
    assert stat.S_IMODE(out.stat().st_mode) == _mode_for_new(directory=True)

    def fail_midway(tmp: Path) -> None:
        (tmp / "a.txt").write_text("half", encoding="utf-8")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError), atomic_folder(out, lambda name: True) as tmp:
        fail_midway(tmp)
    assert _tree(out) == {"a.txt": b"one", "sub/b.txt": b"two"}
    assert os.listdir(tmp_path) == ["out"]

    with atomic_folder(out, lambda name: True) as tmp:
        (tmp / "c.txt").write_text("three", encoding="utf-8")
    assert _tree(out) == {"c.txt": b"three"}  # nothing of the previous export is left
    assert os.listdir(tmp_path) == ["out"]


def test_a_file_is_replaced_whole_and_an_error_keeps_the_old_one(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    with atomic_file(out) as tmp:
        assert not tmp.exists() and tmp.parent == tmp_path
        tmp.write_text("one\n", encoding="utf-8")
    assert out.read_text(encoding="utf-8") == "one\n"
    assert stat.S_IMODE(out.stat().st_mode) == _mode_for_new(directory=False)
    def interrupted(tmp: Path) -> None:
        tmp.write_text("half", encoding="utf-8")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt), atomic_file(out) as tmp:
        interrupted(tmp)
    assert out.read_text(encoding="utf-8") == "one\n"
    assert os.listdir(tmp_path) == ["out.jsonl"]


def test_leftovers_of_a_dead_process_are_removed_and_foreign_folders_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    dead = tmp_path / ".out.tmp-999999999-0123abcd"  # no such process
    dead.mkdir()
    (dead / "half.spacy").write_bytes(b"x")
    mine = tmp_path / f".out.tmp-{os.getpid()}-0123abcd"  # this process runs: kept
    mine.mkdir()
    with atomic_folder(out, lambda name: True) as tmp:
        (tmp / "a").write_text("a", encoding="utf-8")
    assert sorted(os.listdir(tmp_path)) == sorted(["out", mine.name])

    with pytest.raises(OutputError, match="not part of an export"), atomic_folder(out, lambda name: name != "a"):
        pass
    (tmp_path / "file").write_text("f", encoding="utf-8")
    with pytest.raises(OutputError, match="not a folder"), atomic_folder(tmp_path / "file", lambda name: True):
        pass
    with pytest.raises(OutputError, match="is a folder"), atomic_file(out):
        pass
    assert _tree(out) == {"a": b"a"}
