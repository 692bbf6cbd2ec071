"""Can a window open here? Checked before the QApplication exists.

On Linux, Qt's xcb platform plugin (the wheel's `PySide6/Qt/plugins/platforms/libqxcb.so`) needs
system libraries that a fresh Debian/Ubuntu lacks (`libxcb-icccm4`, `libxcb-keysyms1`, …).
Without them Qt aborts the process, and its message names `libxcb-cursor0` whatever is really
missing. `ldd` on the plugin (one call, ~10 ms; it lists the whole dependency tree, including
`libQt6XcbQpa.so.6`'s) tells what is missing, so the user gets one line naming the libraries
and the install command instead. No display at all (neither `DISPLAY` nor `WAYLAND_DISPLAY`) is
reported the same way.

This module does not import Qt: it finds the plugin through the import system, without loading it.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

# Every library in libqxcb.so's dependency tree that is not bundled with the wheel, and the Debian
# (and Ubuntu) package that provides it: `dpkg -S` on Debian 12 with PySide6 6.11.
DEBIAN_PACKAGES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libXau.so.6": "libxau6",
    "libXdmcp.so.6": "libxdmcp6",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libGLdispatch.so.0": "libglvnd0",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libpng16.so.16": "libpng16-16",
    "libexpat.so.1": "libexpat1",
    "libbrotlidec.so.1": "libbrotli1",
    "libbrotlicommon.so.1": "libbrotli1",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libpcre2-8.so.0": "libpcre2-8-0",
    "libzstd.so.1": "libzstd1",
    "libz.so.1": "zlib1g",
    "libbsd.so.0": "libbsd0",
    "libmd.so.0": "libmd0",
}

# Platform plugins that need no display server.
_HEADLESS = {"offscreen", "minimal", "minimalegl", "vnc", "eglfs", "linuxfb", "vkkhrdisplay"}


def platform_candidates(env: Mapping[str, str]) -> list[str]:
    """The platform plugins Qt will try, in order (QT_QPA_PLATFORM, else Qt 6's default on Linux)."""
    chosen = env.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        names = [part.split(":", 1)[0].strip().lower() for part in chosen.split(";")]
        return [n for n in names if n]
    if env.get("WAYLAND_DISPLAY") or env.get("XDG_SESSION_TYPE", "").lower() == "wayland":
        return ["wayland", "xcb"]
    return ["xcb"]


def _wayland_reachable(env: Mapping[str, str]) -> bool:
    if env.get("WAYLAND_DISPLAY"):
        return True
    runtime = env.get("XDG_RUNTIME_DIR")  # libwayland's default socket when WAYLAND_DISPLAY is unset
    return bool(runtime) and os.path.exists(os.path.join(runtime, "wayland-0"))


def chosen_platform(env: Mapping[str, str]) -> str | None:
    """The plugin Qt will end up with, or None when every candidate needs a display that is not there."""
    for name in platform_candidates(env):
        if name == "xcb":
            if env.get("DISPLAY"):
                return name
        elif name.startswith("wayland"):
            if _wayland_reachable(env):
                return name
        else:
            return name  # headless, or a plugin this check knows nothing about
    return None


def parse_ldd(output: str) -> list[str]:
    """The sonames `ldd` reports as "not found", each once, in order of appearance."""
    missing: list[str] = []
    for line in output.splitlines():
        name, arrow, where = line.strip().partition("=>")
        if arrow and where.strip() == "not found" and name.strip() not in missing:
            missing.append(name.strip())
    return missing


def missing_libraries(library: str | os.PathLike[str]) -> list[str] | None:
    """Run `ldd` on a shared object: the libraries it needs that cannot be found (None: ldd unusable)."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return None
    try:
        result = subprocess.run(
            [ldd, os.fspath(library)], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return parse_ldd(result.stdout)


def install_hint(missing: list[str], apt: bool, root: bool) -> str:
    """The exact command that installs `missing` (Debian/Ubuntu), or what to look for elsewhere."""
    packages = list(dict.fromkeys(DEBIAN_PACKAGES[s] for s in missing if s in DEBIAN_PACKAGES))
    unknown = [s for s in missing if s not in DEBIAN_PACKAGES]
    if not apt:
        return "install the packages that provide them"
    parts = []
    if packages:
        parts.append(("" if root else "sudo ") + "apt-get install " + " ".join(packages))
    if unknown:
        parts.append("find the package of " + ", ".join(unknown) + " with: apt-file search NAME")
    return "; ".join(parts)


def xcb_plugin(env: Mapping[str, str]) -> Path | None:
    """The libqxcb.so Qt would load: QT_QPA_PLATFORM_PLUGIN_PATH, QT_PLUGIN_PATH, then the wheel's."""
    dirs = []
    if env.get("QT_QPA_PLATFORM_PLUGIN_PATH"):
        dirs.append(Path(env["QT_QPA_PLATFORM_PLUGIN_PATH"]))
    dirs += [Path(p) / "platforms" for p in env.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
    spec = importlib.util.find_spec("PySide6")
    for location in (spec.submodule_search_locations or []) if spec else []:
        dirs.append(Path(location) / "Qt" / "plugins" / "platforms")
    for d in dirs:
        if (d / "libqxcb.so").is_file():
            return d / "libqxcb.so"
    return None


def window_problem(env: Mapping[str, str] | None = None, platform: str | None = None) -> str | None:
    """One line saying why no window can open here, or None when nothing stands in the way."""
    env = os.environ if env is None else env
    if (platform or sys.platform) != "linux":
        return None  # the macOS and Windows wheels bring everything they need
    chosen = chosen_platform(env)
    if chosen is None:
        return (
            "annotator: no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set); "
            "start it from a desktop session, or use the commands (annotator --help)"
        )
    if chosen != "xcb":
        return None
    plugin = xcb_plugin(env)
    missing = missing_libraries(plugin) if plugin else None
    if not missing:
        return None
    hint = install_hint(missing, apt=shutil.which("apt-get") is not None, root=os.geteuid() == 0)
    return (
        f"annotator: the window cannot open: Qt's xcb platform plugin needs {', '.join(missing)}, "
        f"not installed here; {hint}"
    )
