"""Export then import into a fresh database is the identity for Prodigy, doccano and Label Studio.

A project with documents, spans (nested too), relations (a symmetric one too), a gold set and
two annotators whose sets differ in status (done, in progress, skipped) and time spent, and a
model's suggestions (Label Studio predictions) is
exported with the real export service and imported into a new SQLite file: texts, ids, titles,
spans, relations, annotators, status and seconds must all come back.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.commands import AddRelation, AddSpan
from annotator.core.document import IncomingDocument, Relation, SetKind, Source, Span, Status
from annotator.services.interchange import export_files
from annotator.services.project import Project

DOCS = [
    ("tin-1", "Gặp gỡ", "Ông Nguyễn Văn An , Chủ tịch UBND tỉnh Bắc Ninh , gặp ông Park Ji - ho .\nHai bên ký Bản ghi nhớ ."),
    ("tin-2", "Đoàn Hàn Quốc", "Đoàn Hàn Quốc tới Bắc Ninh hôm qua ."),
    ("tin-3", "Tin ngắn", "Tin ngắn không có thực thể nào ."),
    ("tin-4", "Chưa gán", "Bài này chưa ai gán nhãn ."),
]


def key(text: str, needle: str, label: str) -> tuple[int, int, str]:
    i = text.index(needle)
    return i, i + len(needle), label


def annotate(project: Project, uid: str, who: str | None, spans: list[tuple[str, str]],
             relations: list[tuple[int, int, str]], status: Status, seconds: float,
             source: Source = Source.MANUAL) -> None:
    doc = project.documents.by_uid(uid)
    assert doc is not None
    annotator = project.annotator(who) if who else None
    session = project.open_annotation(doc.id, annotator, SetKind.ANNOTATION if who else SetKind.GOLD)
    keys = [key(doc.text, needle, label) for needle, label in spans]
    for k in keys:
        session.apply(AddSpan(Span(*k, source=source)))
    for h, t, label in relations:
        session.apply(AddRelation(Relation(keys[h], keys[t], label)))
    session.set_status(status, add_seconds=seconds)


def snapshot(project: Project) -> dict:
    docs = {i: project.document(i) for i in project.documents.ids()}
    sets = {}
    for s in project.sets.all():
        doc = docs[s.document_id]
        sets[(doc.uid, s.annotator, s.kind.value)] = {
            "spans": sorted(sp.key for sp in s.spans),
            "relations": sorted(r.key for r in s.relations),
            "status": s.status.value,
            "seconds": s.seconds,
        }
    return {"documents": sorted((d.uid, d.title, d.text) for d in docs.values()), "sets": sets}


@pytest.fixture
def source(empty_project: Project) -> Project:
    p = empty_project
    p.importer.import_documents(IncomingDocument(text=text, uid=uid, title=title) for uid, title, text in DOCS)
    an = [("Nguyễn Văn An", "PER_VN"), ("Chủ tịch UBND tỉnh Bắc Ninh", "TITLE"), ("UBND tỉnh Bắc Ninh", "ORG_VN"),
          ("Bắc Ninh", "LOC_VN"), ("Park Ji - ho", "PER_KR"), ("Bản ghi nhớ", "AGREEMENT")]
    annotate(p, "tin-1", "lan", an, [(0, 1, "HAS_TITLE"), (4, 0, "MEETS"), (1, 2, "TITLE_OF"), (0, 5, "SIGNS")],
             Status.DONE, 12.5)
    annotate(p, "tin-1", "minh", [*an[:2], ("Park Ji - ho", "PER_KR")], [(0, 1, "HAS_TITLE")], Status.IN_PROGRESS, 3.25)
    annotate(p, "tin-2", "minh", [("Hàn Quốc", "LOC_KR")], [], Status.SKIPPED, 1.0)
    annotate(p, "tin-2", None, [("Hàn Quốc", "LOC_KR"), ("Bắc Ninh", "LOC_VN")], [(0, 1, "COOPERATES_WITH")],
             Status.DONE, 40.0)
    annotate(p, "tin-3", "lan", [], [], Status.DONE, 2.0)  # finished, nothing to label: a negative example
    # a model's suggestions (Label Studio writes them as predictions)
    annotate(p, "tin-2", "model:v1", [("Bắc Ninh", "LOC_VN")], [], Status.IN_PROGRESS, 0.0, Source.MODEL)
    return p


@pytest.mark.parametrize("fmt", ["prodigy", "doccano", "labelstudio"])
def test_export_then_import_is_the_identity(source: Project, tmp_path: Path, fmt: str) -> None:
    before = snapshot(source)
    assert {k: (v["status"], v["seconds"]) for k, v in before["sets"].items()} == {
        ("tin-1", "lan", "annotation"): ("done", 12.5),
        ("tin-1", "minh", "annotation"): ("in_progress", 3.25),
        ("tin-2", "minh", "annotation"): ("skipped", 1.0),
        ("tin-2", None, "gold"): ("done", 40.0),
        ("tin-3", "lan", "annotation"): ("done", 2.0),
        ("tin-2", "model:v1", "annotation"): ("in_progress", 0.0),
    }
    out = export_files(source, tmp_path / f"out-{fmt}", fmt)
    assert out["documents"] == len(DOCS)
    fresh = Project.open(str(tmp_path / "fresh.sqlite3"), initialize="schema")
    try:
        report = fresh.importer.import_files([Path(out["path"])], fmt)
        after = snapshot(fresh)
        assert after["documents"] == before["documents"]
        assert after["sets"] == before["sets"]
        assert report.documents == len(DOCS)
        if fmt == "labelstudio":  # predictions come back as a model's spans
            (model,) = [st for st in fresh.sets.all() if st.annotator == "model:v1"]
            assert {sp.source for sp in model.spans} == {Source.MODEL}
        # a second export of the imported project writes the same annotations
        again = export_files(fresh, tmp_path / f"again-{fmt}", fmt)
        assert (again["spans"], again["relations"]) == (out["spans"], out["relations"])
    finally:
        fresh.close()
