"""A PostgreSQL server of a test's own, to stop and restart (tests of a server that goes away).

The first free port from 55460 (another run of these tests may hold one), a data directory under /tmp, the binaries of /usr/lib/postgresql/*/bin, run as the
`postgres` OS user (like .ci/run). `missing()` says why it cannot run here (None when it can).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile

PORT = 55460  # the first port tried


def _free_port(first: int = PORT, tries: int = 40) -> int:
    for port in range(first, first + tries):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {first}-{first + tries - 1}")
_BINS = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))


def missing() -> str | None:
    if not _BINS:
        return "no PostgreSQL binaries under /usr/lib/postgresql"
    if os.geteuid() != 0 or shutil.which("su") is None:
        return "needs root to run the server as the postgres user"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed"
    return None


class Server:
    """initdb at construction; `start`, `stop(mode)` (fast | immediate), `remove` (stop, delete)."""

    def __init__(self) -> None:
        self.bin = os.path.dirname(_BINS[-1])
        self.dir = tempfile.mkdtemp(prefix="annotator-pg-", dir="/tmp")
        self.data = os.path.join(self.dir, "data")
        shutil.chown(self.dir, "postgres")
        try:
            self._su(f"{self.bin}/initdb -D {self.data} -A trust -U postgres")
        except BaseException:
            shutil.rmtree(self.dir, ignore_errors=True)
            raise
        self.port = _free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _su(self, command: str) -> None:
        subprocess.run(["su", "postgres", "-c", command], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        self._su(f"{self.bin}/pg_ctl -D {self.data} -o '-p {self.port} -k /tmp -c listen_addresses=127.0.0.1' "
                 f"-l {self.dir}/log -w start")

    @classmethod
    def started(cls) -> Server:
        """A new server, started (its directory removed again when it cannot start)."""
        server = cls()
        try:
            server.start()
        except BaseException:
            server.remove()
            raise
        return server

    def stop(self, mode: str = "fast") -> None:
        self._su(f"{self.bin}/pg_ctl -D {self.data} -m {mode} -w stop")

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)
