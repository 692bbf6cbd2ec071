"""The spaCy export read back with spaCy: ents, span groups, relations, split, shards, report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.tokens import Doc, DocBin
from sqlalchemy import insert, select

from annotator.core.commands import AddRelation, AddSpan
from annotator.core.document import Relation, SetKind, Span
from annotator.nlp.tokenizer import blank_vi
from annotator.services.export import ExportError, export_spacy, parse_source, split_documents
from annotator.storage.orm import AnnotationSetRow, SpanRow

TITLE = "Phó Chủ tịch Thường trực UBND tỉnh Bình Thuận"


def _span(text: str, needle: str, label: str, after: int = 0) -> Span:
    i = text.index(needle, after)
    return Span(i, i + len(needle), label)


def annotate_first(project, annotator="lan", kind=SetKind.ANNOTATION):
    """Nested spans and relations on the first bundled article, made through the services API."""
    doc = project.document(project.documents.ids()[0])
    who = None if kind is SetKind.GOLD else project.annotator(annotator)
    sess = project.open_annotation(doc.id, who, kind)
    t = doc.text
    per = _span(t, "Phan Văn Đăng", "PER_VN")
    title = _span(t, TITLE, "TITLE")
    org = _span(t, "UBND tỉnh Bình Thuận", "ORG_VN", title.start)
    loc = _span(t, "Bình Thuận", "LOC_VN", org.start)
    date = _span(t, "19/8", "DATE")
    comma_loc = _span(t, "Bình Thuận", "LOC_VN")  # "UBND Tỉnh Bình Thuận," — entity followed by a comma
    for sp in (per, title, org, loc, date, comma_loc):
        sess.apply(AddSpan(sp))
    sess.apply(AddRelation(Relation(per.key, title.key, "HAS_TITLE")))
    sess.apply(AddRelation(Relation(title.key, org.key, "TITLE_OF")))
    return doc, (per, title, org, loc, date, comma_loc)


def read_docs(path: str) -> list[Doc]:
    nlp = blank_vi()
    p = Path(path)
    files = sorted(p.glob("*.spacy")) if p.is_dir() else [p]
    return [d for f in files for d in DocBin().from_disk(f).get_docs(nlp.vocab)]


def test_export_layers_relations_and_report(project, tmp_path: Path) -> None:
    doc, (per, title, org, loc, date, comma_loc) = annotate_first(project)
    report = export_spacy(project, tmp_path / "out", source=parse_source("annotator:lan"), dev_fraction=0.0)
    assert report["documents"] == 1 and report["spans"] == 6 and report["misaligned"] == []
    # outermost: TITLE contains ORG contains LOC -> only TITLE in doc.ents
    assert report["ents"] == 4 and report["spans_only_in_group"] == 2 and report["relations"] == 2
    on_disk = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert on_disk["spans"] == 6
    (d,) = read_docs(report["files"]["train"])
    assert d.text == doc.text
    assert sorted((e.start_char, e.end_char, e.label_) for e in d.ents) == sorted(
        s.key for s in (per, title, date, comma_loc)
    )
    assert sorted((s.start_char, s.end_char, s.label_) for s in d.spans["sc"]) == sorted(
        s.key for s in (per, title, org, loc, date, comma_loc)
    )
    rel = d.user_data[("._.", "rel", None, None)]
    head_tok = d.char_span(per.start, per.end).start
    title_tok = d.char_span(title.start, title.end).start
    org_tok = d.char_span(org.start, org.end).start
    assert rel[(head_tok, title_tok)]["HAS_TITLE"] == 1.0
    assert rel[(head_tok, title_tok)]["MEMBER_OF"] == 0.0
    assert set(rel[(head_tok, title_tok)]) == {r.name for r in project.schema.relations}
    assert rel[(title_tok, org_tok)]["TITLE_OF"] == 1.0
    assert len(rel) == 2
    assert read_docs(report["files"]["dev"]) == []


def test_gold_with_fallback_annotator(project, tmp_path: Path) -> None:
    annotate_first(project, kind=SetKind.GOLD)
    second = project.document(project.documents.ids()[1])
    sess = project.open_annotation(second.id, project.annotator("minh"))
    sess.apply(AddSpan(_span(second.text, second.text.split()[0], "DATE")))
    gold_only = export_spacy(project, tmp_path / "g", source=parse_source("gold"), dev_fraction=0.0)
    assert gold_only["documents"] == 1 and gold_only["spans"] == 6
    with_fallback = export_spacy(project, tmp_path / "f", source=parse_source("gold", "minh"), dev_fraction=0.0)
    assert with_fallback["documents"] == 2 and with_fallback["spans"] == 7
    with pytest.raises(ExportError, match="no annotator named 'nobody'"):
        export_spacy(project, tmp_path / "x", source=parse_source("gold", "nobody"))


def test_misaligned_span_is_listed_not_dropped(project, tmp_path: Path) -> None:
    doc, spans = annotate_first(project)
    # a span that the tool would refuse, as imported data from elsewhere might hold: half a syllable
    with project.db.write() as s:
        set_id = s.scalar(select(AnnotationSetRow.id))
        s.execute(insert(SpanRow), [{"set_id": set_id, "start": spans[0].start + 1, "end": spans[0].end, "label": "PER_VN"}])
        s.execute(AnnotationSetRow.__table__.update().values(span_count=7))
    report = export_spacy(project, tmp_path / "out", source=parse_source("annotator:lan"), dev_fraction=0.0)
    assert report["spans"] == 7 and report["spans_exported"] == 6
    assert report["misaligned"] == [
        {"document": doc.uid, "annotator": None, "start": spans[0].start + 1, "end": spans[0].end, "label": "PER_VN",
         "text": doc.text[spans[0].start + 1 : spans[0].end]}
    ]


def test_split_is_deterministic_and_by_document() -> None:
    ids = list(range(1, 101))
    a = split_documents(ids, 0.2, seed=3)
    assert a == split_documents(list(reversed(ids)), 0.2, seed=3)
    assert len(a[1]) == 20 and not set(a[0]) & set(a[1]) and set(a[0]) | set(a[1]) == set(ids)
    assert split_documents(ids, 0.2, seed=4) != a
    assert split_documents([1, 2], 0.01, seed=0)[1] != []  # a dev fraction > 0 keeps one dev document
    with pytest.raises(ExportError):
        split_documents(ids, 1.0, seed=0)


def test_all_sets_and_shards(project, tmp_path: Path, monkeypatch) -> None:
    import annotator.services.export as svc

    annotate_first(project, "lan")
    annotate_first(project, "minh")
    for d in project.documents.ids()[1:]:
        doc = project.document(d)
        sess = project.open_annotation(d, project.annotator("lan"))
        sess.apply(AddSpan(_span(doc.text, doc.text.split()[0], "DATE")))
    monkeypatch.setattr(svc, "SHARD_ABOVE_DOCS", 2)
    report = export_spacy(project, tmp_path / "out", source=parse_source("all"), dev_fraction=0.4, seed=1)
    assert report["documents"] == 6 and report["train_documents"] + report["dev_documents"] == 6
    train = Path(report["files"]["train"])
    assert train.is_dir() and list(train.glob("*.spacy"))
    docs = read_docs(str(train)) + read_docs(report["files"]["dev"])
    assert sorted(d.user_data["annotator"] for d in docs) == ["lan"] * 5 + ["minh"]
    assert sum(len(d.spans["sc"]) for d in docs) == report["spans"] == 6 + 6 + 4
    # re-export with the same seed gives the same split
    again = export_spacy(project, tmp_path / "out", source=parse_source("all"), dev_fraction=0.4, seed=1)
    assert [d.user_data["doc_id"] for d in read_docs(again["files"]["dev"])] == [
        d.user_data["doc_id"] for d in read_docs(report["files"]["dev"])
    ]


def test_bad_source_and_pipeline(project, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="--source"):
        parse_source("everything")
    with pytest.raises(ExportError, match="--pipeline"):
        export_spacy(project, tmp_path, pipeline="textcat")


def test_awkward_imported_text_exports_every_span(empty_project, tmp_path: Path) -> None:
    """NFD + CRLF + BOM + emoji + double spaces and a tab; entities before , and . ; a span at the very end."""
    import unicodedata

    clean = "Tin vui 🎉 Đại sứ Park Noh-wan  gặp\tông Nguyễn Văn An, Chủ tịch UBND tỉnh Bắc Ninh.\nHai bên ký Bản ghi nhớ"
    raw = "\ufeff" + unicodedata.normalize("NFD", clean).replace("\n", "\r\n")
    needles = [("Park Noh-wan", "PER_KR"), ("Nguyễn Văn An", "PER_VN"), ("Chủ tịch UBND tỉnh Bắc Ninh", "TITLE"),
               ("UBND tỉnh Bắc Ninh", "ORG_VN"), ("Bắc Ninh", "LOC_VN"), ("Bản ghi nhớ", "AGREEMENT")]

    def raw_span(needle: str) -> list:
        n = unicodedata.normalize("NFD", needle)
        return [raw.index(n), raw.index(n) + len(n)]

    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"text": raw, "label": [[*raw_span(n), lab] for n, lab in needles]}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    empty_project.importer.import_files([path], "doccano", annotator="lan")
    report = export_spacy(empty_project, tmp_path / "out", source=parse_source("annotator:lan"), dev_fraction=0.0)
    assert report["misaligned"] == [] and report["spans_exported"] == 6 and report["ents"] == 4
    (d,) = read_docs(report["files"]["train"])
    assert d.text == clean
    got = sorted((s.text, s.label_) for s in d.spans["sc"])
    assert got == sorted(needles)
    assert any(s.end_char == len(clean) for s in d.spans["sc"])  # the span at the very end
    assert sorted(e.text for e in d.ents) == ["Bản ghi nhớ", "Chủ tịch UBND tỉnh Bắc Ninh", "Nguyễn Văn An", "Park Noh-wan"]
