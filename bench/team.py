"""Benchmark of a team at work (issue 11): concurrent annotators editing one database, nothing lost.

    python bench/team.py [--json] [--db postgresql+psycopg://ADMIN@HOST/DB] [--processes 20]
                         [--edits 500] [--sqlite-processes 4] [--docs 60] [--skip-sqlite]

1. PostgreSQL: on the server `--db` names (its admin URL), or else on a local server this script
   starts (initdb in a temporary folder, as the `postgres` user when run as root; stopped at the
   end), a new database is made: the bundled schema, `--docs` articles, `annotator server init`,
   one login role per annotator process (`annotator`, row-level security on), documents assigned
   with overlap 2. Then `--processes` annotator processes start at once, each as her own login,
   and make `--edits` edits each (add a span on a token-aligned word of one of her documents, or
   delete one), each edit one commit, timed. Every process then compares what its sessions hold
   (every edit they were told was saved) with what a fresh connection reads back.
2. SQLite: the same with `--sqlite-processes` processes on one database file (declared users).

Prints, per backend: `edits` (saved), `lost` (spans reported saved but not stored, or stored but
reported deleted; goal 0), `commit_p50_ms` / `commit_p95_ms` / `commit_max_ms` (one edit's
save), `conflicts` (edits refused because the set changed elsewhere), `errors` (other refusals),
`wall_s`, `client_cpu_s` (the annotator processes), `server_cpu_s` (the local server's processes,
when this script started it), and the load average before and after.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import random
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


# -- the corpus ---------------------------------------------------------------------------------
def _documents(n: int, seed: int = 0):
    """`n` articles of ~30 sentences sampled from the bundled corpus (distinct texts)."""
    from annotator.core.document import IncomingDocument

    sents = []
    for f in sorted((ROOT / "corpus").glob("*.txt")):
        for line in f.read_text(encoding="utf-8").split("\n"):
            sents.extend(p.strip() + "." for p in line.split(". ") if len(p.strip()) > 20)
    rng = random.Random(seed)
    return [
        IncomingDocument(text=" ".join(rng.choice(sents) for _ in range(30)) + f" Bài số {i}.", title=f"Bài {i}")
        for i in range(n)
    ]


# -- one annotator process -----------------------------------------------------------------------
def child(args: argparse.Namespace) -> None:
    from annotator.core.commands import AddSpan, DeleteSpan
    from annotator.core.document import Span
    from annotator.core.errors import AnnotatorError, ConcurrencyError
    from annotator.core.tokenize import tokenize
    from annotator.services.project import Project

    project = Project.open(args.child, initialize=False)
    me = project.annotator(args.user)
    docs = [int(d) for d in args.documents.split(",")]
    rng = random.Random(args.seed)
    sessions, words = {}, {}
    for d in docs:
        sessions[d] = project.open_annotation(d, me)
        text = sessions[d].document.text
        words[d] = [Span(a, b, "PER_VN") for a, b in tokenize(text) if text[a:b].isalpha()]
    times: list[float] = []
    conflicts = errors = 0
    while len(times) < args.edits:
        d = rng.choice(docs)
        ses = sessions[d]
        if len(ses.spans) > 25 or (ses.spans and rng.random() < 0.3):
            command = DeleteSpan(rng.choice(ses.spans))
        else:
            free = [w for w in words[d] if all(w.end <= s.start or w.start >= s.end for s in ses.spans)]
            command = AddSpan(rng.choice(free))
        t0 = time.perf_counter()
        try:
            ses.apply(command)
            times.append(time.perf_counter() - t0)
        except ConcurrencyError:
            conflicts += 1
            sessions[d] = project.open_annotation(d, me)
        except AnnotatorError:
            errors += 1
            sessions[d] = project.open_annotation(d, me)
            if errors > 50:
                break
    project.close()
    # what a fresh connection reads back, against every edit reported saved
    check = Project.open(args.child, initialize=False)
    lost = 0
    for d, ses in sessions.items():
        stored = {s.key for s in check.sets.get(d, me).spans}
        lost += len({s.key for s in ses.spans} ^ stored)
    check.close()
    print(json.dumps({"times": times, "conflicts": conflicts, "errors": errors, "lost": lost}))


# -- a local PostgreSQL server -------------------------------------------------------------------
class LocalServer:
    """initdb + pg_ctl in a temporary folder (as `postgres` when run as root), on a free port."""

    def __init__(self) -> None:
        found = shutil.which("initdb") or (sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb")) or [None])[-1]
        if found is None:
            raise SystemExit("no PostgreSQL here (initdb not found): install it, or give --db URL")
        self.bin = Path(found).parent
        self.home = Path(tempfile.mkdtemp(prefix="annotator-bench-pg-"))
        self.data = self.home / "data"
        self.root = os.geteuid() == 0
        if self.root:
            shutil.chown(self.home, "postgres")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self._run(f"{self.bin}/initdb -D {self.data} -A trust -U postgres")
        opts = f"-p {self.port} -k {self.home} -c listen_addresses=127.0.0.1 -c max_connections=200"
        self._run(f"{self.bin}/pg_ctl -D {self.data} -o '{opts}' -l {self.home}/log -w start")
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, cmd: str) -> None:
        full = ["su", "postgres", "-c", cmd] if self.root else ["sh", "-c", cmd]
        subprocess.run(full, check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def cpu_seconds(self) -> float:
        """CPU of the postmaster and every backend it has reaped so far."""
        pid = int((self.data / "postmaster.pid").read_text().split()[0])
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        try:
            self._run(f"{self.bin}/pg_ctl -D {self.data} -m fast -w stop")
        finally:
            shutil.rmtree(self.home, ignore_errors=True)


# -- a run ---------------------------------------------------------------------------------------
def prepare_postgres(admin_url: str, n_docs: int, n_users: int):
    """A new database on the server: documents, team set-up, users, assignments (overlap 2)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from annotator.services.assignment import Assignments
    from annotator.services.project import Project
    from annotator.services.team import add_user, init_server

    base = make_url(admin_url)
    tag = uuid.uuid4().hex[:6]
    name = f"annotator_bench_{tag}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name)
    owner = Project.open(url.render_as_string(hide_password=False), initialize="schema")
    owner.importer.import_documents(_documents(n_docs))
    init_server(owner.db)
    users = [f"bench_{tag}_{i:02d}" for i in range(n_users)]
    for u in users:
        add_user(owner.db, u, "annotator", "bench")
    Assignments(owner.db).assign(users, min(2, len(users)), owner.documents.ids(), create=False)
    mine = {u: Assignments(owner.db).of(u) for u in users}
    owner.close()
    urls = {u: url.set(username=u, password="bench").render_as_string(hide_password=False) for u in users}

    def drop() -> None:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            for u in users:
                c.execute(text(f'DROP ROLE IF EXISTS "{u}"'))
        admin.dispose()

    return urls, mine, drop


def prepare_sqlite(path: str, n_docs: int, n_users: int):
    from annotator.services.assignment import Assignments
    from annotator.services.project import Project

    owner = Project.open(path, initialize="schema")
    owner.importer.import_documents(_documents(n_docs))
    users = [f"bench_{i:02d}" for i in range(n_users)]
    Assignments(owner.db).assign(users, min(2, len(users)), owner.documents.ids())
    mine = {u: Assignments(owner.db).of(u) for u in users}
    owner.close()
    return {u: path for u in users}, mine


def run(urls: dict[str, str], mine: dict[str, list[int]], edits: int, server: LocalServer | None) -> dict:
    load_before = os.getloadavg()
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    server0 = server.cpu_seconds() if server else None
    t0 = time.perf_counter()
    procs = [
        subprocess.Popen(
            [sys.executable, __file__, "--child", url, "--user", user, "--edits", str(edits),
             "--documents", ",".join(map(str, mine[user])), "--seed", str(i)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for i, (user, url) in enumerate(urls.items())
    ]
    results = []
    for p in procs:
        out, err = p.communicate()
        if p.returncode != 0:
            raise SystemExit(f"an annotator process failed:\n{err}")
        results.append(json.loads(out.strip().splitlines()[-1]))
    wall = time.perf_counter() - t0
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    times = sorted(t for r in results for t in r["times"])

    def pct(q: float) -> float:
        return round(times[min(len(times) - 1, int(q * len(times)))] * 1000, 2) if times else 0.0

    return {
        "processes": len(urls),
        "edits": len(times),
        "lost": sum(r["lost"] for r in results),
        "commit_p50_ms": pct(0.50),
        "commit_p95_ms": pct(0.95),
        "commit_max_ms": round(times[-1] * 1000, 2) if times else 0.0,
        "conflicts": sum(r["conflicts"] for r in results),
        "errors": sum(r["errors"] for r in results),
        "wall_s": round(wall, 2),
        "client_cpu_s": round((cpu1.ru_utime + cpu1.ru_stime) - (cpu0.ru_utime + cpu0.ru_stime), 2),
        "server_cpu_s": round(server.cpu_seconds() - server0, 2) if server else None,
        "load_avg_before": [round(x, 2) for x in load_before],
        "load_avg_after": [round(x, 2) for x in os.getloadavg()],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", help="admin URL of a PostgreSQL server (default: start a local one)")
    ap.add_argument("--processes", type=int, default=20)
    ap.add_argument("--edits", type=int, default=500)
    ap.add_argument("--sqlite-processes", type=int, default=4)
    ap.add_argument("--docs", type=int, default=60)
    ap.add_argument("--skip-sqlite", action="store_true")
    ap.add_argument("--skip-postgres", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--user", help=argparse.SUPPRESS)
    ap.add_argument("--documents", help=argparse.SUPPRESS)
    ap.add_argument("--seed", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args)
        return
    out: dict = {"edits_per_process": args.edits, "cpus": os.cpu_count()}
    if not args.skip_postgres:
        server = None if args.db else LocalServer()
        try:
            urls, mine, drop = prepare_postgres(args.db or server.url, args.docs, args.processes)
            try:
                out["postgresql"] = run(urls, mine, args.edits, server)
            finally:
                drop()
        finally:
            if server is not None:
                server.stop()
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            urls, mine = prepare_sqlite(str(Path(tmp) / "team.sqlite3"), args.docs, args.sqlite_processes)
            out["sqlite"] = run(urls, mine, args.edits, None)
    if args.json:
        print(json.dumps(out, indent=2))
        return
    for backend in ("postgresql", "sqlite"):
        if backend in out:
            r = out[backend]
            print(f"{backend}: {r['processes']} processes, {r['edits']} edits saved, lost {r['lost']}, "
                  f"commit p50 {r['commit_p50_ms']} ms, p95 {r['commit_p95_ms']} ms, max {r['commit_max_ms']} ms, "
                  f"{r['conflicts']} conflicts, {r['errors']} errors; wall {r['wall_s']} s, client CPU "
                  f"{r['client_cpu_s']} s, server CPU {r['server_cpu_s']} s; load {r['load_avg_after']}")


if __name__ == "__main__":
    main()
