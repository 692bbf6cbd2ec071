"""Collect the window's strings into the .ts files and compile them to the .qm files shipped in the package.

    python scripts/update_translations.py          # lupdate + English filled from the source + lrelease
    python scripts/update_translations.py --check  # exit 1 when a Vietnamese entry is unfinished or missing

Steps: `pyside6-lupdate` over every module of `annotator/qt` (new strings appear in
`annotator/qt/i18n/annotator_vi.ts` marked unfinished; strings no longer used are dropped);
English is the source language, so each English entry is its source text; then `pyside6-lrelease`
writes `annotator_vi.qm` and `annotator_en.qm` beside the .ts files. Translate the Vietnamese
entries with Qt Linguist (`pyside6-linguist annotator/qt/i18n/annotator_vi.ts`) or in the XML,
then run this script again. `tests/qt/test_i18n.py` checks that no Vietnamese entry is
unfinished and that the committed .qm files are what lrelease makes of the .ts files.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QT = ROOT / "annotator" / "qt"
I18N = QT / "i18n"
LANGS = ("vi", "en")


def tool(name: str) -> str:
    """Path of a PySide6 tool (`pyside6-lupdate`, `pyside6-lrelease`): beside this Python first."""
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found (it comes with PySide6-Essentials)")
    return found


def ts_path(lang: str) -> Path:
    return I18N / f"annotator_{lang}.ts"


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in QT.rglob("*.py") if "__pycache__" not in p.parts)


def lupdate() -> None:
    subprocess.run([tool("pyside6-lupdate"), *sources(), "-ts", *(str(ts_path(lang)) for lang in LANGS),
                    "-no-obsolete", "-locations", "none"], cwd=ROOT, check=True)


def fill_english() -> int:
    """English entries: the source text itself, marked finished. Returns how many were filled."""
    path = ts_path("en")
    tree = ET.parse(path)
    filled = 0
    for msg in tree.getroot().iter("message"):
        tr = msg.find("translation")
        if tr.get("type") == "unfinished" or not (tr.text or ""):
            tr.text = msg.find("source").text
            tr.attrib.pop("type", None)
            filled += 1
    write_ts(tree, path)
    return filled


def write_ts(tree: ET.ElementTree, path: Path) -> None:
    body = ET.tostring(tree.getroot(), encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")


def unfinished(lang: str) -> list[tuple[str, str]]:
    """(context, source) of every entry of `lang` without a finished translation."""
    out = []
    for ctx in ET.parse(ts_path(lang)).getroot().iter("context"):
        name = ctx.findtext("name")
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            if tr is None or tr.get("type") in ("unfinished", "vanished", "obsolete") or not (tr.text or "").strip():
                out.append((name, msg.findtext("source")))
    return out


def lrelease(out_dir: Path = I18N) -> list[Path]:
    """Compile each .ts to `out_dir/annotator_<lang>.qm`; returns the .qm paths."""
    out = []
    for lang in LANGS:
        qm = out_dir / f"annotator_{lang}.qm"
        subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts_path(lang)), "-qm", str(qm)], check=True)
        out.append(qm)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report unfinished Vietnamese entries")
    args = parser.parse_args(argv)
    if not args.check:
        lupdate()
        fill_english()
        lrelease()
    missing = unfinished("vi")
    for ctx, src in missing:
        print(f"{ts_path('vi').relative_to(ROOT)}: unfinished [{ctx}] {src!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
