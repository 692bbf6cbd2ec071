"""Corpus-scale benchmarks on a 100,000-article database built by the real `annotator import`.

    python bench/corpus.py [--docs 100000] [--runs 5] [--only p7] [--rebuild] [--json]

The corpus is generated (seeded, so every machine builds the same one): Vietnamese news-like
articles of 2–6 paragraphs of 3–6 sentences (about 2 KB each) from phrase lists with a Zipf-like
spread, so that some words are in nearly every article and others in few; accented names
(`Đà Nẵng`, `Ủy ban nhân dân`, `Nguyễn Thị Ánh`) and 400 invented rare names (`Ninh Lữ Nhuận`,
each in a few dozen of 100,000 articles). It is written to JSONL and imported by running
`annotator import` (the console command, in a subprocess), into a SQLite file cached under
``~/.cache/annotator-bench/corpus-<CORPUS_VERSION>-<docs>-<Alembic head>/``
(``$ANNOTATOR_BENCH_CACHE`` to move it): the first run takes minutes (generating and importing
100,000 articles), later runs reuse it. A change of the generator, of the schema (Alembic head)
or of `--docs` builds a new one and removes the older one.

Measurements (`MEASUREMENTS`, one function a name, each returning its own keys) time what the user
pays, on the services the window calls. Every figure is the median of `--runs` (≥ 3) runs, in ms
of wall time with the process's CPU time beside it (`..._cpu_ms`); `load_average` (1 min, before
and after) says how shared the machine was.

- `p7_list_ms`: the document list opening without a filter: `Documents.first_page` (the count
  and the first 200 rows), as `DocumentTableModel.refresh` does.
- `p7_filter_ms`: the same with a text filter, for each query of `p7_queries()` (a word in nearly
  every article, a rare name, an accent-free query, one in upper case, one typed in decomposed
  Unicode, a two-letter one); the key itself is the slowest of them, the goal is ≤ 200 ms.
- `review_open_ms_10k`, `review_status_s_10k`, `agreement_cli_s_10k`, `agreement_cli_peak_mb`
  (`measure_review`): on a second cached database of 10,000 documents × 3 annotators × 40 spans,
  built with `annotator import --format prodigy`; the commands are run whole, as the user runs
  them, CPU time and peak RSS of that process beside the wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# Bump when the generator changes: the cached database is rebuilt.
CORPUS_VERSION = "1"

# -- the generator -----------------------------------------------------------------------------

PLACES = [
    "Đà Nẵng", "Hà Nội", "TP.HCM", "Hải Phòng", "Cần Thơ", "Huế", "Quảng Nam", "Quảng Ngãi",
    "Nghệ An", "Thanh Hóa", "Khánh Hòa", "Đắk Lắk", "Lâm Đồng", "Bình Dương", "Đồng Nai",
    "Bà Rịa - Vũng Tàu", "Kiên Giang", "Cà Mau", "Lào Cai", "Điện Biên", "Sơn La", "Quảng Ninh",
    "Bắc Ninh", "Hưng Yên", "Nam Định", "Thái Bình", "Hà Tĩnh", "Quảng Bình", "Quảng Trị",
    "Gia Lai", "Kon Tum", "Đắk Nông", "Phú Yên", "Bình Định", "Ninh Thuận", "Bình Thuận",
    "Tây Ninh", "Long An", "Tiền Giang", "Bến Tre", "Vĩnh Long", "Trà Vinh", "Sóc Trăng",
    "An Giang", "Đồng Tháp", "Hậu Giang", "Bạc Liêu", "Yên Bái", "Hà Giang", "Cao Bằng",
]
ORGS = [
    "Ủy ban nhân dân", "Bộ Y tế", "Bộ Giáo dục và Đào tạo", "Sở Giao thông vận tải", "Quốc hội",
    "Ngân hàng Nhà nước", "Tập đoàn Điện lực Việt Nam", "Bộ Công an", "Sở Y tế", "Cục Thuế",
    "Tổng cục Thống kê", "Bộ Tài chính", "Ủy ban Kiểm tra", "Hội đồng nhân dân", "Viện Kiểm sát",
    "Tòa án nhân dân", "Công ty cổ phần Vận tải biển", "Trường Đại học Bách khoa", "Bệnh viện Chợ Rẫy",
    "Bộ Nông nghiệp và Phát triển nông thôn", "Ban Quản lý dự án", "Công an phường",
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Minh", "Hữu", "Đức", "Thanh", "Quốc", "Ngọc", "Thu", "Xuân", "Anh", "Hoài"]
GIVEN = [
    "An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hùng", "Hương", "Khoa", "Lan", "Linh",
    "Long", "Mai", "Nam", "Nga", "Phong", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Thắng", "Trang",
    "Trung", "Tuấn", "Việt", "Yến", "Ánh", "Đạt", "Ước", "Hạnh",
]
ROLES = ["Chủ tịch", "Phó Chủ tịch", "Giám đốc", "Phó Giám đốc", "Bộ trưởng", "Thứ trưởng", "ông", "bà", "bác sĩ", "thượng tá"]
SUBJECTS = [
    "người dân", "doanh nghiệp", "chính quyền địa phương", "lực lượng chức năng", "các nhà đầu tư",
    "học sinh", "giáo viên", "nông dân", "du khách", "ngư dân", "công nhân", "cơ quan điều tra",
    "đội tuyển quốc gia", "các bệnh viện", "thị trường chứng khoán", "giá vàng", "giá xăng",
    "lượng khách quốc tế", "kim ngạch xuất khẩu", "sản lượng lúa", "tỷ lệ thất nghiệp",
]
VERBS = [
    "đã tăng", "giảm mạnh", "được đầu tư", "cho biết", "đề xuất", "triển khai", "kiểm tra", "phát hiện",
    "hoàn thành", "khởi công", "bàn giao", "tiếp nhận", "hỗ trợ", "xử lý", "công bố", "yêu cầu",
    "ký kết", "tổ chức", "điều tra", "khắc phục", "cảnh báo", "thông qua", "chỉ đạo", "ghi nhận",
]
OBJECTS = [
    "dự án cao tốc", "kế hoạch phát triển kinh tế", "chương trình nông thôn mới", "hợp đồng mua bán điện",
    "vụ tai nạn giao thông", "đợt mưa lũ", "cơn bão số 3", "dịch sốt xuất huyết", "kỳ thi tốt nghiệp",
    "gói tín dụng ưu đãi", "công trình nhà ở xã hội", "tuyến đường sắt đô thị", "khu công nghiệp",
    "chợ truyền thống", "cảng biển", "sân bay quốc tế", "vùng trồng cà phê", "mùa du lịch hè",
    "quy hoạch đô thị", "hệ thống cấp nước", "trận đấu giao hữu", "giải bóng đá", "lễ hội truyền thống",
    "ngân sách năm", "thủ tục hành chính", "chuyển đổi số", "an toàn thực phẩm", "bảo hiểm y tế",
]
TAILS = [
    "trong thời gian tới", "từ đầu năm đến nay", "so với cùng kỳ năm trước", "theo kế hoạch",
    "vào cuối tháng", "trên địa bàn", "tại cuộc họp chiều qua", "theo báo cáo mới nhất",
    "để bảo đảm an toàn", "nhằm thu hút đầu tư", "trước mùa mưa bão", "trong quý đầu năm",
]
FILLERS = [
    "Theo đó", "Bên cạnh đó", "Ngoài ra", "Trước đó", "Hiện nay", "Cũng theo", "Đáng chú ý",
    "Trao đổi với phóng viên", "Theo thống kê", "Tuy nhiên",
]
# Invented names: each article has a small chance to mention one; a few hundred of them, so each
# is in a few dozen to a few hundred of 100,000 articles.
RARE_FIRST = ["Khuất", "Lạc", "Ông", "Yên", "Thạch", "Giáp", "Mẫn", "Tiêu", "Quách", "Ninh", "Âu", "Doãn"]
RARE_SECOND = ["Vĩnh", "Khải", "Diệp", "Triều", "Hy", "Thiều", "Quyết", "Lữ", "Ẩn", "Uyên"]
RARE_THIRD = ["Trường", "Khiêm", "Nhuận", "Ước", "Tường", "Khuê", "Kỳ", "Nhã", "Oanh", "Thư"]


def _zipf_weights(n: int, s: float = 1.1) -> list[float]:
    return [1.0 / (k + 1) ** s for k in range(n)]


class _Words:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.w = {name: _zipf_weights(len(lst)) for name, lst in _LISTS.items()}

    def pick(self, name: str) -> str:
        return self.rng.choices(_LISTS[name], self.w[name])[0]

    def person(self) -> str:
        return f"{self.pick('family')} {self.rng.choice(MIDDLE)} {self.pick('given')}"


_LISTS = {
    "places": PLACES, "orgs": ORGS, "family": FAMILY, "given": GIVEN, "roles": ROLES, "subjects": SUBJECTS,
    "verbs": VERBS, "objects": OBJECTS, "tails": TAILS, "fillers": FILLERS,
}


def _number(rng: random.Random) -> str:
    k = rng.randrange(6)
    if k == 0:
        return f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{rng.randint(2015, 2026)}"
    if k == 1:
        return f"{rng.randint(1, 99)},{rng.randint(1, 9)}%"
    if k == 2:
        return f"{rng.randint(1, 99)}.{rng.randint(100, 999)} tỷ đồng"
    if k == 3:
        return f"{rng.randint(2, 900)} người"
    if k == 4:
        return f"{rng.randint(1, 60)} km"
    return f"năm {rng.randint(2000, 2026)}"


def _sentence(w: _Words, rare: str | None) -> str:
    rng = w.rng
    k = rng.randrange(7)
    if k == 0:
        s = f"{w.pick('roles')} {w.person()}, {w.pick('roles')} {w.pick('orgs')} {w.pick('places')}, {w.pick('verbs')} {w.pick('objects')} {w.pick('tails')}"
    elif k == 1:
        s = f"{w.pick('fillers')}, {w.pick('subjects')} tại {w.pick('places')} {w.pick('verbs')} {_number(rng)} {w.pick('tails')}"
    elif k == 2:
        s = f"{w.pick('orgs')} tỉnh {w.pick('places')} {w.pick('verbs')} {w.pick('objects')} với tổng vốn {_number(rng)}"
    elif k == 3:
        s = f"Ngày {_number(rng)}, {w.pick('subjects')} {w.pick('verbs')} {w.pick('objects')} ở {w.pick('places')}"
    elif k == 4:
        s = f"{w.pick('subjects')} {w.pick('verbs')} {_number(rng)}, {w.pick('tails')}, theo {w.pick('orgs')}"
    elif k == 5:
        s = f"\u201c{w.pick('subjects').capitalize()} {w.pick('verbs')} {w.pick('objects')}\u201d, {w.pick('roles')} {w.person()} nói"
    else:
        s = f"{w.pick('fillers')}, {w.pick('objects')} của {w.pick('orgs')} {w.pick('places')} {w.pick('verbs')} {w.pick('tails')}"
    if rare is not None and rng.random() < 0.3:
        s += f", trong đó có ông {rare}"
    return s[0].upper() + s[1:] + "."


def _rare_names(rng: random.Random) -> list[str]:
    names = [f"{a} {b} {c}" for a in RARE_FIRST for b in RARE_SECOND for c in RARE_THIRD]
    rng.shuffle(names)
    return names[:400]


SEED = 2026


def generate(path: Path, n: int, seed: int = SEED) -> dict[str, int]:
    """Write `n` articles to `path` (JSONL: id, title, text, meta); returns a few counts."""
    rng = random.Random(seed)
    w = _Words(rng)
    rare_names = _rare_names(rng)
    size = 0
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            rare = rng.choice(rare_names) if rng.random() < 0.08 else None
            paras = []
            for _ in range(rng.randint(2, 6)):
                paras.append(" ".join(_sentence(w, rare) for _ in range(rng.randint(3, 6))))
            if rare is not None and rare not in "".join(paras):
                paras.append(f"Ông {rare} cho biết thêm sẽ theo dõi {w.pick('objects')}.")
            title = f"{w.pick('places')}: {w.pick('subjects')} {w.pick('verbs')} {w.pick('objects')}"
            text = "\n\n".join(paras)
            line = json.dumps(
                {"id": f"bao-{i:06d}", "title": title[0].upper() + title[1:], "text": text,
                 "meta": {"n": i, "site": "bench"}},
                ensure_ascii=False,
            )
            fh.write(line + "\n")
            size += len(line.encode("utf-8")) + 1
    return {"documents": n, "jsonl_bytes": size}


# -- the cached database -----------------------------------------------------------------------


def cache_root() -> Path:
    env = os.environ.get("ANNOTATOR_BENCH_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "annotator-bench"


def _annotator_command() -> list[str]:
    exe = Path(sys.executable).with_name("annotator")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("annotator")
    if found:
        return [found]
    return [sys.executable, "-m", "annotator"]


def _cache_folder(
    kind: str, version: str, docs: int, rebuild: bool, log: Callable[[str], None]
) -> tuple[Path, Path, Path, dict | None]:
    """`(folder, database, build.json, build info or None)` of a cached database `kind` (`corpus`,
    `review`): the info when a finished build of this generator version and schema is there; else
    an empty new folder (an unfinished build and older generations removed)."""
    from annotator.storage.db import HEAD_REVISION

    folder = cache_root() / f"{kind}-{version}-{docs}-{HEAD_REVISION}"
    db = folder / f"{kind}.sqlite3"
    info_file = folder / "build.json"
    if rebuild and folder.exists():
        shutil.rmtree(folder)
    if db.exists() and info_file.exists():
        return folder, db, info_file, json.loads(info_file.read_text(encoding="utf-8"))
    if folder.exists():
        shutil.rmtree(folder)  # a build that did not finish
    for stale in cache_root().glob(f"{kind}-*-{docs}-*"):
        if stale.is_dir():
            log(f"removing {stale} (an older generator or schema)")
            shutil.rmtree(stale)
    folder.mkdir(parents=True)
    return folder, db, info_file, None


def build(docs: int, rebuild: bool = False, log: Callable[[str], None] = lambda s: None) -> tuple[Path, dict]:
    """The cached database of `docs` generated articles (built with `annotator import` when missing)."""
    folder, db, info_file, cached = _cache_folder("corpus", CORPUS_VERSION, docs, rebuild, log)
    if cached is not None:
        return db, cached
    src = folder / "corpus.jsonl"
    log(f"generating {docs:,} articles into {src}")
    t0 = time.perf_counter()
    counts = generate(src, docs)
    gen_s = time.perf_counter() - t0
    log(f"importing them with `annotator import` into {db} (once; cached)")
    t0 = time.perf_counter()
    proc = subprocess.run(
        [*_annotator_command(), "--db", str(db), "import", str(src)],
        capture_output=True, text=True, check=False,
    )
    import_s = time.perf_counter() - t0
    if proc.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        raise SystemExit(f"annotator import failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    src.unlink()
    info = {
        **counts,
        "generate_seconds": round(gen_s, 1),
        "import_seconds": round(import_s, 1),
        "db_bytes": _db_bytes(db),
    }
    info_file.write_text(json.dumps(info), encoding="utf-8")
    return db, info


def _db_bytes(db: Path) -> int:
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))


# -- measuring ---------------------------------------------------------------------------------


def timed(fn: Callable[[], object], runs: int) -> dict[str, float]:
    """Median wall and CPU ms of `runs` calls of `fn` (after one warm-up call)."""
    fn()
    wall, cpu = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return {"ms": round(statistics.median(wall), 1), "cpu_ms": round(statistics.median(cpu), 1)}


class Bench:
    """What a measurement gets: the project opened on the cached database, `runs`, the build info."""

    def __init__(self, db: Path, info: dict, runs: int) -> None:
        from annotator.services.project import Project

        self.db, self.info, self.runs = db, info, runs
        self.project = Project.open(str(db))


def _list_once(project, text: str | None) -> tuple[int, int]:
    """The window's path: `DocumentTableModel.refresh` (`Documents.first_page`: the count and the
    first page of 200 rows)."""
    total, rows = project.documents.first_page(None, text, None, 200)
    return total, len(rows)


def p7_queries() -> list[tuple[str, str]]:
    """The filter queries: (key suffix, query), from the generator's vocabulary.

    A word in nearly every article, one of the invented rare names (in a few dozen articles; as a
    user types it, in lower case), the accent-free and upper-case forms of a place, an
    organisation typed in decomposed Unicode (NFD), and a two-letter query (no trigram to look up).
    """
    rare = _rare_names(random.Random(SEED))[0].lower()  # the first draw of generate()'s generator
    return [
        ("common", "người"),
        ("rare", rare),
        ("accent_free", "da nang"),
        ("upper", "ĐÀ NẴNG"),
        ("nfd", unicodedata.normalize("NFD", "ủy ban nhân dân")),
        ("two_letters", "hà"),
    ]


def measure_p7(b: Bench) -> dict:
    out: dict[str, object] = {}
    t = timed(lambda: _list_once(b.project, None), b.runs)
    out["p7_list_ms"], out["p7_list_cpu_ms"] = t["ms"], t["cpu_ms"]
    per: dict[str, dict] = {}
    for key, query in p7_queries():
        total, shown = _list_once(b.project, query)
        t = timed(lambda q=query: _list_once(b.project, q), b.runs)
        per[key] = {"query": query, "ms": t["ms"], "cpu_ms": t["cpu_ms"], "matches": total, "first_page": shown}
    out["p7_filter_ms"] = max(v["ms"] for v in per.values())
    out["p7_filter_cpu_ms"] = max(v["cpu_ms"] for v in per.values())
    for key, v in per.items():
        out[f"p7_filter_ms_{key}"] = v["ms"]
    out["p7_filter_detail"] = per
    out["p7_goal_ms"] = 200
    out.update(_search_sizes(b.db))
    return out


def _search_sizes(db: Path) -> dict[str, float]:
    """What search costs on disk: the FTS5 index's tables and the folded copy (`document.search`)."""
    import sqlite3

    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        fts = con.execute(
            "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE 'document_fts%'"
        ).fetchone()[0]
        folded, text = con.execute(
            "SELECT sum(length(CAST(search AS BLOB))), sum(length(CAST(text AS BLOB))) FROM document"
        ).fetchone()
    finally:
        con.close()
    return {
        "p7_index_mb": round(fts / 1e6, 1),
        "p7_folded_copy_mb": round((folded or 0) / 1e6, 1),
        "text_mb": round((text or 0) / 1e6, 1),
    }


# -- review and agreement at 10,000 documents x 3 annotators x 40 spans -------------------------

REVIEW_VERSION = "1"  # bump when the review corpus generator changes
REVIEW_DOCS, REVIEW_ANNOTATORS, REVIEW_SPANS = 10_000, 3, 40


def build_review(rebuild: bool = False, log: Callable[[str], None] = lambda s: None) -> tuple[Path, dict]:
    """The cached review database: `bench/agreement.py`'s generator (articles of ~400 syllables,
    annotator 1 labels 40 spans, the others keep 70 %, relabel, lengthen, drop and add their own;
    2 % of the sets left in progress; up to ten relations per document), written as one Prodigy
    JSONL file per annotator and imported with `annotator import --format prodigy` (one command)."""
    import importlib.util

    folder, db, info_file, cached = _cache_folder("review", REVIEW_VERSION, REVIEW_DOCS, rebuild, log)
    if cached is not None:
        return db, cached
    spec = importlib.util.spec_from_file_location("bench_agreement", Path(__file__).with_name("agreement.py"))
    agreement = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(agreement)
    log(f"generating {REVIEW_DOCS:,} documents x {REVIEW_ANNOTATORS} annotators x {REVIEW_SPANS} spans")
    _labels, texts, raw = agreement.generate(REVIEW_DOCS, REVIEW_ANNOTATORS, REVIEW_SPANS, 400)
    files = [folder / f"annotator{a + 1}.jsonl" for a in range(REVIEW_ANNOTATORS)]
    handles = [f.open("w", encoding="utf-8") for f in files]
    try:
        for i, (text, (_, sets)) in enumerate(zip(texts, raw, strict=True)):
            text = f"{text} (bài {i + 1})"  # the generator's windows repeat: every article its own text
            for a, aset in enumerate(sets):
                spans = [{"start": sp.start, "end": sp.end, "label": sp.label} for sp in aset.spans]
                by_key = {sp.key: spans[k] for k, sp in enumerate(aset.spans)}
                rels = [{"head_span": by_key[r.head], "child_span": by_key[r.tail], "label": r.label,
                         "head": 0, "child": 0} for r in aset.relations]
                line = {"text": text, "meta": {"uid": f"r{i + 1}"}, "spans": spans, "relations": rels,
                        "answer": "accept", "_annotator_id": aset.annotator, "annotation_status": aset.status.value}
                handles[a].write(json.dumps(line, ensure_ascii=False) + "\n")
    finally:
        for h in handles:
            h.close()
    log(f"importing them with `annotator import --format prodigy` into {db} (once; cached)")
    t0 = time.perf_counter()
    proc = subprocess.run([*_annotator_command(), "--db", str(db), "import", *map(str, files), "--format", "prodigy"],
                          capture_output=True, text=True, check=False)
    import_s = time.perf_counter() - t0
    if proc.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        raise SystemExit(f"annotator import failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    for f in files:
        f.unlink()
    info = {"documents": REVIEW_DOCS, "annotators": REVIEW_ANNOTATORS, "spans_per_set": REVIEW_SPANS,
            "import_seconds": round(import_s, 1), "db_bytes": _db_bytes(db)}
    info_file.write_text(json.dumps(info), encoding="utf-8")
    return db, info


def run_cli(args: list[str]) -> tuple[float, float, float]:
    """One `annotator …` command as the user runs it: (wall s, CPU s, peak RSS MB) of that process."""
    import resource  # noqa: F401  (os.wait4's rusage)

    t0 = time.perf_counter()
    with open(os.devnull, "wb") as null:
        proc = subprocess.Popen([*_annotator_command(), *args], stdout=null, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"annotator {' '.join(args)} failed: {proc.stderr.read().decode()}")
    proc.stderr.close()
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def measure_review(b: Bench) -> dict:
    """`review_open_ms_10k`: what review mode does on entry (a new `Review`: progress and the
    worklist, from the stored review state); `review_status_s_10k`: `annotator review status`;
    `agreement_cli_s_10k` / `agreement_cli_peak_mb`: `annotator agreement --json`, whole commands."""
    from annotator.services.project import Project
    from annotator.services.review import Review

    db, info = build_review(log=lambda m: print(m, file=sys.stderr))
    out: dict[str, object] = {"review_build": info}
    with Project.open(str(db)) as project:
        def open_review() -> None:
            review = Review(project)
            review.progress()
            review.worklist()

        t = timed(open_review, b.runs)
    out["review_open_ms_10k"], out["review_open_cpu_ms_10k"] = t["ms"], t["cpu_ms"]
    for key, args in (("review_status", ["review", "status"]), ("agreement_cli", ["agreement", "--json"])):
        run_cli(["--db", str(db), *args])  # warm-up (file cache; stored rows and tokens)
        runs = [run_cli(["--db", str(db), *args]) for _ in range(b.runs)]
        out[f"{key}_s_10k"] = round(statistics.median(r[0] for r in runs), 2)
        out[f"{key}_cpu_s_10k"] = round(statistics.median(r[1] for r in runs), 2)
        out[f"{key}_peak_mb"] = round(max(r[2] for r in runs), 1)
    out["review_goals"] = {"review_open_ms_10k": 300, "review_status_s_10k": 1.0, "agreement_cli_s_10k": 3.0,
                           "agreement_cli_peak_mb": 300}
    return out


# name -> function(Bench) -> dict of keys; add new measurements here.
MEASUREMENTS: dict[str, Callable[[Bench], dict]] = {
    "p7": measure_p7,
    "review": measure_review,
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=5, help="runs per figure (median; at least 3)")
    ap.add_argument("--only", action="append", choices=sorted(MEASUREMENTS), help="run only these measurements")
    ap.add_argument("--rebuild", action="store_true", help="build the cached database again")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    runs = max(3, args.runs)
    log = (lambda s: print(s, file=sys.stderr)) if args.json else print
    load_before = os.getloadavg()
    t0, c0 = time.perf_counter(), time.process_time()
    db, info = build(args.docs, args.rebuild, log)
    bench = Bench(db, info, runs)
    result: dict[str, object] = {
        "documents": info["documents"],
        "db": str(db),
        "db_mb": round(_db_bytes(db) / 1e6, 1),
        "build": info,
        "runs": runs,
    }
    for name in args.only or MEASUREMENTS:
        result.update(MEASUREMENTS[name](bench))
    result["wall_s"] = round(time.perf_counter() - t0, 2)
    result["cpu_s"] = round(time.process_time() - c0, 2)
    result["load_average"] = [round(x, 2) for x in load_before]
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for k, v in result.items():
            print(f"{k:>28}: {v}")


if __name__ == "__main__":
    main()
