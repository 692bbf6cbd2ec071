"""Label Studio layouts met in real projects, read on their own (no database).

Each input is small and invented: older `completions` exports, JSON-MIN rows, labels given as a
string, duplicate region ids, choice-only and cancelled annotations, bad shapes, empty files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.document import SetKind, Status
from annotator.core.errors import InputError
from annotator.formats.registry import ReadContext, get_format

TEXT = "Ông Nguyễn Văn An gặp đoàn Hàn Quốc tại Bắc Ninh."
AN = (4, 17)  # Nguyễn Văn An
HQ = (27, 35)  # Hàn Quốc
BN = (40, 48)  # Bắc Ninh


def region(rid: str, span: tuple[int, int], label: str, **value) -> dict:
    v = {"start": span[0], "end": span[1], "text": TEXT[span[0] : span[1]], "labels": [label], **value}
    return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels", "value": v}


def relation(a: str, b: str, label: str = "MEETS") -> dict:
    return {"from_id": a, "to_id": b, "type": "relation", "direction": "right", "labels": [label]}


def write(tmp_path: Path, data, name: str = "t.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def read(path: Path, ctx: ReadContext | None = None):
    ctx = ctx or ReadContext()
    return list(get_format("labelstudio").read(path, ctx)), ctx


def notes(ctx: ReadContext) -> str:
    return "\n".join(ctx.notes.lines())


def test_assumptions() -> None:
    assert TEXT[slice(*AN)] == "Nguyễn Văn An" and TEXT[slice(*HQ)] == "Hàn Quốc" and TEXT[slice(*BN)] == "Bắc Ninh"


def test_completions_of_label_studio_before_1_0_are_read(tmp_path: Path) -> None:
    task = {"id": 3, "data": {"text": TEXT, "nguon": "báo B"}, "meta": {"batch": 2},
            "completions": [{"id": 1001, "lead_time": 15.5, "completed_by": {"email": "lan@example.org"},
                             "result": [region("a", AN, "PER_VN"), region("b", HQ, "LOC_KR"), relation("a", "b")]}]}
    (doc,), ctx = read(write(tmp_path, [task]))
    (st,) = doc.sets
    assert st.annotator == "lan@example.org" and st.status is Status.DONE and st.seconds == 15.5
    assert sorted(sp.key for sp in st.spans) == [(*AN, "PER_VN"), (*HQ, "LOC_KR")]
    assert [r.key for r in st.relations] == [((*AN, "PER_VN"), (*HQ, "LOC_KR"), "MEETS")]
    assert "1 task(s) with Label Studio < 1.0 completions: read as annotations" in notes(ctx)
    assert doc.meta == {"nguon": "báo B", "labelstudio_id": 3, "labelstudio_meta": {"batch": 2}}
    assert not ctx.problems


def test_completions_beside_annotations_are_noted(tmp_path: Path) -> None:
    task = {"data": {"text": TEXT}, "annotations": [{"result": [region("a", AN, "PER_VN")]}],
            "completions": [{"result": [region("a", BN, "LOC_VN")]}]}
    (doc,), ctx = read(write(tmp_path, [task]))
    assert [sp.key for st in doc.sets for sp in st.spans] == [(*AN, "PER_VN")]
    assert "completions not read" in notes(ctx)


def test_labels_given_as_a_string_are_refused(tmp_path: Path) -> None:
    bad = region("a", AN, "PER_VN")
    bad["value"]["labels"] = "PER_VN"
    path = write(tmp_path, [{"id": 3, "data": {"text": TEXT}, "annotations": [{"id": 8, "result": [bad]}]}])
    with pytest.raises(InputError, match=r"t\.json: task 3 annotation 8: value\.labels is a string \('PER_VN'\), "
                                         r"not a list of labels"):
        read(path)


def test_json_min_rows_are_read(tmp_path: Path) -> None:
    rows = [
        {"text": TEXT, "id": 4, "source": "báo A", "annotator": 2, "annotation_id": 9, "lead_time": 7.5,
         "label": [{"start": AN[0], "end": AN[1], "text": "Nguyễn Văn An", "labels": ["PER_VN"]},
                   {"start": BN[0], "end": BN[1], "text": "Bắc Ninh", "labels": ["LOC_VN", "GPE"]}],
         "sentiment": "Positive", "created_at": "2024-01-01T00:00:00Z"},
        {"text": TEXT, "id": 4, "source": "báo A", "annotator": "minh@example.org", "annotation_id": 10,
         "sentiment": "Negative"},
    ]
    docs, ctx = read(write(tmp_path, rows))
    assert [d.text for d in docs] == [TEXT, TEXT]
    (st,) = docs[0].sets
    assert st.annotator == "labelstudio-user-2" and st.seconds == 7.5 and st.status is Status.DONE
    assert sorted(sp.key for sp in st.spans) == [(*AN, "PER_VN"), (*BN, "GPE"), (*BN, "LOC_VN")]
    assert docs[1].sets == []  # a row without spans is no "done, no entities" set
    assert docs[0].meta == {"source": "báo A", "sentiment": "Positive", "labelstudio_id": 4}
    text = notes(ctx)
    assert "2 Label Studio JSON-MIN row(s) read (JSON-MIN carries no relations" in text
    assert "1 JSON-MIN row(s) without labelled spans" in text


def test_json_min_without_text_is_refused_by_name(tmp_path: Path) -> None:
    path = write(tmp_path, [{"content": TEXT, "id": 1, "annotator": 1, "label": []}])
    with pytest.raises(InputError, match=r"t\.json: task 1: a task must be an object with data\.text \(or a JSON-MIN "
                                         r"row with text\)"):
        read(path)


def test_duplicate_region_id_is_refused(tmp_path: Path) -> None:
    result = [region("a", AN, "PER_VN"), region("a", BN, "LOC_VN"), relation("a", "a")]
    path = write(tmp_path, [{"id": 2, "data": {"text": TEXT}, "annotations": [{"id": 5, "result": result}]}])
    with pytest.raises(InputError, match=r"t\.json: task 2 annotation 5: duplicate id 'a' \(regions 4-17 and 40-48\)"):
        read(path)


def test_one_region_labelled_by_two_controls_keeps_its_id(tmp_path: Path) -> None:
    second = region("a", AN, "TITLE")
    second["from_name"] = "role"
    result = [region("a", AN, "PER_VN"), second, region("b", HQ, "LOC_KR"), relation("a", "b")]
    (doc,), ctx = read(write(tmp_path, [{"data": {"text": TEXT}, "annotations": [{"result": result}]}]))
    (st,) = doc.sets
    assert sorted(sp.key for sp in st.spans) == [(*AN, "PER_VN"), (*AN, "TITLE"), (*HQ, "LOC_KR")]
    assert len(st.relations) == 1 and not ctx.problems


def test_choice_only_annotation_is_no_set_but_an_empty_one_is(tmp_path: Path) -> None:
    choice = {"id": "c", "from_name": "sentiment", "to_name": "text", "type": "choices",
              "value": {"choices": ["Positive"]}}
    task = {"data": {"text": TEXT}, "annotations": [
        {"completed_by": 1, "result": [choice]},
        {"completed_by": 2, "result": []},
        {"completed_by": 3, "result": [choice, region("a", AN, "PER_VN")]},
    ]}
    (doc,), ctx = read(write(tmp_path, [task]))
    assert [(st.annotator, len(st.spans), st.status) for st in doc.sets] == [
        ("labelstudio-user-2", 0, Status.DONE), ("labelstudio-user-3", 1, Status.DONE)]
    text = notes(ctx)
    assert "1 annotation(s) with only choices or other non-span results: not imported as a set" in text
    assert "2 result(s) of type 'choices' not imported" in text


def test_cancelled_annotation_is_a_skipped_set(tmp_path: Path) -> None:
    task = {"data": {"text": TEXT}, "annotations": [
        {"completed_by": 1, "was_cancelled": True, "lead_time": 2, "result": []},
        {"completed_by": 2, "skipped": True, "result": [region("a", AN, "PER_VN")]},
    ], "drafts": [{"result": [region("d", HQ, "LOC_KR")], "user": "an@example.org"}]}
    (doc,), ctx = read(write(tmp_path, [task]))
    assert [(st.annotator, st.status, st.seconds, len(st.spans)) for st in doc.sets] == [
        ("labelstudio-user-1", Status.SKIPPED, 2.0, 0), ("labelstudio-user-2", Status.SKIPPED, None, 1)]
    text = notes(ctx)
    assert "2 cancelled annotation(s) (was_cancelled): imported with status skipped" in text
    assert "1 task(s) with drafts (not submitted in Label Studio): drafts not imported" in text


def test_status_and_gold(tmp_path: Path) -> None:
    task = {"data": {"text": TEXT}, "annotations": [
        {"completed_by": {"username": "lan"}, "annotation_status": "in_progress", "lead_time": 3.25,
         "result": [region("a", AN, "PER_VN")]},
        {"completed_by": None, "ground_truth": True, "result": [region("a", AN, "PER_VN")]},
    ]}
    (doc,), _ = read(write(tmp_path, [task]))
    assert [(st.annotator, st.kind, st.status, st.seconds) for st in doc.sets] == [
        ("lan", SetKind.ANNOTATION, Status.IN_PROGRESS, 3.25), (None, SetKind.GOLD, Status.DONE, None)]
    task["annotations"][0]["annotation_status"] = "finished"
    with pytest.raises(InputError, match=r"annotation_status must be one of todo, in_progress, done, skipped"):
        read(write(tmp_path, [task]))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t["annotations"][0]["result"][0]["value"].update(text=17),
         r"t\.json: task 6 annotation 1: value\.text must be a string \(got 17\)"),
        (lambda t: t["annotations"][0]["result"].append(["a", "b"]),
         r"t\.json: task 6 annotation 1: a result must be an object \(got a list\)"),
        (lambda t: t["annotations"][0].update(result={"a": 1}),
         r"t\.json: task 6 annotation 1: 'result' must be a list \(got dict\)"),
        (lambda t: t["annotations"].append("x"), r"t\.json: task 6: an annotation must be an object \(got a string\)"),
        (lambda t: t["annotations"][0]["result"][0].update(value=[1, 2]),
         r"t\.json: task 6 annotation 1: the value of a region must be an object \(got a list\)"),
        (lambda t: t["annotations"][0].update(lead_time="12s"),
         r"t\.json: task 6 annotation 1: lead_time must be a number of seconds ≥ 0 \(got '12s'\)"),
        (lambda t: t.update(data={"text": 5}), r"t\.json: task 6: data\.text must be a string \(got 5\)"),
        (lambda t: t.update(data=[TEXT]), r"t\.json: task 6: data must be an object \(got a list\)"),
        (lambda t: t["annotations"][0]["result"][1].update(labels="MEETS"),
         r"t\.json: task 6 annotation 1: relation labels is a string"),
    ],
)
def test_bad_shapes_are_one_line_errors(tmp_path: Path, change, message: str) -> None:
    task = {"id": 6, "data": {"text": TEXT},
            "annotations": [{"id": 1, "result": [region("a", AN, "PER_VN"), relation("a", "a")]}]}
    change(task)
    with pytest.raises(InputError, match=message):
        read(write(tmp_path, [task]))


def test_empty_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"t\.json: no documents \(an empty list of tasks\)"):
        read(write(tmp_path, []))
    (tmp_path / "e.json").write_text("\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"e\.json: no documents \(the file is empty\)"):
        read(tmp_path / "e.json")
    with pytest.raises(InputError, match=r"t\.json: not a Label Studio export: expected a list of tasks \(got str\)"):
        read(write(tmp_path, "tasks"))


def test_every_problem_is_listed_and_reading_goes_on(tmp_path: Path) -> None:
    mismatch = region("m", BN, "LOC_VN")
    mismatch["value"]["text"] = "Hà Nội"
    strings = region("s", HQ, "LOC_KR")
    strings["value"]["start"] = "27"
    tasks = [
        {"id": 1, "data": {"text": TEXT}, "annotations": [{"result": [
            region("a", AN, "PER_VN"), mismatch, relation("a", "m"), relation("a", "zz")]}]},
        {"id": 2, "data": {"text": TEXT}, "annotations": [{"result": [strings, region("b", (3, 4), "PER_VN")]}]},
    ]
    docs, ctx = read(write(tmp_path, tasks))
    assert len(docs) == 2
    kinds = sorted(p.kind for p in ctx.problems)
    assert kinds == ["non-integer offsets", "relation argument missing", "relation on a span not imported",
                     "span of whitespace only", "span text differs from the document text"]
    assert all(p.file.endswith("t.json") for p in ctx.problems)
    by_kind = {p.kind: p for p in ctx.problems}
    assert str(by_kind["relation argument missing"]) == (
        f"{tmp_path / 't.json'}: document task 1: relation MEETS: to_id 'zz' is not a labelled region of this annotation")
    assert by_kind["relation on a span not imported"].what == "relation"
    assert [sp.key for sp in docs[0].sets[0].spans] == [(*AN, "PER_VN")]


def test_outer_whitespace_is_trimmed_and_noted(tmp_path: Path) -> None:
    wide = (AN[0] - 1, AN[1] + 1)
    res = {"id": "a", "type": "labels", "value": {"start": wide[0], "end": wide[1], "text": TEXT[wide[0]:wide[1]],
                                                   "labels": ["PER_VN"]}}
    (doc,), ctx = read(write(tmp_path, [{"data": {"text": TEXT}, "annotations": [{"result": [res]}]}]))
    assert [sp.key for sp in doc.sets[0].spans] == [(*AN, "PER_VN")]
    assert "1 span(s) with whitespace at an edge: trimmed" in notes(ctx) and not ctx.problems


def test_a_result_type_that_is_not_a_name_is_noted(tmp_path: Path) -> None:
    odd = region("a", AN, "PER_VN")
    odd["type"] = ["labels"]
    (doc,), ctx = read(write(tmp_path, [{"data": {"text": TEXT}, "annotations": [{"result": [odd, region("b", HQ, "LOC_KR")]}]}]))
    assert [sp.key for sp in doc.sets[0].spans] == [(*HQ, "LOC_KR")]
    assert "1 result(s) of type ['labels'] not imported" in notes(ctx)


def test_a_task_without_data_text_names_its_fields(tmp_path: Path) -> None:
    path = write(tmp_path, [{"id": 1, "data": {"content": TEXT, "source": "x"}, "annotations": []}])
    with pytest.raises(InputError, match=r"t\.json: task 1: no data\.text \(this reader takes the document from a field "
                                         r"named text; the task has content, source\)"):
        read(path)
