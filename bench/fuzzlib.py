"""A seeded mutation fuzzer of `annotator import`, shared by `bench/fuzz_import.py` and the CI test.

For each importer (`txt`, `jsonl`, `prodigy`, `brat`, `doccano`, `labelstudio`, `conll`) small
valid seed inputs are made in code (the annotated formats by the real exporters, from a tiny
project), then mutated: byte flips, truncation, line deletions and duplications, invalid UTF-8,
NUL and other control characters, BOM, CRLF, empty and whitespace-only files; JSON-aware
mutations (a value replaced by another type, huge and negative numbers, 100 000 nested lists,
lone surrogate escapes, NaN, duplicated list items, swapped offsets); field mutations of the
line formats (brat offsets and ids, CoNLL tags). Each mutant is imported by the real command
(`annotator --db DB import PATH --format F`, in-process through click's CliRunner on the
command `annotator.cli.main` runs) into a
copy of a SQLite database that already holds documents and annotations.

Each mutant is classified:

* `ok`: exit 0 (imported);
* `refused`: exit non-zero with `annotator: error: FILE[:LINE]: reason` naming the input (a
  file of it) on one line, then `nothing was imported`; further lines must name a file of the
  input too (a listing of problems) or be indented;
* `exceptions`: any exception other than `SystemExit` escaped the command (a traceback);
* `bad_messages`: refused, but the message does not name the input, is split over lines, or
  holds `Traceback`;
* `empty_accepted`: an empty or blank file (white space, BOM) imported with exit 0 (counted in
  `ok` too).

`tracebacks` = exceptions + bad_messages. `db_changed_on_failure` counts failed imports after
which the database differs from before (every row of every table, by `sqlite3` iterdump).

Mutant `i` of format `f` with seed `s` is always the same input (`random.Random(f"{s}:{f}:{i}")`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import re
import shutil
import sqlite3
import tempfile
import time
import traceback
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

FORMATS = ("txt", "jsonl", "prodigy", "brat", "doccano", "labelstudio", "conll")

# -- seeds ---------------------------------------------------------------------------------------

TEXTS = [
    "Đại sứ Hàn Quốc Park Noh-wan gặp Chủ tịch UBND tỉnh Bắc Ninh, ông Nguyễn Văn An.\n"
    "Hai bên ký Bản ghi nhớ về hợp tác đầu tư.",
    "Tập đoàn Samsung đầu tư vào Thái Nguyên. Ông Kim Min-ho cho biết 😀 dự án mở rộng.",
    "Ngày 12/3, UBND TP.Hồ Chí Minh tiếp đoàn tỉnh Gyeonggi.",
]
# (text index, needle, label)
SPANS = [
    (0, "Đại sứ Hàn Quốc", "TITLE"),
    (0, "Hàn Quốc", "LOC_KR"),
    (0, "Park Noh-wan", "PER_KR"),
    (0, "UBND tỉnh Bắc Ninh", "ORG_VN"),
    (0, "Nguyễn Văn An", "PER_VN"),
    (0, "Bản ghi nhớ", "AGREEMENT"),
    (1, "Tập đoàn Samsung", "ORG_KR"),
    (1, "Thái Nguyên", "LOC_VN"),
    (1, "Kim Min-ho", "PER_KR"),
    (2, "UBND TP.Hồ Chí Minh", "ORG_VN"),
    (2, "Gyeonggi", "LOC_KR"),
]
RELATIONS = [(2, 0, "HAS_TITLE"), (6, 7, "INVESTS_IN")]  # indices into SPANS


@dataclass
class Seed:
    """A valid input: `files` (relative path -> bytes) in a folder; `target` is what is imported
    (a relative file, or "." for the folder); `mutable` the files a mutation may change; `flags`
    and `options` the command options (and their files) the import needs."""

    fmt: str
    name: str
    files: dict[str, bytes]
    target: str
    mutable: list[str]
    flags: tuple[str, ...] = ()  # command options it needs (`@NAME`: the option file NAME)
    options: tuple[tuple[str, bytes], ...] = ()  # option files
    before: tuple[str, ...] = ()  # global options it needs (given before `import`)


def _doccano_seed_lines() -> str:
    lines = []
    for ti, text in enumerate(TEXTS):
        ents, ids = [], {}
        for si, (t, needle, label) in enumerate(SPANS):
            if t != ti:
                continue
            start = text.index(needle)
            ids[si] = 100 + si
            ents.append({"id": 100 + si, "label": label, "start_offset": start, "end_offset": start + len(needle)})
        rels = [{"id": 7 + k, "from_id": ids[h], "to_id": ids[t], "type": lab}
                for k, (h, t, lab) in enumerate(RELATIONS) if h in ids and t in ids]
        lines.append(json.dumps({"id": 40 + ti, "text": text, "entities": ents, "relations": rels}, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def _read_tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def build_seeds(work: Path) -> dict[str, list[Seed]]:
    """Seeds of every format: the annotated ones written by the real exporters of a tiny project."""
    from annotator.services.interchange import export_files
    from annotator.services.project import Project

    work.mkdir(parents=True, exist_ok=True)
    src = work / "seed-doccano.jsonl"
    src.write_text(_doccano_seed_lines(), encoding="utf-8")
    project = Project.open(str(work / "seed.sqlite3"), initialize="schema")
    try:
        project.importer.import_files([src], "doccano", annotator="lan")
        seeds: dict[str, list[Seed]] = {f: [] for f in FORMATS}
        for fmt in ("prodigy", "brat", "doccano", "labelstudio", "conll"):
            out = work / f"export-{fmt}"
            result = export_files(project, out, fmt)
            path = Path(result["path"])
            if path.is_dir():
                files = _read_tree(path)
                mutable = list(files)  # .txt, .ann, annotation.conf, annotator.json
                seeds[fmt].append(Seed(fmt, f"{fmt}-export", files, ".", mutable))
            else:
                name = path.name
                seeds[fmt].append(Seed(fmt, f"{fmt}-export", {name: path.read_bytes()}, name, [name]))
    finally:
        project.close()
    seeds["doccano"].append(Seed("doccano", "doccano-hand", {"in.jsonl": src.read_bytes()}, "in.jsonl", ["in.jsonl"]))
    # awkward but valid raw text: decomposed accents, CRLF, a BOM (offsets count them)
    awkward = "\ufeff" + unicodedata.normalize("NFD", TEXTS[0]).replace("\n", "\r\n")
    seeds["txt"].append(Seed("txt", "txt-nfc", {"a.txt": TEXTS[0].encode()}, "a.txt", ["a.txt"]))
    seeds["txt"].append(Seed("txt", "txt-nfd-crlf-bom", {"b.txt": awkward.encode()}, "b.txt", ["b.txt"]))
    manifest = {"documents": [{"file": "c.txt", "title": "Bài viết", "source": "https://example.org/c"}]}
    seeds["txt"].append(Seed("txt", "txt-folder-manifest",
                             {"c.txt": TEXTS[1].encode(), "manifest.json": json.dumps(manifest, ensure_ascii=False).encode()},
                             ".", ["c.txt", "manifest.json"]))
    jl = "".join(json.dumps({"id": f"gen-{i}", "text": t, "title": f"Bài {i}", "meta": {"site": "vn", "n": i}},
                            ensure_ascii=False) + "\n" for i, t in enumerate(TEXTS))
    seeds["jsonl"].append(Seed("jsonl", "jsonl", {"d.jsonl": jl.encode()}, "d.jsonl", ["d.jsonl"]))
    for seed in hand_seeds():
        seeds[seed.fmt].append(seed)
    return seeds


def _at(ti: int, needle: str) -> tuple[int, int]:
    start = TEXTS[ti].index(needle)
    return start, start + len(needle)


def _one(fmt: str, name: str, file: str, text: str) -> Seed:
    return Seed(fmt, name, {file: text.encode("utf-8")}, file, [file])


def hand_seeds() -> list[Seed]:
    """Valid inputs in the other layouts the readers document (older tool versions, other views),
    written by hand: Label Studio `completions`, JSON-MIN, predictions, cancelled annotations;
    doccano `label` lists, 1.x `annotations` with label ids, a JSON list; Prodigy review
    `versions`, token-indexed relations, choice tasks; CoNLL without -DOCSTART-, extra columns,
    BIOES, word-segmented tokens, comments; brat notes, attributes, events, discontinuous spans."""
    t0, t1 = TEXTS[0], TEXTS[1]
    title, per, bgn = _at(0, "Đại sứ Hàn Quốc"), _at(0, "Park Noh-wan"), _at(0, "Bản ghi nhớ")
    org, loc = _at(1, "Tập đoàn Samsung"), _at(1, "Thái Nguyên")

    def ls_region(rid: str, t: int, se: tuple[int, int], label: str) -> dict:
        return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels",
                "value": {"start": se[0], "end": se[1], "text": TEXTS[t][se[0]:se[1]], "labels": [label]}}

    ls_full = [
        {"id": 1, "data": {"text": t0, "source": "vn"},
         "annotations": [
             {"id": 11, "completed_by": {"email": "lan@example.org"}, "lead_time": 12.5, "was_cancelled": False,
              "result": [ls_region("a", 0, title, "TITLE"), ls_region("b", 0, per, "PER_KR"),
                         {"from_id": "b", "to_id": "a", "type": "relation", "direction": "right", "labels": ["HAS_TITLE"]},
                         {"from_id": "a", "to_id": "b", "type": "relation", "direction": "left", "labels": ["HAS_TITLE"]},
                         {"id": "c", "from_name": "sentiment", "to_name": "text", "type": "choices",
                          "value": {"choices": ["Positive"]}}]},
             {"id": 12, "completed_by": 3, "was_cancelled": True, "result": []},
             {"id": 13, "completed_by": 4, "ground_truth": True, "result": [ls_region("g", 0, bgn, "AGREEMENT")]}],
         "predictions": [{"model_version": "v2", "score": 0.5, "result": [ls_region("p", 0, per, "PER_KR")]}],
         "drafts": [{"result": []}]},
        {"id": 2, "data": {"text": t1}, "annotations": [{"id": 21, "completed_by": 5, "result": [
            ls_region("x", 1, org, "ORG_KR"), ls_region("y", 1, loc, "LOC_VN"),
            {"from_id": "x", "to_id": "y", "type": "relation", "labels": ["INVESTS_IN"]}]}]},
    ]
    ls_old = [{"id": 1, "data": {"text": t1}, "completions": [{"id": 1, "skipped": False, "lead_time": 3,
                                                               "result": [ls_region("x", 1, org, "ORG_KR")]}]}]
    ls_min = [{"id": 1, "text": t0, "annotator": "lan", "lead_time": 4.0, "annotation_id": 9,
               "label": [{"start": per[0], "end": per[1], "text": t0[per[0]:per[1]], "labels": ["PER_KR"]}],
               "sentiment": "Positive"},
              {"id": 2, "text": t1, "annotator": 2}]
    full = _one("labelstudio", "labelstudio-full", "tasks.json", json.dumps(ls_full, ensure_ascii=False, indent=1))
    full.before = REVIEWER  # `ground_truth` is gold: importing it needs the reviewer role
    out = [
        full,
        _one("labelstudio", "labelstudio-completions", "old.json", json.dumps(ls_old, ensure_ascii=False)),
        _one("labelstudio", "labelstudio-json-min", "min.json", json.dumps(ls_min, ensure_ascii=False, indent=2)),
    ]
    doccano_label = [{"id": 5, "text": t0, "label": [[per[0], per[1], "PER_KR"], [title[0], title[1], "TITLE"]]},
                     {"text": t1, "labels": [[org[0], org[1], "ORG_KR"]], "cats": ["kinh tế"], "meta": {"a": 1}},
                     {"text": TEXTS[2], "label": ["positive"]}]
    doccano_1x = [{"id": 7, "data": t0, "annotations": [
        {"label": 1, "start_offset": per[0], "end_offset": per[1], "user": 1},
        {"label": 0, "start_offset": title[0], "end_offset": title[1], "user": 2},
        {"label": 4, "user": 1}]}]
    out += [
        _one("doccano", "doccano-label-lists", "lists.jsonl",
             "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in doccano_label)),
        Seed("doccano", "doccano-1x-label-ids",
             {"old.jsonl": "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in doccano_1x).encode()},
             "old.jsonl", ["old.jsonl"], ("--label-ids", "@ids.json"),
             (("ids.json", b'[{"id": 0, "text": "TITLE"}, {"id": 1, "text": "PER_KR"}, {"id": 4, "text": "tin"}]'),)),
        _one("doccano", "doccano-json-list", "list.jsonl", json.dumps(doccano_label, ensure_ascii=False, indent=2)),
    ]
    words = t1.split(" ")
    tokens = []
    pos = 0
    for i, w in enumerate(words):
        start = t1.index(w, pos)
        tokens.append({"text": w, "start": start, "end": start + len(w), "id": i, "ws": True})
        pos = start + len(w)
    sp_org = {"start": org[0], "end": org[1], "label": "ORG_KR", "token_start": 0, "token_end": 2}
    sp_loc = {"start": loc[0], "end": loc[1], "label": "LOC_VN", "token_start": 5, "token_end": 6}
    prodigy = [
        {"text": t1, "tokens": tokens, "spans": [sp_org, sp_loc], "_view_id": "relations", "answer": "accept",
         "relations": [{"head": 2, "child": 6, "label": "INVESTS_IN"}], "_session_id": "ds-lan", "_input_hash": -12,
         "_task_hash": 2**40},
        {"text": t0, "spans": [{"start": per[0], "end": per[1], "label": "PER_KR", "text": t0[per[0]:per[1]]}],
         "answer": "ignore", "_annotator_id": "ds-minh", "_view_id": "ner_manual"},
        {"text": t0, "answer": "reject"},
        {"text": TEXTS[2], "options": [{"id": "Q1", "text": "Hồ Chí Minh"}], "accept": ["Q1"], "answer": "accept",
         "_view_id": "choice", "spans": [{"start": 5, "end": 24, "label": "ORG_VN", "kb_id": "Q1"}]},
        {"text": t0, "answer": "accept", "_view_id": "review", "spans": [{"start": per[0], "end": per[1], "label": "PER_KR"}],
         "versions": [{"answer": "accept", "sessions": ["ds-lan", "ds-minh"], "default": True,
                       "spans": [{"start": per[0], "end": per[1], "label": "PER_KR"}]}]},
    ]
    out.append(_one("prodigy", "prodigy-views", "views.jsonl",
                    "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in prodigy[:4])))
    review = _one("prodigy", "prodigy-review", "review.jsonl", json.dumps(prodigy[4], ensure_ascii=False) + "\n")
    review.before = REVIEWER  # gold annotations: importing them needs the reviewer role
    out.append(review)
    out += [
        _one("conll", "conll-sentences", "s.conll",
             "Đại\tB-TITLE\nsứ\tI-TITLE\nHàn\tI-TITLE\nQuốc\tI-TITLE\nPark\tB-PER_KR\nNoh-wan\tI-PER_KR\n.\tO\n\n"
             "Ông\tO\nKim\tS-PER_KR\nđến\tO\nThái\tB-LOC_VN\nNguyên\tE-LOC_VN\n"),
        _one("conll", "conll-columns", "c.conll",
             "-DOCSTART- -X- -X- O\n\nSamsung NNP B-NP B-ORG_KR\nđầu VB B-VP O\ntư VB I-VP O\n"
             "Thái NNP B-NP I-LOC_VN\nNguyên NNP I-NP I-LOC_VN\n\n-DOCSTART- -X- -X- O\n\nHà NNP B-NP B-LOC_VN\n"),
        _one("conll", "conll-word-segmented", "w.conll",
             "# newdoc id = tin-1\n# title = Tin\n# annotator = lan\n# status = in_progress\n# seconds = 12\n"
             "# meta = {\"nguon\": \"vn\"}\n# sent_id = 1\n# text = UBND TP. Hồ Chí Minh tiếp đoàn.\n"
             "UBND_TP._Hồ_Chí_Minh\tB-ORG_VN\ntiếp\tO\nđoàn\tO\n.\tO\n"),
    ]
    ann = (f"T1\tTITLE {title[0]} {title[1]}\t{t0[title[0]:title[1]]}\n"
           f"T2\tPER_KR {per[0]} {per[1]}\t{t0[per[0]:per[1]]}\n"
           f"T3\tAGREEMENT {bgn[0]} {bgn[1]}\t{t0[bgn[0]:bgn[1]]}\n"
           f"R1\tHAS_TITLE Arg1:T2 Arg2:T1\n"
           f"T4\tLOC_KR {title[0]} {title[0] + 6};{title[1] - 8} {title[1]}\tĐại sứ Hàn Quốc\n"
           "#1\tAnnotatorNotes T2\tđại sứ mới\nA1\tNegated T3\nE1\tEVENT:T3 Agent:T2\n*\tEquiv T1 T3\n"
           "N1\tReference T2 Wikidata:Q1\tPark\n")
    crlf = t1.replace("\n", "\r\n")
    out.append(Seed("brat", "brat-hand", {"a.txt": ("\ufeff" + t0).encode(), "a.ann": ann.encode(), "b.txt": crlf.encode(), "b.ann": b"",
        "sub/c.txt": TEXTS[2].encode()}, ".", ["a.txt", "a.ann", "b.txt", "b.ann", "sub/c.txt"]))
    return out


def build_database(path: Path, seeds: dict[str, list[Seed]], work: Path) -> None:
    """The database mutants go into: the bundled corpus, plus the seed documents with annotations
    (so that mutants also add to documents already stored)."""
    from annotator.services.project import Project

    project = Project.open(str(path))
    try:
        project.importer.import_files([work / "seed-doccano.jsonl"], "doccano", annotator="minh")
        # the reviewer that mutants run as (`--user … --role reviewer`) exists already, so that a
        # change of the database on failure is the import's, not the creation of that user
        project.annotator(REVIEWER[1], role=REVIEWER[3])
    finally:
        project.close()


def fingerprint(path: Path) -> str:
    """A hash of every row of every table (and the schema) of a SQLite file."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        h = hashlib.sha256()
        for line in con.iterdump():
            h.update(line.encode("utf-8", "surrogatepass"))
            h.update(b"\n")
        return h.hexdigest()
    finally:
        con.close()


# -- mutations ------------------------------------------------------------------------------------

INVALID_UTF8 = [b"\xff", b"\x80", b"\xc3", b"\xed\xa0\x80", b"\xc0\xaf", b"\xf4\x90\x80\x80", b"\xe1\xbb"]
CONTROLS = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\u2028", "\ufeff"]
ODD_STRINGS = ["", " ", "\n", "x", "PER_VN", "O", "B-", "I-PER_VN", "\ud800", "\udfff", "a\x00b", "\x0c",
               "T1", "R1", "Arg1:T99", "-1", "²", "١٢", "𝟙", "1e5", "NaN", "null", "\u0301", "\r\n", "\t", "x" * 5000]


class Raw:
    """A JSON value written as raw text (what `json.dumps` cannot write: deep nesting, NaN, 10**5000)."""

    def __init__(self, text: str) -> None:
        self.text = text


ODD_VALUES: list[object] = [
    0, 1, -1, 7, 1.5, -0.0, True, False, None, [], {}, [1, 2], {"a": 1}, [None], [[0, 1, "PER_VN"]],
    10**30, -(10**30), 2**63, 2**64, -(2**63) - 1, 10**18,
    Raw("1" * 5000), Raw("1e400"), Raw("-1e400"), Raw("NaN"), Raw("Infinity"),
    *ODD_STRINGS,
]


def _deep(n: int) -> Raw:
    return Raw("[" * n + "]" * n)


def _dumps(obj: object, rng: random.Random) -> str:
    """JSON of `obj` with `Raw` values spliced in (`ensure_ascii` at random: lone surrogates are
    written as escapes either way)."""
    raws: list[str] = []

    def conv(o: object) -> object:
        if isinstance(o, Raw):
            raws.append(o.text)
            return f"\x00RAW{len(raws) - 1}\x00"
        if isinstance(o, dict):
            return {(k if isinstance(k, str) else str(k)): conv(v) for k, v in o.items()}
        if isinstance(o, list):
            return [conv(v) for v in o]
        return o

    text = json.dumps(conv(obj), ensure_ascii=rng.random() < 0.5)
    if not raws:
        return text
    return re.sub(r'"\\u0000RAW(\d+)\\u0000"', lambda m: raws[int(m.group(1))], text)


def _nodes(obj: object, path: tuple = ()) -> list[tuple]:
    """Paths of every value under `obj` (the root is `()`)."""
    out = [path]
    if isinstance(obj, dict):
        for k, v in obj.items():
            out.extend(_nodes(v, (*path, k)))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out.extend(_nodes(v, (*path, i)))
    return out


def _get(obj: object, path: tuple) -> object:
    for p in path:
        obj = obj[p]  # type: ignore[index]
    return obj


def _set(obj: object, path: tuple, value: object) -> object:
    if not path:
        return value
    _get(obj, path[:-1])[path[-1]] = value  # type: ignore[index]
    return obj


def _path_str(path: tuple) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


def _short(value: object) -> str:
    text = value.text if isinstance(value, Raw) else repr(value)
    return text if len(text) <= 30 else text[:27] + "…"


def mutate_json_value(obj: object, rng: random.Random) -> tuple[object, str]:
    """One JSON-aware mutation of a parsed value; returns the new value and what was done."""
    nodes = _nodes(obj)
    # a field chosen uniformly among the fields (list indices folded), then one of its places:
    # a rare field (`value.text` of one result) is hit as often as `text` of every span
    fields: dict[tuple, list[tuple]] = {}
    for p in nodes:
        fields.setdefault(tuple("*" if isinstance(x, int) else x for x in p), []).append(p)
    path = rng.choice(fields[rng.choice(sorted(fields, key=repr))])
    node = _get(obj, path)
    kind = rng.choice(["retype", "retype", "retype", "deep", "surrogate", "control", "delete", "duplicate",
                       "swap_offsets", "shift_offsets", "rename_key", "empty", "wrap"])
    where = _path_str(path)
    if kind == "retype":
        value = rng.choice(ODD_VALUES)
        return _set(obj, path, value), f"retype {where} -> {_short(value)}"
    if kind == "deep":
        n = rng.choice([150, 1000, 100_000])
        return _set(obj, path, _deep(n)), f"deep {where} -> {n} nested lists"
    if kind in ("surrogate", "control"):
        strings = [p for p in nodes if isinstance(_get(obj, p), str)]
        bad = rng.choice(["\ud800", "\udc00", "\udbff", "\ud83d"]) if kind == "surrogate" else rng.choice(CONTROLS)
        if strings and rng.random() < 0.8:
            p = rng.choice(strings)
            s = _get(obj, p)
            i = rng.randint(0, len(s))
            return _set(obj, p, s[:i] + bad + s[i:]), f"{kind} {bad!r} inserted in string {_path_str(p)}"
        dicts = [p for p in nodes if isinstance(_get(obj, p), dict) and _get(obj, p)]
        if dicts:
            p = rng.choice(dicts)
            d = _get(obj, p)
            k = rng.choice(list(d))
            d[k + bad] = d.pop(k)
            return obj, f"{kind} {bad!r} in key {_path_str((*p, k))}"
        return _set(obj, path, bad), f"{kind} {where} -> {bad!r}"
    if kind == "delete":
        if path:
            parent = _get(obj, path[:-1])
            del parent[path[-1]]  # type: ignore[attr-defined]
            return obj, f"delete {where}"
        return _set(obj, path, None), "root -> null"
    if kind == "duplicate":
        lists = [p for p in nodes if isinstance(_get(obj, p), list) and _get(obj, p)]
        if lists:
            p = rng.choice(lists)
            lst = _get(obj, p)
            i = rng.randrange(len(lst))
            lst.insert(i, json.loads(json.dumps(lst[i])))
            return obj, f"duplicate {_path_str((*p, i))}"
        return _set(obj, path, [node, node]), f"duplicate {where} as a pair"
    if kind in ("swap_offsets", "shift_offsets"):
        pairs = []
        for p in nodes:
            v = _get(obj, p)
            if isinstance(v, dict):
                for a, b in (("start", "end"), ("start_offset", "end_offset"), ("token_start", "token_end")):
                    if isinstance(v.get(a), int) and isinstance(v.get(b), int):
                        pairs.append((p, a, b))
            elif isinstance(v, list) and len(v) >= 2 and all(isinstance(x, int) and not isinstance(x, bool) for x in v[:2]):
                pairs.append((p, 0, 1))
        if pairs:
            p, a, b = rng.choice(pairs)
            v = _get(obj, p)
            if kind == "swap_offsets":
                v[a], v[b] = v[b], v[a]
                return obj, f"swap offsets {_path_str(p)}"
            which = rng.choice([a, b])
            delta = rng.choice([-1, 1, -1000, 1000, 1, 2])
            v[which] += delta
            return obj, f"shift {_path_str((*p, which))} by {delta}"
        return _set(obj, path, rng.choice(ODD_VALUES)), f"retype {where}"
    if kind == "rename_key":
        dicts = [p for p in nodes if isinstance(_get(obj, p), dict) and _get(obj, p)]
        if dicts:
            p = rng.choice(dicts)
            d = _get(obj, p)
            k = rng.choice(list(d))
            new = rng.choice(["", "text", "id", "label", "labels", "spans", "entities", "value", "result", k.upper()])
            d[new] = d.pop(k)
            return obj, f"rename key {_path_str((*p, k))} -> {new!r}"
        return _set(obj, path, {}), f"{where} -> {{}}"
    if kind == "empty":
        value = type(node)() if isinstance(node, (list, dict, str)) else None
        return _set(obj, path, value), f"empty {where}"
    return _set(obj, path, [node]), f"wrap {where} in a list"


def mutate_json_text(text: str, rng: random.Random, lines: bool) -> tuple[str, str] | None:
    """A JSON-aware mutation of a JSON (or JSON-lines) text; None when it does not parse."""
    if lines:
        rows = text.split("\n")
        idx = [i for i, r in enumerate(rows) if r.strip()]
        if not idx:
            return None
        i = rng.choice(idx)
        try:
            obj = json.loads(rows[i])
        except (ValueError, RecursionError):
            return None
        obj, what = mutate_json_value(obj, rng)
        rows[i] = _dumps(obj, rng)
        return "\n".join(rows), f"line {i + 1}: {what}"
    try:
        obj = json.loads(text.lstrip("\ufeff"))
    except (ValueError, RecursionError):
        return None
    obj, what = mutate_json_value(obj, rng)
    return _dumps(obj, rng), what


FIELD_VALUES = ["", "0", "-1", "-5", "99999999999999999999", "3.5", "x", "²", "١٢", "T1", "T2", "R1", "T99",
                "Arg1:T1", "Arg2:T99", "Arg1:R1", "B-PER_VN", "I-PER_VN", "B-", "I-", "E-ORG_VN", "S-LOC_VN",
                "B-Unknown", "O", "-DOCSTART-", "PER_VN", "HAS_TITLE", "AnnotatorNotes", "Equiv", "0 5;7 9",
                "\x00", "\u200b", "a b", "\t", "_", "#1"]


def mutate_fields(text: str, rng: random.Random) -> tuple[str, str] | None:
    """Brat/CoNLL-aware: a tab- or space-separated field of a line replaced, or a line built anew."""
    rows = text.split("\n")
    idx = [i for i, r in enumerate(rows) if r.strip()]
    if not idx:
        return None
    i = rng.choice(idx)
    row = rows[i]
    kind = rng.choice(["field", "field", "field", "swap", "dup_id", "drop_field", "add_field", "ref"])
    parts = re.split(r"([\t ])", row)
    fields = [k for k in range(0, len(parts), 2)]
    if kind == "field":
        k = rng.choice(fields)
        value = rng.choice(FIELD_VALUES)
        parts[k] = value
        rows[i] = "".join(parts)
        return "\n".join(rows), f"line {i + 1}: field {k // 2} -> {value!r}"
    if kind == "swap":
        nums = [k for k in fields if parts[k].isdigit()]
        if len(nums) >= 2:
            a, b = nums[0], nums[1]
            parts[a], parts[b] = parts[b], parts[a]
            rows[i] = "".join(parts)
            return "\n".join(rows), f"line {i + 1}: swap numbers"
        return None
    if kind == "dup_id":
        j = rng.choice(idx)
        rows.insert(j, rows[i])
        return "\n".join(rows), f"line {i + 1} copied before line {j + 1}"
    if kind == "drop_field":
        if len(fields) > 1:
            k = rng.choice(fields[1:])
            del parts[k - 1 : k + 1]
            rows[i] = "".join(parts)
            return "\n".join(rows), f"line {i + 1}: field {k // 2} removed"
        return None
    if kind == "add_field":
        rows[i] = row + rng.choice(["\t", " "]) + rng.choice(FIELD_VALUES)
        return "\n".join(rows), f"line {i + 1}: field added"
    # a new brat line referring to ids that may or may not exist
    new = rng.choice([
        "R9\tHAS_TITLE Arg1:T1 Arg2:T1", "R9\tMEETS Arg1:T1 Arg2:T77", "*\tEquiv T1 T2", "E1\tEVENT:T1 Arg:T2",
        "A1\tNegated T1", "#9\tAnnotatorNotes T1\tghi chú", "T9\tPER_VN 0 3;5 9\tĐại sứ", "T9\tPER_VN 5 5\t",
        "T1\tPER_VN 0 3\tĐại", "N1\tReference T1 Wikipedia:123\tx", "T9\tPER_VN 1000000 1000005\tx",
        "-DOCSTART- -X- -X- O", "Hà\tB-PER_VN\tx", "\t", "Hà B-PER_VN", "Nội\tI-LOC_VN",
    ])
    rows.insert(rng.choice(idx), new)
    return "\n".join(rows), f"line {i + 1}: new line {new!r} inserted"


def mutate_bytes(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """A format-blind mutation of a file's bytes."""
    kind = rng.choice(["flip", "insert", "invalid_utf8", "control", "truncate", "empty", "whitespace", "bom",
                       "crlf", "cr", "delete_line", "duplicate_line", "swap_lines", "delete_chunk",
                       "duplicate_chunk", "nfd", "trailing"])
    n = len(data)
    pos = rng.randint(0, n)
    if kind == "flip" and n:
        out = bytearray(data)
        for _ in range(rng.randint(1, 3)):
            p = rng.randrange(n)
            out[p] ^= 1 << rng.randrange(8)
        return bytes(out), "bit flips"
    if kind == "insert":
        junk = bytes(rng.randrange(256) for _ in range(rng.randint(1, 4)))
        return data[:pos] + junk + data[pos:], f"bytes {junk!r} inserted at {pos}"
    if kind == "invalid_utf8":
        junk = rng.choice(INVALID_UTF8)
        return data[:pos] + junk + data[pos:], f"invalid UTF-8 {junk!r} at {pos}"
    if kind == "control":
        ch = rng.choice(CONTROLS)
        return data[:pos] + ch.encode("utf-8", "surrogatepass") + data[pos:], f"character {ch!r} at byte {pos}"
    if kind == "truncate":
        return data[:pos], f"truncated at {pos}"
    if kind == "empty":
        return b"", "empty file"
    if kind == "whitespace":
        ws = rng.choice([b" ", b"\n", b"\n\n\n", b" \t \r\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\n"])
        return ws, f"whitespace only {ws!r}"
    if kind == "bom":
        return b"\xef\xbb\xbf" * rng.randint(1, 2) + data, "BOM added"
    if kind == "crlf":
        return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"), "CRLF line breaks"
    if kind == "cr":
        return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r"), "CR line breaks"
    lines = data.split(b"\n")
    if kind in ("delete_line", "duplicate_line", "swap_lines"):
        i = rng.randrange(len(lines))
        if kind == "delete_line":
            del lines[i]
        elif kind == "duplicate_line":
            lines.insert(i, lines[i])
        else:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        return b"\n".join(lines), f"{kind.replace('_', ' ')} {i + 1}"
    if kind in ("delete_chunk", "duplicate_chunk") and n:
        a = rng.randrange(n)
        b = min(n, a + rng.randint(1, 64))
        if kind == "delete_chunk":
            return data[:a] + data[b:], f"bytes {a}-{b} deleted"
        return data[:b] + data[a:b] + data[b:], f"bytes {a}-{b} duplicated"
    if kind == "nfd":
        try:
            return unicodedata.normalize("NFD", data.decode("utf-8")).encode("utf-8"), "NFD"
        except UnicodeDecodeError:
            pass
    return data + rng.choice([b"\n", b"\n\n", b"}", b"]", b"\x00", b" x", b"\n{}\n"]), "trailing bytes"


def _file_kind(fmt: str, name: str) -> str:
    if name.endswith(".json"):
        return "json"
    if name.endswith(".jsonl"):
        return "jsonl"
    if fmt in ("brat", "conll"):
        return "fields"
    return "text"


def make_mutant(seed: Seed, rng: random.Random) -> tuple[dict[str, bytes], str]:
    """The files of one mutant of `seed` and a one-line description of the mutation(s)."""
    files = dict(seed.files)
    steps = []
    for _ in range(1 if rng.random() < 0.8 else 2):
        name = rng.choice(seed.mutable)
        kind = _file_kind(seed.fmt, name)
        data = files[name]
        done = None
        if kind in ("json", "jsonl") and rng.random() < 0.6:
            text = data.decode("utf-8", "surrogatepass") if _is_utf8(data) else None
            if text is not None:
                res = mutate_json_text(text, rng, lines=kind == "jsonl")
                if res is not None:
                    done = (res[0].encode("utf-8", "surrogatepass"), res[1])
        elif kind == "fields" and rng.random() < 0.5 and _is_utf8(data):
            res = mutate_fields(data.decode("utf-8"), rng)
            if res is not None:
                done = (res[0].encode("utf-8"), res[1])
        if done is None:
            done = mutate_bytes(data, rng)
        files[name] = done[0]
        steps.append(f"{name}: {done[1]}")
    return files, "; ".join(steps)


def _blank(data: bytes) -> bool:
    """Nothing but white space and byte order marks (no document can come of it)."""
    return not data.replace(b"\xef\xbb\xbf", b"").strip()


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


REVIEWER = ("--user", "fuzz-reviewer", "--role", "reviewer")
LABEL_MAPS = [b"PER_KR PER_HQ\nHAS_TITLE GIU_CHUC\n# ghi chu\n", b'{"LOC_VN": "LOC_VIETNAM", "INVESTS_IN": "DAU_TU"}\n',
              b"ORG_VN -> ORG_VIETNAM\nLOC_KR \xe2\x86\x92 LOC_HQ\n"]
LABEL_IDS = [b'[{"id": 1, "text": "PER_KR"}, {"id": 7, "text": "LOC_VN"}, {"id": 0, "text": "TITLE"}]',
             b"1 PER_KR\n7 LOC_VN\n", b'{"1": "ORG_VN", "-1": "DATE"}']


def make_options(fmt: str, rng: random.Random) -> tuple[list[str], dict[str, bytes], str]:
    """Command options of one mutant: `(flags, option files, description)`; a flag `@NAME` is the
    path of option file NAME; the flags after `<before>` up to the next option of `import` are
    global options (`--user NAME --role reviewer`: gold annotations need it). Option files (label
    maps, label ids) are mutated too, at times."""
    flags: list[str] = []
    files: dict[str, bytes] = {}
    said: list[str] = []
    if rng.random() < 0.3:
        flags += ["<before>", *REVIEWER]
    if rng.random() < 0.5:
        flags.append("--add-labels")
    if rng.random() < 0.5:
        flags += ["--annotator", rng.choice(["fuzz", "Nguyễn Lan", "a\tb", " "])]
    if rng.random() < 0.3:
        flags += ["--skip-invalid", "--report", "@skipped.tsv"]
    for option, seeds, name, chance in (("--label-map", LABEL_MAPS, "map.txt", 0.15),
                                         ("--label-ids", LABEL_IDS, "ids.json", 0.15 if fmt == "doccano" else 0.0)):
        if rng.random() < chance:
            data = rng.choice(seeds)
            if rng.random() < 0.6:
                done = None
                if data.lstrip()[:1] in (b"[", b"{") and rng.random() < 0.6:
                    done = mutate_json_text(data.decode("utf-8"), rng, lines=False)
                    if done is not None:
                        data, how = done[0].encode("utf-8", "surrogatepass"), done[1]
                if done is None:
                    data, how = mutate_bytes(data, rng)
                said.append(f"{option} file: {how}")
            files[name] = data
            flags += [option, f"@{name}"]
    shown = [f for f in flags if not f.startswith("@") and f != "<before>"]
    return flags, files, " ".join(shown) + ("; " + "; ".join(said) if said else "")


def known_cases(seeds: dict[str, list[Seed]]) -> list[tuple[str, Seed, dict[str, bytes], str, list[str], dict[str, bytes]]]:
    """Inputs that broke the import once (kept so that the bench shows them until fixed, whatever
    the random draws): `(format, seed, files, description, flags, option files)`."""
    by_name = {s.name: s for ss in seeds.values() for s in ss}
    doccano = by_name["doccano-hand"]
    old = by_name["doccano-1x-label-ids"]
    first = doccano.files["in.jsonl"].decode("utf-8").split("\n")
    row = json.loads(first[0])
    row["entities"][0]["label"] = "PER\r\nKR"
    crlf_label = "\n".join([json.dumps(row, ensure_ascii=False), *first[1:]]).encode("utf-8")
    cases = [
        ("doccano", doccano, dict(doccano.files), "--label-map JSON renaming to a lone surrogate '\\ud800'",
         ["--label-map", "@map.json", "--add-labels"], {"map.json": b'{"PER_KR": "PER_\\ud800"}'}),
        ("doccano", doccano, dict(doccano.files), "--label-map JSON with a number of 5000 digits",
         ["--label-map", "@map.json"], {"map.json": b'{"PER_KR": ' + b"1" * 5000 + b"}"}),
        ("doccano", doccano, dict(doccano.files), "--label-map JSON nested 100000 deep",
         ["--label-map", "@map.json"], {"map.json": b'{"PER_KR": ' + b"[" * 100000 + b"]" * 100000 + b"}"}),
        ("doccano", old, dict(old.files), "--label-ids naming a label '\\ud800'",
         ["--label-ids", "@ids.json", "--add-labels"], {"ids.json": b'[{"id": 0, "text": "\\ud800"}, {"id": 1, "text": "PER_KR"}]'}),
        ("doccano", doccano, {"in.jsonl": crlf_label}, "a label with a line break in it ('PER\\r\\nKR')", [], {}),
        ("doccano", doccano, {"in.jsonl": crlf_label}, "a label with a line break in it, --add-labels", ["--add-labels"], {}),
        ("jsonl", by_name["jsonl"], {"d.jsonl": b'{"text": "Hai \\u0000 ba", "meta": {}}\n'}, "NUL escape in a text", [], {}),
        ("jsonl", by_name["jsonl"], {"d.jsonl": b'{"text": "Hai ba", "meta": {"a": "\\udfff"}}\n'}, "lone surrogate in meta", [], {}),
        ("txt", by_name["txt-nfc"], {"a.txt": b"\xef\xbb\xbf\xef\xbb\xbf\n"}, "a .txt of two BOMs and a line break", [], {}),
    ]
    return [c for c in cases if c[0] in FORMATS]


# -- running ---------------------------------------------------------------------------------------


@dataclass
class Finding:
    fmt: str
    seed: str
    index: int
    mutation: str
    kind: str  # "exception", "bad message", "db changed"
    what: str  # exception type and message, or the message
    frame: str  # last frame of the traceback (file:line in function), or ""


@dataclass
class FormatResult:
    mutants: int = 0
    ok: int = 0
    refused: int = 0
    exceptions: int = 0
    bad_messages: int = 0
    db_changed_on_failure: int = 0
    slow: int = 0  # mutants that took over `SLOW` seconds
    empty_accepted: int = 0  # an empty or blank input file imported without an error
    seconds: float = 0.0

    @property
    def tracebacks(self) -> int:
        return self.exceptions + self.bad_messages

    def to_dict(self) -> dict:
        return {"mutants": self.mutants, "ok": self.ok, "refused": self.refused, "tracebacks": self.tracebacks,
                "exceptions": self.exceptions, "bad_messages": self.bad_messages,
                "db_changed_on_failure": self.db_changed_on_failure, "slow": self.slow,
                "empty_accepted": self.empty_accepted,
                "seconds": round(self.seconds, 2)}


SLOW = 10.0


def _last_frame(tb) -> str:
    frames = traceback.extract_tb(tb)
    if not frames:
        return ""
    last = frames[-1]
    ours = [f for f in frames if "/annotator/" in f.filename]
    text = f"{_rel(last.filename)}:{last.lineno} in {last.name}"
    if ours and ours[-1] is not last:
        o = ours[-1]
        text += f" (from {_rel(o.filename)}:{o.lineno} in {o.name})"
    return text


def _rel(filename: str) -> str:
    i = filename.rfind("/annotator/")
    return filename[i + 1 :] if i >= 0 else filename


def check_message(stderr: str, roots: Path | list[Path], names: list[str] = ()) -> str | None:
    """None when `stderr` is a clean refusal naming the input; else what is wrong.

    The first line must be `annotator: error: PATH[:LINE]: reason` with PATH a root or under it
    (or `N files: reason`, when a listing of problems in several files follows); any further line (a listing of problems) must name such a path or a file name of `names`
    the same way, be indented, or be a heading `KIND: COUNT`; a last `nothing was imported` is
    allowed. A reason broken over lines (a raw newline from the input) fails these rules.
    """
    if "Traceback" in stderr:
        return "Traceback in the output"
    lines = [ln for ln in stderr.split("\n") if ln != ""]
    if not lines:
        return "no error message"
    if lines[-1] == "nothing was imported":
        lines = lines[:-1]
    prefix = "annotator: error: "
    if not lines or not lines[0].startswith(prefix):
        return "no 'annotator: error:' line"
    roots = [roots] if isinstance(roots, Path) else roots
    full = re.compile("(" + "|".join(re.escape(str(r)) for r in roots) + r")(/[^:\n]*)?(:\d+)?(, [^:\n]*)?: \S")
    base = re.compile("(" + "|".join(re.escape(n) for n in names) + r")(:\d+)?: \S") if names else None

    def names_input(line: str, first: bool) -> bool:
        return full.match(line) is not None or (not first and base is not None and base.match(line) is not None)

    first = lines[0][len(prefix):]
    if not names_input(first, True):
        several = re.match(r"\d+ files: \S", first) is not None and any(names_input(ln.strip(), False) for ln in lines[1:])
        if not several:
            return "the error does not start with the file"
    for ln in lines[1:]:
        if not (ln[:1].isspace() or names_input(ln, False) or re.fullmatch(r"[^\t]+: \d+", ln)):
            return f"a line of the error is not a file, a heading or indented: {ln[:60]!r}"
    return None


class Fuzzer:
    """Runs mutants of every format against copies of one database in `work`."""

    def __init__(self, work: Path, seed: int = 0) -> None:
        from click.testing import CliRunner

        from annotator.cli.app import build_command

        self.work = work
        self.seed = seed
        self.app = build_command()  # the click command `annotator` runs, built once
        self.runner = CliRunner()
        self.seeds = build_seeds(work / "seeds")
        self.pristine = work / "pristine.sqlite3"
        build_database(self.pristine, self.seeds, work / "seeds")
        self.pristine_print = fingerprint(self.pristine)
        self.db = work / "db.sqlite3"
        self.findings: list[Finding] = []
        self.last_output = ""  # what the last import printed
        self._count = 0

    def run_format(self, fmt: str, n: int, on_finding: Callable[[Finding], None] | None = None,
                   known: bool = False) -> FormatResult:
        """`n` seeded mutants of format `fmt` (and, with `known`, the `known_cases` of it first)."""
        res = FormatResult()
        t0 = time.perf_counter()
        for k, (kfmt, seed, files, what, flags, options) in enumerate(known_cases(self.seeds) if known else []):
            if kfmt != fmt:
                continue
            f = self.run_one(fmt, seed, -1 - k, files, f"known case: {what}", list(flags), res, options)
            if f is not None:
                self.findings.append(f)
                if on_finding is not None:
                    on_finding(f)
        for i in range(n):
            rng = random.Random(f"{self.seed}:{fmt}:{i}")
            seed = rng.choice(self.seeds[fmt])
            files, what = make_mutant(seed, rng)
            flags, options, what_options = make_options(fmt, rng)
            if seed.flags:
                if "--label-ids" in seed.flags and "--label-ids" in flags:
                    i_ids = flags.index("--label-ids")
                    del flags[i_ids : i_ids + 2]
                    options.pop("ids.json", None)
                flags = [*seed.flags, *flags]
                options = {**dict(seed.options), **options}
            if what_options:
                what += f" [{what_options}]"
            f = self.run_one(fmt, seed, i, files, what, flags, res, options)
            if f is not None:
                self.findings.append(f)
                if on_finding is not None:
                    on_finding(f)
        res.seconds = time.perf_counter() - t0
        return res

    def run_one(self, fmt: str, seed: Seed, index: int, files: dict[str, bytes], what: str, flags: list[str],
                res: FormatResult, options: dict[str, bytes] | None = None) -> Finding | None:
        """Import one mutant (`files` in a new folder; `options`: files named by `flags` as
        `@NAME`, written in a folder beside it) into a copy of the database, and classify it."""
        self._count += 1
        root = Path(tempfile.mkdtemp(prefix=f"m{self._count}-", dir=self.work))
        opts = Path(f"{root}-opts")
        try:
            for name, data in files.items():
                p = root / name
                p.parent.mkdir(parents=True, exist_ok=True)
                p.write_bytes(data)
            opts.mkdir()
            for name, data in (options or {}).items():
                (opts / name).write_bytes(data)
            flags = [str(opts / f[1:]) if f.startswith("@") else f for f in flags]
            before = list(seed.before)
            if "<before>" in flags:
                i = flags.index("<before>")
                if not before:
                    before = flags[i + 1 : i + 1 + len(REVIEWER)]
                del flags[i : i + 1 + len(REVIEWER)]
            target = root if seed.target == "." else root / seed.target
            db = self.work / f"db-{self._count}.sqlite3"
            shutil.copyfile(self.pristine, db)
            t0 = time.perf_counter()
            out = self.runner.invoke(self.app, ["--db", str(db), *before, "import", str(target), "--format", fmt, *flags])
            took = time.perf_counter() - t0
            self.last_output = out.output
            res.mutants += 1
            if took > SLOW:
                res.slow += 1
            finding = None
            if out.exception is not None and not isinstance(out.exception, SystemExit):
                res.exceptions += 1
                exc = out.exception
                finding = Finding(fmt, seed.name, index, what, "exception",
                                  f"{type(exc).__name__}: {_one_line(str(exc))}", _last_frame(out.exc_info[2]))
            elif out.exit_code == 0:
                res.ok += 1
                if seed.target != "." and _blank(files[seed.target]):
                    res.empty_accepted += 1
                    finding = Finding(fmt, seed.name, index, what, "empty accepted",
                                      f"exit 0 on a blank file: {_one_line(out.stdout)}", "")
            else:
                problem = check_message(out.stderr, [root, opts], [Path(n).name for n in files])
                if problem is None:
                    res.refused += 1
                else:
                    res.bad_messages += 1
                    finding = Finding(fmt, seed.name, index, what, "bad message",
                                      f"{problem}: {_one_line(out.stderr)}", "")
            failed = out.exit_code != 0 or (out.exception is not None and not isinstance(out.exception, SystemExit))
            if failed and fingerprint(db) != self.pristine_print:
                res.db_changed_on_failure += 1
                if finding is None:
                    finding = Finding(fmt, seed.name, index, what, "db changed",
                                      f"tables {', '.join(self.changed_tables(db))} changed; {_one_line(out.stderr)}", "")
            if finding is not None:
                self._keep(finding, files)
            return finding
        finally:
            shutil.rmtree(root, ignore_errors=True)
            shutil.rmtree(opts, ignore_errors=True)
            for suffix in ("", "-wal", "-shm", "-journal"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(f"{self.work / f'db-{self._count}.sqlite3'}{suffix}")

    def changed_tables(self, db: Path) -> list[str]:
        """Tables whose rows differ between `db` and the pristine database."""

        def rows(path: Path) -> set[str]:
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                return set(con.iterdump())
            finally:
                con.close()

        diff = rows(db) ^ rows(self.pristine)
        return sorted({m.group(1) for line in diff if (m := re.match(r'INSERT INTO "?(\w+)', line))}) or ["(schema)"]

    def _keep(self, finding: Finding, files: dict[str, bytes]) -> None:
        """The first input of each kind of finding, kept for whoever reproduces it."""
        keep = self.keep_dir()
        if keep is None:
            return
        d = keep / f"{finding.fmt}-{finding.index}"
        if d.exists():
            return
        for name, data in files.items():
            p = d / name
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(data)

    def keep_dir(self) -> Path | None:
        return None


def _one_line(text: str, limit: int = 300) -> str:
    text = " ⏎ ".join(ln for ln in text.split("\n") if ln)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def group_findings(findings: list[Finding]) -> list[tuple[tuple[str, str, str, str], list[Finding]]]:
    """Findings grouped by (format, kind, exception type or problem, last frame)."""
    groups: dict[tuple[str, str, str, str], list[Finding]] = {}
    for f in findings:
        head = f.what.split(":", 1)[0]
        groups.setdefault((f.fmt, f.kind, head, f.frame), []).append(f)
    return sorted(groups.items(), key=lambda kv: (kv[0][0], -len(kv[1])))


def summarize(results: dict[str, FormatResult]) -> dict:
    total = Counter()
    for r in results.values():
        for k, v in r.to_dict().items():
            if k != "seconds":
                total[k] += v
    return dict(total)


__all__ = ["FORMATS", "Finding", "FormatResult", "Fuzzer", "Seed", "build_seeds", "check_message", "fingerprint",
           "group_findings", "make_mutant", "summarize"]
