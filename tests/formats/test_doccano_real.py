"""doccano layouts met in real projects, read on their own (no database).

Each input is small and invented: doccano 1.x `annotations` with numeric label ids and users,
duplicate entity ids, relations on missing or refused entities, status fields, bad shapes, empty files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.document import SetKind, Status
from annotator.core.errors import InputError
from annotator.formats.registry import ReadContext, get_format

TEXT = "Ông Nguyễn Văn An gặp đoàn Hàn Quốc tại Bắc Ninh."
AN = (4, 17)
HQ = (27, 35)
BN = (40, 48)
IDS = {"3": "PER_VN", "4": "LOC_KR", "5": "LOC_VN", "9": "MEETS"}


def write(tmp_path: Path, *lines, name: str = "d.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    return path


def read(path: Path, label_ids: dict[str, str] | None = None, annotator: str | None = None):
    ctx = ReadContext(annotator=annotator, label_ids=dict(label_ids or {}))
    return list(get_format("doccano").read(path, ctx)), ctx


def notes(ctx: ReadContext) -> str:
    return "\n".join(ctx.notes.lines())


def entity(eid: int, span: tuple[int, int], label) -> dict:
    return {"id": eid, "label": label, "start_offset": span[0], "end_offset": span[1]}


def test_annotations_with_numeric_label_ids_ask_for_the_label_list(tmp_path: Path) -> None:
    line = {"id": 1, "text": TEXT, "annotations": [
        {"id": 11, "label": 3, "start_offset": AN[0], "end_offset": AN[1], "user": 1, "prob": 0.0},
        {"id": 12, "label": 5, "start_offset": BN[0], "end_offset": BN[1], "user": 1},
        {"id": 13, "label": 4, "start_offset": HQ[0], "end_offset": HQ[1], "user": 2},
        {"id": 14, "label": 7, "user": 2},  # a document label (text classification)
    ], "meta": {}, "annotation_approver": None}
    path = write(tmp_path, {"id": 0, "text": "Tin khác.", "annotations": []}, line)
    with pytest.raises(InputError, match=r'd\.jsonl:2: label 3 is a numeric label id, and this file does not name its '
                                         r'labels: pass --label-ids FILE with the project\'s label list \(doccano\'s '
                                         r'label export, e\.g\. \[\{"id": 3, "text": "PER"\}'):
        read(path)
    docs, ctx = read(path, IDS)
    assert docs[0].sets == []
    assert [(st.annotator, sorted(sp.key for sp in st.spans), st.status) for st in docs[1].sets] == [
        ("doccano-user-1", [(*AN, "PER_VN"), (*BN, "LOC_VN")], Status.DONE),
        ("doccano-user-2", [(*HQ, "LOC_KR")], Status.DONE)]
    assert docs[1].sets[0].lines == {(*AN, "PER_VN"): 2, (*BN, "LOC_VN"): 2}
    assert docs[1].meta == {"annotation_approver": None, "doccano_id": 1}
    assert "1 document label(s) (text classification) not imported" in notes(ctx)
    with pytest.raises(InputError, match=r"d\.jsonl:2: label id 3 is not in the --label-ids file"):
        read(path, {"5": "LOC_VN"})


def test_numeric_ids_in_entities_and_relation_types(tmp_path: Path) -> None:
    line = {"text": TEXT, "entities": [entity(1, AN, 3), entity(2, HQ, 4)],
            "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": 9}]}
    (doc,), _ = read(write(tmp_path, line), IDS, annotator="lan")
    (st,) = doc.sets
    assert st.annotator == "lan"
    assert [r.key for r in st.relations] == [((*AN, "PER_VN"), (*HQ, "LOC_KR"), "MEETS")]


def test_intent_detection_layout(tmp_path: Path) -> None:
    line = {"text": TEXT, "entities": [[AN[0], AN[1], "PER_VN"], [BN[0], BN[1], "LOC_VN"]], "cats": ["gặp gỡ"]}
    (doc,), _ = read(write(tmp_path, line), annotator="lan")
    assert sorted(sp.key for sp in doc.sets[0].spans) == [(*AN, "PER_VN"), (*BN, "LOC_VN")]
    assert doc.meta == {"cats": ["gặp gỡ"]}


def test_duplicate_entity_id_is_refused(tmp_path: Path) -> None:
    line = {"text": TEXT, "entities": [entity(7, AN, "PER_VN"), entity(7, BN, "LOC_VN")],
            "relations": [{"id": 1, "from_id": 7, "to_id": 7, "type": "MEETS"}]}
    with pytest.raises(InputError, match=r"d\.jsonl:2: duplicate id 7 \(two entities of document "):
        read(write(tmp_path, {"text": "Tin khác."}, line))


def test_relation_problems_are_listed_and_reading_goes_on(tmp_path: Path) -> None:
    lines = [
        {"id": 1, "text": TEXT, "entities": [entity(1, AN, "PER_VN"), entity(2, (3, 4), "PER_VN"),
                                             entity(3, HQ, "LOC_KR")],
         "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": "MEETS"},
                       {"id": 2, "from_id": 1, "to_id": 99, "type": "MEETS"},
                       {"id": 3, "from_id": 1, "to_id": 3},
                       {"id": 4, "from_id": 1, "to_id": 3, "type": "MEETS"}]},
        {"id": 2, "text": TEXT, "label": [[BN[0], BN[1] + 5, "LOC_VN"], [AN[0], "17", "PER_VN"]]},
    ]
    docs, ctx = read(write(tmp_path, *lines), annotator="an")
    assert sorted((p.kind, p.line) for p in ctx.problems) == [
        ("non-integer offsets", 2), ("offsets out of range", 2), ("relation argument missing", 1),
        ("relation on a span not imported", 1), ("relation without a type", 1), ("span of whitespace only", 1)]
    (st,) = docs[0].sets
    assert [r.key for r in st.relations] == [((*AN, "PER_VN"), (*HQ, "LOC_KR"), "MEETS")]
    missing = next(p for p in ctx.problems if p.kind == "relation argument missing")
    assert str(missing) == f"{tmp_path / 'd.jsonl'}:1: document doccano id 1: relation MEETS 2: to_id 99 is not an entity of this line"
    assert docs[1].sets == []  # every span refused: no empty "done" set


def test_outer_whitespace_trimmed_and_noted(tmp_path: Path) -> None:
    (doc,), ctx = read(write(tmp_path, {"text": TEXT, "label": [[AN[0] - 1, AN[1] + 1, "PER_VN"]]}))
    assert [sp.key for sp in doc.sets[0].spans] == [(*AN, "PER_VN")]
    assert "1 span(s) with whitespace at an edge: trimmed" in notes(ctx) and not ctx.problems


def test_status_seconds_annotator_and_gold_fields(tmp_path: Path) -> None:
    lines = [
        {"text": TEXT, "entities": [entity(1, AN, "PER_VN")], "annotator": "lan", "annotation_status": "in_progress",
         "annotation_seconds": 41.5},
        {"text": TEXT, "entities": [], "annotator": "minh", "annotation_status": "done", "annotation_seconds": 3},
        {"text": TEXT, "entities": [entity(2, AN, "PER_VN")], "gold": True, "annotation_status": "done"},
        {"text": TEXT, "entities": [], "status": "published"},
    ]
    docs, _ = read(write(tmp_path, *lines))
    assert [[(st.annotator, st.kind, st.status, st.seconds, len(st.spans)) for st in d.sets] for d in docs] == [
        [("lan", SetKind.ANNOTATION, Status.IN_PROGRESS, 41.5, 1)],
        [("minh", SetKind.ANNOTATION, Status.DONE, 3.0, 0)],  # a finished set without entities stays one
        [(None, SetKind.GOLD, Status.DONE, None, 1)],
        [],
    ]
    assert docs[3].meta == {"status": "published"}
    with pytest.raises(InputError, match=r"d\.jsonl:1: document .*: annotation_status must be one of"):
        read(write(tmp_path, {"text": TEXT, "annotation_status": "ok"}))
    with pytest.raises(InputError, match=r"d\.jsonl:1: document .*: annotation_seconds must be a number of seconds"):
        read(write(tmp_path, {"text": TEXT, "annotation_seconds": -1}))


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ({"text": TEXT, "entities": {"id": 1}}, r"d\.jsonl:1: document .*: 'entities' must be a list \(got dict\)"),
        ({"text": TEXT, "entities": [[1, 2]]},
         r"d\.jsonl:1: document .*: an entity \(an object, or \[start, end, label\]\) must be an object \(got a list\)"),
        ({"text": TEXT, "label": [[1, 2]]}, r"d\.jsonl:1: document .*: a label item must be \[start, end, label\]"),
        ({"text": TEXT, "label": 5}, r"d\.jsonl:1: document .*: 'label' must be a list \(got 5\)"),
        ({"text": TEXT, "relations": ["x"]}, r"d\.jsonl:1: document .*: a relation must be an object"),
        ({"text": 12}, r"d\.jsonl:1: no \"text\" \(or \"data\"\) string in this line"),
        ([TEXT], r"d\.jsonl:1: a line must be a JSON object"),
        ({"text": TEXT, "entities": [{"id": [1], "label": "PER_VN", "start_offset": 4, "end_offset": 17}]},
         r"d\.jsonl:1: document .*: an entity id must be a number or a string"),
    ],
)
def test_bad_shapes_are_one_line_errors(tmp_path: Path, line, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read(write(tmp_path, line))


def test_empty_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "e.jsonl").write_text("", encoding="utf-8")
    with pytest.raises(InputError, match=r"e\.jsonl: no documents"):
        read(tmp_path / "e.jsonl")
    (tmp_path / "e.jsonl").write_text("\n  \n", encoding="utf-8")
    with pytest.raises(InputError, match=r"e\.jsonl: no documents"):
        read(tmp_path / "e.jsonl")


def test_a_pretty_printed_json_list_is_read_as_lines(tmp_path: Path) -> None:
    items = [{"text": TEXT, "entities": [entity(1, AN, "PER_VN"), entity(2, HQ, "LOC_KR")],
              "relations": [{"from_id": 1, "to_id": 2, "type": "MEETS"}]},
             {"text": "Tin khác.", "label": []}]
    path = tmp_path / "pretty.jsonl"
    path.write_text(json.dumps(items, ensure_ascii=False, indent=4), encoding="utf-8")
    docs, ctx = read(path, annotator="lan")
    assert [d.text for d in docs] == [TEXT, "Tin khác."] and docs[0].origin == str(path)
    assert len(docs[0].sets[0].relations) == 1 and docs[0].sets[0].lines == {}
    assert "1 file(s) holding one JSON value over several lines, not JSON Lines: read as a list of lines" in notes(ctx)
    path.write_text("{\n  \"text\": \"a\",\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"pretty\.jsonl:1: not JSON"):
        read(path)
