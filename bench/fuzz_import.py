"""Issue 9.6: no traceback on any input. Thousands of mutated import files through `annotator import`.

    python bench/fuzz_import.py [--mutants 3500] [--seed 0] [--format doccano] [--json]

`--mutants` is the total, shared evenly by the formats run; inputs that broke the import once
(`fuzzlib.known_cases`) are run first, in addition. For each format (txt, jsonl, prodigy,
brat, doccano, labelstudio, conll) valid seed inputs are mutated (see `bench/fuzzlib.py`) and
imported by the real command into a copy of a database holding documents and annotations.
Prints, per format and in total: `mutants`, `ok` (imported), `refused` (a one-line
`FILE[:LINE]: reason`, exit 1), `tracebacks` (= `exceptions` escaping the command +
`bad_messages`: refusals that do not name the file or run over several lines),
`db_changed_on_failure` (goal: 0 tracebacks, 0 changes), with wall and CPU seconds and the load
average. Each traceback's format, mutation and last frame go to /tmp/fuzz_findings.txt (grouped,
overwritten each run); the first input of each finding is kept in /tmp/fuzz_findings/.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fuzzlib import FORMATS, Finding, Fuzzer, group_findings, summarize

FINDINGS = Path("/tmp/fuzz_findings.txt")
KEEP = Path("/tmp/fuzz_findings")


class KeepingFuzzer(Fuzzer):
    def keep_dir(self) -> Path | None:
        return KEEP


def write_findings(path: Path, findings: list[Finding], args: argparse.Namespace, totals: dict) -> None:
    lines = [
        f"# bench/fuzz_import.py --mutants {args.mutants} --seed {args.seed}"
        + (f" --format {args.format}" if args.format else "")
        + f"  ({time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())})",
        f"# {totals.get('mutants', 0)} mutants, {totals.get('tracebacks', 0)} tracebacks, "
        f"{totals.get('db_changed_on_failure', 0)} db changed on failure",
        "# one group per (format, kind, exception, last frame): count, then up to 3 examples "
        "(mutant index, seed, mutation); inputs in /tmp/fuzz_findings/<format>-<index>/",
        "",
    ]
    for (fmt, kind, _head, frame), group in group_findings(findings):
        first = group[0]
        lines.append(f"[{fmt}] {kind} x{len(group)}: {first.what}")
        if frame:
            lines.append(f"    at {frame}")
        for f in group[:3]:
            lines.append(f"    e.g. #{f.index} {f.seed}: {f.mutation[:300]}")
        lines.append("")
    if not findings:
        lines.append("no findings")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mutants", type=int, default=3500, help="mutants in all (shared by the formats)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--format", choices=FORMATS, default=None, help="only this format")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    formats = [args.format] if args.format else list(FORMATS)
    per = max(1, args.mutants // len(formats))
    shutil.rmtree(KEEP, ignore_errors=True)
    t0, c0 = time.perf_counter(), time.process_time()
    results = {}
    with tempfile.TemporaryDirectory(prefix="fuzz-import-") as tmp:
        fuzzer = KeepingFuzzer(Path(tmp), seed=args.seed)
        for fmt in formats:
            results[fmt] = fuzzer.run_format(fmt, per, known=True)
            if not args.json:
                r = results[fmt]
                print(f"{fmt:12} {r.mutants:5} mutants  {r.ok:5} ok  {r.refused:5} refused  "
                      f"{r.tracebacks:4} tracebacks  {r.db_changed_on_failure:3} db changed  ({r.seconds:.1f} s)",
                      flush=True)
        findings = fuzzer.findings
    totals = summarize(results)
    write_findings(FINDINGS, findings, args, totals)
    out = {
        "bench": "fuzz_import",
        "seed": args.seed,
        "formats": {f: r.to_dict() for f, r in results.items()},
        **totals,
        "findings_file": str(FINDINGS),
        "wall_seconds": round(time.perf_counter() - t0, 2),
        "cpu_seconds": round(time.process_time() - c0, 2),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        print(f"total: {totals['mutants']} mutants, {totals['tracebacks']} tracebacks, "
              f"{totals['db_changed_on_failure']} db changed on failure; findings in {FINDINGS}")
        print(f"wall {out['wall_seconds']} s, cpu {out['cpu_seconds']} s, load {out['load_average']}")


if __name__ == "__main__":
    main()
