"""A desktop without the fonts for Vietnamese or Korean letters is told so (not left with boxes)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROBE = (
    "from PySide6.QtWidgets import QApplication; app = QApplication([]);"
    "from annotator.qt.app import missing_fonts; print(missing_fonts())"
)


def _fontconfig(tmp_path: Path, fonts: list[Path]) -> dict[str, str]:
    d = tmp_path / "fonts"
    d.mkdir()
    for f in fonts:
        (d / f.name).write_bytes(f.read_bytes())
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><fontconfig><dir>{d}</dir><cachedir>{tmp_path / "cache"}</cachedir></fontconfig>')
    return dict(os.environ, FONTCONFIG_FILE=str(conf), QT_QPA_PLATFORM="offscreen")


def _dejavu() -> Path:
    out = subprocess.run(["fc-match", "-f", "%{file}", "DejaVu Sans"], capture_output=True, text=True)
    return Path(out.stdout.strip())


def test_missing_korean_font_is_named_with_its_package(tmp_path: Path):
    env = _fontconfig(tmp_path, [_dejavu()])  # Vietnamese letters yes, Hangul no
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    line = out.stdout.strip()
    assert "Korean" in line and "fonts-nanum" in line and "Vietnamese" not in line


def test_fonts_of_this_machine_are_enough():
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                         env=dict(os.environ, QT_QPA_PLATFORM="offscreen"), timeout=60)
    assert out.stdout.strip() == "None", out.stdout  # CI installs the fonts README lists
