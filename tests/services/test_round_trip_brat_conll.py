"""brat and CoNLL round trips through real SQLite files: export, import into a fresh database, same data.

The project has three articles with awkward text (a chunk `TP.Hồ` cut by a span, `82,4%`, a
TAB inside a span, a span across a line break, a blank line between paragraphs, double spaces, a
final line break), two annotators — `lan` done after 125.5 s, `minh` still in progress after
30 s — and a gold set. Each set is exported on its own (`--source annotator:NAME` / `gold`), as
brat and CoNLL hold one set per document, and all exports are imported into one new database.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.commands import AddRelation, AddSpan
from annotator.core.document import Relation, SetKind, Span, Status
from annotator.services.export import parse_source
from annotator.services.interchange import export_files
from annotator.services.project import Project

ARTICLES = [
    "Chủ tịch UBND  TP.Hồ Chí Minh gặp Đại sứ Park Noh-wan.\n\nTăng trưởng đạt 82,4% trong quý I.",
    "Ông Nguyễn Văn An\tđến Hà\nNội, ký Bản ghi nhớ với Hàn Quốc.",
    "Tin ngắn: đoàn KOTRA thăm Bắc Ninh.\n",
]


def find(text: str, needle: str, label: str, nth: int = 0) -> Span:
    i = -1
    for _ in range(nth + 1):
        i = text.index(needle, i + 1)
    return Span(i, i + len(needle), label)


def annotate(project: Project) -> None:
    ids = sorted(project.documents.ids())
    t0, t1, t2 = (project.document(i).text for i in ids)
    lan, minh = project.annotator("lan"), project.annotator("minh")

    s = project.open_annotation(ids[0], lan)
    title = find(t0, "Chủ tịch UBND  TP.", "TITLE")
    hcm = find(t0, "Hồ Chí Minh", "LOC_VN")
    park = find(t0, "Park Noh-wan", "PER_KR")
    for sp in (title, hcm, park, find(t0, "82,4%", "MONEY")):
        s.apply(AddSpan(sp))
    s.apply(AddRelation(Relation(park.key, title.key, "HAS_TITLE")))
    s.set_status(Status.DONE, add_seconds=125.5)

    s = project.open_annotation(ids[1], lan)
    an = find(t1, "Nguyễn Văn An", "PER_VN")
    hn = find(t1, "Hà\nNội", "LOC_VN")  # across a line break
    mou = find(t1, "Bản ghi nhớ", "AGREEMENT")
    for sp in (an, hn, mou, find(t1, "Hàn Quốc", "LOC_KR")):
        s.apply(AddSpan(sp))
    s.apply(AddRelation(Relation(an.key, mou.key, "SIGNS")))
    s.set_status(Status.DONE)

    s = project.open_annotation(ids[1], minh)
    tab = find(t1, "Văn An\tđến", "PER_VN")  # a TAB inside the span
    s.apply(AddSpan(tab))
    s.apply(AddSpan(find(t1, "Hàn Quốc", "LOC_KR")))
    s.set_status(Status.IN_PROGRESS, add_seconds=30.0)

    s = project.open_annotation(ids[2], None, SetKind.GOLD)
    kotra = find(t2, "KOTRA", "ORG_KR")
    bn = find(t2, "Bắc Ninh", "LOC_VN")
    s.apply(AddSpan(kotra))
    s.apply(AddSpan(bn))
    s.apply(AddRelation(Relation(kotra.key, bn.key, "COOPERATES_WITH")))
    s.set_status(Status.DONE, add_seconds=7.25)


def snapshot(project: Project, with_relations: bool = True) -> dict:
    docs = {i: project.document(i) for i in project.documents.ids()}
    sets = {}
    for st in project.sets.all():
        sets[(docs[st.document_id].text, st.annotator, st.kind.value)] = {
            "spans": sorted(sp.key for sp in st.spans),
            "relations": sorted(r.key for r in st.relations) if with_relations else [],
            "status": st.status.value,
            "seconds": st.seconds,
        }
    return {
        "texts": sorted(d.text for d in docs.values()),
        "uids": sorted(d.uid for d in docs.values()),
        "titles": sorted(d.title for d in docs.values()),
        "sets": sets,
    }


@pytest.fixture
def source(empty_project: Project, tmp_path: Path) -> Project:
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps({"text": t, "id": f"bai-{i}", "title": f"Bài {i}"}, ensure_ascii=False) + "\n"
                            for i, t in enumerate(ARTICLES)), encoding="utf-8")
    empty_project.importer.import_files([path], "jsonl")
    # a text stored with a final line break (e.g. by another format): round trips must keep it
    with empty_project.db.write() as s:
        from sqlalchemy import update

        from annotator.core.text import content_hash
        from annotator.storage.orm import DocumentRow

        text = ARTICLES[2]
        s.execute(update(DocumentRow).where(DocumentRow.uid == "bai-2")
                  .values(text=text, length=len(text), content_hash=content_hash(text)))
    annotate(empty_project)
    return empty_project


def export_all(project: Project, tmp_path: Path, fmt: str) -> tuple[list[Path], list[str]]:
    paths, notes = [], []
    for src in ("annotator:lan", "annotator:minh", "gold"):
        out = export_files(project, tmp_path / f"{fmt}-{src.replace(':', '-')}", fmt, source=parse_source(src))
        paths.append(Path(out["path"]))
        notes += out["notes"]
    return paths, notes


def fresh(tmp_path: Path, name: str) -> Project:
    return Project.open(str(tmp_path / f"{name}.sqlite3"), initialize="schema")


def test_brat_round_trip_keeps_everything(source: Project, tmp_path: Path) -> None:
    before = snapshot(source)
    assert before["texts"][2].endswith("\n") or any(t.endswith("\n") for t in before["texts"])
    paths, _ = export_all(source, tmp_path, "brat")
    ann = "\n".join(p.read_text(encoding="utf-8") for p in paths[1].glob("*.ann"))
    assert "PER_VN" in ann and all(len(line.split("\t")) == 3 for line in ann.splitlines() if line.startswith("T"))
    second = fresh(tmp_path, "brat")
    for p in paths:
        second.importer.import_files([p], "brat")
    after = snapshot(second)
    assert after == before
    lan = after["sets"][(ARTICLES[0], "lan", "annotation")]
    assert lan["status"] == "done" and lan["seconds"] == 125.5 and len(lan["relations"]) == 1
    minh = after["sets"][(ARTICLES[1], "minh", "annotation")]
    assert minh["status"] == "in_progress" and minh["seconds"] == 30.0
    gold = after["sets"][(ARTICLES[2], None, "gold")]
    assert gold["seconds"] == 7.25 and len(gold["relations"]) == 1
    second.close()


def test_conll_round_trip_keeps_text_spans_status_and_time(source: Project, tmp_path: Path) -> None:
    before = snapshot(source, with_relations=False)
    paths, notes = export_all(source, tmp_path, "conll")
    assert any("relation(s) not written" in n for n in notes)  # CoNLL has no relations: reported
    written = paths[0].read_text(encoding="utf-8").split("\n")
    assert "TP.\tI-TITLE" in written and "Hồ\tB-LOC_VN" in written  # cut only where a span starts
    assert "82,4%\tB-MONEY" in written and "Noh-wan.\tO" not in written and "Noh-wan\tI-PER_KR" in written
    assert "# text = Tăng trưởng đạt 82,4% trong quý I." in written and "# status = in_progress" in "\n".join(
        p.read_text(encoding="utf-8") for p in paths)
    second = fresh(tmp_path, "conll")
    for p in paths:
        second.importer.import_files([p], "conll")
    after = snapshot(second)
    assert after == before
    assert all(not st["relations"] for st in after["sets"].values())
    second.close()


def test_reimport_into_the_same_database_adds_nothing(source: Project, tmp_path: Path) -> None:
    """PhoNER's case: exporting and importing again gave 256 new documents with changed text."""
    for fmt in ("brat", "conll"):
        (tmp_path / fmt).mkdir()
        paths, _ = export_all(source, tmp_path / fmt, fmt)
        before = snapshot(source)
        for p in paths:
            report = source.importer.import_files([p], fmt)
            assert report.documents == 0 and report.spans == 0
        assert snapshot(source) == before
