"""Launching the window where it cannot open: one clear line and exit 2, not Qt's abort.

The library check runs the real `ldd` on a real copy of Qt's xcb plugin whose dependency list
names a library that does not exist; the launch tests run the real `annotator` entry point.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.qt import desktop

DATA = Path(__file__).parent / "data"
linux_only = pytest.mark.skipif(sys.platform != "linux" or shutil.which("ldd") is None, reason="Linux with ldd")


def annotator(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in {"ANNOTATOR_DB", "DISPLAY", "WAYLAND_DISPLAY"}}
    base.pop("QT_QPA_PLATFORM", None)
    base.update(env)
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args], capture_output=True, text=True, env=base, timeout=120
    )


def real_plugin() -> Path:
    plugin = desktop.xcb_plugin({})
    assert plugin is not None, "PySide6's libqxcb.so not found"
    return plugin


def plugin_needing_a_missing_library(tmp_path: Path) -> Path:
    """A copy of libqxcb.so (next to the wheel's Qt libraries, as its RUNPATH expects) whose
    DT_NEEDED entry `libxcb-util.so.1` is renamed to `libnotthere.so.1` (same length)."""
    qt = real_plugin().parents[2]  # .../PySide6/Qt
    (tmp_path / "lib").symlink_to(qt / "lib", target_is_directory=True)
    platforms = tmp_path / "plugins" / "platforms"
    platforms.mkdir(parents=True)
    data = real_plugin().read_bytes()
    assert data.count(b"libxcb-util.so.1\x00") == 1
    copy = platforms / "libqxcb.so"
    copy.write_bytes(data.replace(b"libxcb-util.so.1\x00", b"libnotthere.so.1\x00"))
    return copy


def test_parse_real_ldd_output_of_libqxcb_on_a_fresh_debian() -> None:
    # `ldd libqxcb.so` on Debian 12 without libxcb-icccm4 and libxcb-keysyms1 (each listed twice there)
    output = (DATA / "ldd_libqxcb_debian12.txt").read_text(encoding="utf-8")
    missing = desktop.parse_ldd(output)
    assert missing == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert desktop.install_hint(missing, apt=True, root=False) == "sudo apt-get install libxcb-icccm4 libxcb-keysyms1"
    assert desktop.install_hint(missing, apt=True, root=True) == "apt-get install libxcb-icccm4 libxcb-keysyms1"


def test_every_library_ldd_found_in_that_output_maps_to_a_package() -> None:
    output = (DATA / "ldd_libqxcb_debian12.txt").read_text(encoding="utf-8")
    system = [
        line.split("=>")[0].strip()
        for line in output.splitlines()
        if "=> /lib" in line or "=> /usr/lib" in line
    ]
    unmapped = {s for s in system if s not in desktop.DEBIAN_PACKAGES}
    # the C/C++ runtime and core system libraries are on every Debian system
    assert unmapped <= {
        "libc.so.6", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1", "libpthread.so.0", "libdl.so.2",
        "libsystemd.so.0", "libcap.so.2", "libgcrypt.so.20", "libgpg-error.so.0", "liblzma.so.5", "liblz4.so.1",
    }, unmapped


def test_unknown_library_gets_apt_file_advice_and_non_apt_systems_no_apt_line() -> None:
    hint = desktop.install_hint(["libxcb-icccm.so.4", "libnotthere.so.1"], apt=True, root=False)
    assert hint == "sudo apt-get install libxcb-icccm4; find the package of libnotthere.so.1 with: apt-file search NAME"
    assert "apt-get" not in desktop.install_hint(["libxcb-icccm.so.4"], apt=False, root=False)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DISPLAY": ":0"}, "xcb"),
        ({}, None),
        ({"QT_QPA_PLATFORM": "offscreen"}, "offscreen"),
        ({"QT_QPA_PLATFORM": "xcb"}, None),
        ({"QT_QPA_PLATFORM": "xcb:nograb", "DISPLAY": ":1"}, "xcb"),
        ({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, "wayland"),
        ({"XDG_SESSION_TYPE": "wayland", "DISPLAY": ":0"}, "xcb"),  # ssh into a wayland session
        ({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, "xcb"),
        ({"QT_QPA_PLATFORM": "wayland;xcb", "DISPLAY": ":0"}, "xcb"),
        ({"QT_QPA_PLATFORM": "vnc"}, "vnc"),
    ],
)
def test_which_platform_qt_will_use(env: dict[str, str], expected: str | None) -> None:
    assert desktop.chosen_platform(env) == expected


def test_no_check_outside_linux() -> None:
    assert desktop.window_problem({}, platform="darwin") is None
    assert desktop.window_problem({}, platform="win32") is None


@linux_only
def test_real_ldd_reports_a_missing_dependency_of_a_real_plugin(tmp_path: Path) -> None:
    broken = plugin_needing_a_missing_library(tmp_path)
    missing = desktop.missing_libraries(broken)
    assert missing is not None and "libnotthere.so.1" in missing
    assert "libnotthere.so.1" not in (desktop.missing_libraries(real_plugin()) or [])
    env = {"DISPLAY": ":0", "QT_QPA_PLATFORM_PLUGIN_PATH": str(broken.parent)}
    problem = desktop.window_problem(env, platform="linux")
    assert problem is not None and "libnotthere.so.1" in problem and "\n" not in problem
    assert desktop.window_problem({**env, "QT_QPA_PLATFORM": "offscreen"}, platform="linux") is None


@linux_only
def test_launch_with_a_missing_library_says_which_and_exits_2(tmp_path: Path) -> None:
    broken = plugin_needing_a_missing_library(tmp_path)
    db = tmp_path / "db.sqlite3"
    r = annotator(
        "--db", str(db), "--user", "t",
        env={"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":0", "QT_QPA_PLATFORM_PLUGIN_PATH": str(broken.parent)},
    )
    assert r.returncode == 2, (r.returncode, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert "xcb platform plugin needs" in lines[0] and "libnotthere.so.1" in lines[0]
    assert "apt-file search" in lines[0] or "apt-get" not in lines[0]
    assert not db.exists()  # nothing was opened


@linux_only
def test_launch_without_any_display_says_so_and_exits_2(tmp_path: Path) -> None:
    r = annotator("--db", str(tmp_path / "db.sqlite3"), "--user", "t", env={"XDG_RUNTIME_DIR": str(tmp_path)})
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert r.stderr.strip().splitlines() == [
        "annotator: no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set); "
        "start it from a desktop session, or use the commands (annotator --help)"
    ]


def test_python_m_annotator_names_the_application_annotator(tmp_path: Path) -> None:
    r = annotator(
        "--db", str(tmp_path / "db.sqlite3"), "--user", "t",
        env={"QT_QPA_PLATFORM": "offscreen", "ANNOTATOR_BENCH_STARTUP": "1",
             "ANNOTATOR_SETTINGS": str(tmp_path / "settings.ini")},
    )
    assert r.returncode == 0, r.stderr
    probe = [ln for ln in r.stdout.splitlines() if ln.startswith("ANNOTATOR_STARTUP ")]
    assert len(probe) == 1, r.stdout
    fields = dict(f.split("=", 1) for f in probe[0].split()[2:])
    assert fields == {"platform": "offscreen", "app": "annotator", "argv0": "annotator", "desktop": "annotator"}


def test_ci_installs_exactly_the_readme_window_packages() -> None:
    root = Path(__file__).parents[2]
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme.split("### System packages for the window", 1)[1].split("\n#", 1)[0]
    apt_lines = [ln for ln in section.splitlines() if ln.startswith("sudo apt-get install ")]
    assert len(apt_lines) == 1, apt_lines
    readme_packages = apt_lines[0].split()[3:]
    ci = (root / ".ci" / "run").read_text(encoding="utf-8")
    ci_line = next(ln for ln in ci.splitlines() if ln.startswith("WINDOW_PACKAGES="))
    assert ci_line.split("=", 1)[1].strip('"').split() == readme_packages
    # the two libraries a fresh Debian 12 desktop lacks are in the list
    assert {"libxcb-icccm4", "libxcb-keysyms1", "libxcb-cursor0"} <= set(readme_packages)
