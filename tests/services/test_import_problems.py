"""An import lists every problem, --skip-invalid imports the rest with a report, label names as
researchers write them, --label-map, --add-labels for relation types (issue 9, items 1 and 2).

Inputs are invented Prodigy-style JSONL lines and `IncomingDocument`s built here.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.document import IncomingDocument, IncomingSet, Span, Status
from annotator.core.errors import InputError, SchemaError
from annotator.core.schema import label_name_problem, schema_from_dict
from annotator.services.importing import ImportProblemsError, read_label_ids, read_label_map

TEXT = "Ông Kim Jong-su gặp Chủ tịch tỉnh Bắc Ninh Nguyễn Văn An tại Hà Nội."


def at(needle: str, label: str) -> dict:
    i = TEXT.index(needle)
    return {"start": i, "end": i + len(needle), "label": label}


def line(spans: list[dict], relations: list[tuple[int, int, str]] = (), text: str = TEXT) -> str:
    rels = [{"head": 0, "child": 0, "head_span": spans[h], "child_span": spans[t], "label": lab} for h, t, lab in relations]
    return json.dumps({"text": text, "spans": spans, "relations": rels, "answer": "accept"}, ensure_ascii=False)


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def counts(project) -> tuple[int, int, int]:
    st = project.stats.collect()
    return st.documents, st.spans, st.relations


def messy(tmp_path: Path) -> Path:
    """Five articles; lines 2, 3 and 5 hold one bad span each (three kinds), line 5 also a relation on it."""
    good = [at("Kim Jong-su", "PER_KR"), at("Bắc Ninh", "LOC_VN")]
    return write(tmp_path / "messy.jsonl", [
        line(good),
        line([at("Nguyễn Văn An", "PER_VN"), {"start": TEXT.index("Hà Nội") + 1, "end": TEXT.index("Hà Nội") + 4,
                                               "label": "LOC_VN"}], text=TEXT + " (2)"),  # 'à N'
        line([at("Hà Nội", "LOC_VN"), {"start": 500, "end": 510, "label": "LOC_VN"}], text=TEXT + " (3)"),
        line([at("Nguyễn Văn An", "PER_VN")], text=TEXT + " (4)"),
        line([at("Kim Jong-su", "PER_KR"), {**at("Nguyễn Văn An", "PER_VN"), "start": TEXT.index("Nguyễn") + 2}],
             [(1, 0, "MEETS")], text=TEXT + " (5)"),
    ])


def test_every_problem_listed_with_file_line_and_kind_then_nothing_stored(project, tmp_path: Path) -> None:
    path = messy(tmp_path)
    before = counts(project)
    with pytest.raises(ImportProblemsError) as info:
        project.importer.import_files([path], "prodigy")
    err = info.value
    assert counts(project) == before
    lines_named = sorted({pr.line for pr in err.problems})
    assert 3 in lines_named and 5 in lines_named
    kinds = {pr.kind for pr in err.problems}
    assert "offsets out of range" in kinds and "not on token boundaries" in kinds
    message = str(err)
    head = message.splitlines()[0]
    assert head.startswith(str(path)) and f"{len(err.problems)} problems" in head and "--skip-invalid" in head
    for pr in err.problems:  # every one is listed, each on its own line, naming file:line and document
        assert f"  {path}:{pr.line}: document " in message
        assert str(pr) in message
    # a relation on a refused span is a problem of its own kind, not a silent drop
    assert any(pr.what == "relation" for pr in err.problems)
    assert isinstance(err, InputError)  # callers that catch bad input catch this too


def test_skip_invalid_imports_the_rest_and_writes_a_report(project, tmp_path: Path) -> None:
    path = messy(tmp_path)
    before = counts(project)
    with pytest.raises(ImportProblemsError) as info:
        project.importer.import_files([path], "prodigy")
    expected = len(info.value.problems)
    out = tmp_path / "skipped.tsv"
    report = project.importer.import_files([path], "prodigy", skip_invalid=True, report_path=out)
    assert report.skipped_report == out and len(report.skipped) == expected
    docs, spans, _rels = counts(project)
    assert docs == before[0] + 5
    assert spans == before[1] + report.spans and report.spans == 2 + 1 + 1 + 1 + 1
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert len(rows) == expected
    assert {"file", "line", "document", "what", "kind", "start", "end", "label", "text", "reason"} <= set(rows[0])
    far = next(r for r in rows if r["kind"] == "offsets out of range")
    assert far["line"] == "3" and far["start"] == "500" and far["file"] == str(path)
    assert any(r["what"] == "relation" and r["label"] == "MEETS" for r in rows)


def test_skip_invalid_from_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    path = messy(tmp_path)

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "annotator", "--db", str(db), *args],
                              capture_output=True, text=True, cwd=tmp_path, timeout=120)

    bad = run("import", str(path), "--format", "prodigy")
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert "nothing was imported" in bad.stderr and f"{path}:3: document " in bad.stderr
    ok = run("import", str(path), "--format", "prodigy", "--skip-invalid")
    assert ok.returncode == 0, ok.stderr
    reports = list(tmp_path.glob("annotator-skipped-*.tsv"))
    assert len(reports) == 1 and str(reports[0].name) in ok.stdout
    assert "offsets out of range: 1" in ok.stdout
    assert run("import", str(path), "--format", "prodigy", "--report", "x.tsv").returncode == 1


@pytest.mark.parametrize("name", ["Person", "Protein", "Merge-org", "foundedAt", "Pos-Reg", "Tổ_chức", "org.gov"])
def test_label_names_researchers_use_are_names(name: str) -> None:
    assert label_name_problem(name) is None
    schema_from_dict({"name": "s", "version": "1", "language": "vi", "labels": [{"name": name}, {"name": "B"}],
                      "relations": [{"name": name, "head": [name], "tail": ["B"]}]})


@pytest.mark.parametrize("name", ["Person Name", "A|B", "x,y", "a:b", "tab\there", "", "N" * 101, "A*", "nul\x00"])
def test_names_the_formats_cannot_carry_are_refused(name: str) -> None:
    assert label_name_problem(name)
    with pytest.raises(SchemaError):
        schema_from_dict({"name": "s", "version": "1", "language": "vi", "labels": [{"name": name}]})


def test_add_labels_adds_labels_and_relation_types_any_head_and_tail(empty_project, tmp_path: Path) -> None:
    spans = [at("Kim Jong-su", "Person"), at("Bắc Ninh", "Pos-Reg"), at("Hà Nội", "Merge-org")]
    path = write(tmp_path / "r.jsonl", [line(spans, [(0, 1, "foundedAt"), (2, 0, "foundedAt"), (0, 2, "livesIn")])])
    with pytest.raises(ImportProblemsError) as info:
        empty_project.importer.import_files([path], "prodigy")
    message = str(info.value)
    assert "relation type foundedAt not in the schema: 2" in message  # once per type, with its count
    assert "label Person not in the schema: 1" in message and "--add-labels" in message
    report = empty_project.importer.import_files([path], "prodigy", add_labels=True)
    assert sorted(report.labels_added) == ["Merge-org", "Person", "Pos-Reg"]
    assert report.relation_types_added == ["foundedAt", "livesIn"]
    schema = empty_project.schema
    assert schema.relation("foundedAt").allows("Merge-org", "Person") and schema.relation("foundedAt").allows("Person", "Pos-Reg")
    assert report.relations == 3


def test_names_that_cannot_be_labels_are_problems_even_with_add_labels(empty_project, tmp_path: Path) -> None:
    path = write(tmp_path / "sp.jsonl", [line([at("Kim Jong-su", "Person Name"), at("Hà Nội", "LOC_VN")])])
    with pytest.raises(ImportProblemsError, match=r"'Person Name' cannot be a label: contains whitespace.*--label-map"):
        empty_project.importer.import_files([path], "prodigy", add_labels=True)
    assert not empty_project.schema.has_label("Person Name")
    names = read_label_map(write(tmp_path / "map.txt", ["Person Name -> PER_KR"]))
    report = empty_project.importer.import_files([path], "prodigy", add_labels=True, label_map=names)
    assert report.spans == 2 and report.labels_added == []


def test_label_map_renames_labels_and_relation_types(empty_project, tmp_path: Path) -> None:
    spans = [at("Nguyễn Văn An", "PER"), at("Chủ tịch tỉnh Bắc Ninh", "CHUC_VU")]
    path = write(tmp_path / "m.jsonl", [line(spans, [(0, 1, "has-title")])])
    mapping = write(tmp_path / "labels.map", ["# ours <- theirs", "PER\tPER_VN", "CHUC_VU → TITLE", "has-title = HAS_TITLE"])
    names = read_label_map(mapping)
    assert names == {"PER": "PER_VN", "CHUC_VU": "TITLE", "has-title": "HAS_TITLE"}
    report = empty_project.importer.import_files([path], "prodigy", label_map=names)
    assert (report.spans, report.relations) == (2, 1)
    aset = empty_project.sets.all()[0]
    assert sorted(sp.label for sp in aset.spans) == ["PER_VN", "TITLE"]
    assert [r.label for r in aset.relations] == ["HAS_TITLE"] and aset.relations[0].head[2] == "PER_VN"
    assert read_label_map(write(tmp_path / "m.json", ['{"PER": "PER_VN"}'])) == {"PER": "PER_VN"}


@pytest.mark.parametrize(("lines", "where"), [
    (["PER PER_VN", "ORG"], 2),
    (["PER PER_VN", "PER ORG_VN"], 2),
    (["A B C"], 1),
])
def test_bad_label_map_names_its_line(tmp_path: Path, lines: list[str], where: int) -> None:
    with pytest.raises(InputError) as info:
        read_label_map(write(tmp_path / "bad.map", lines))
    assert info.value.line == where and str(info.value).startswith(str(tmp_path / "bad.map"))


def test_label_ids_in_the_shapes_doccano_gives(tmp_path: Path) -> None:
    exported = write(tmp_path / "labels.json", [json.dumps([{"id": 3, "text": "PER_VN"}, {"id": 7, "text": "LOC_VN"}])])
    assert read_label_ids(exported) == {"3": "PER_VN", "7": "LOC_VN"}
    assert read_label_ids(write(tmp_path / "ids.txt", ["3 PER_VN", "7 LOC_VN"])) == {"3": "PER_VN", "7": "LOC_VN"}
    with pytest.raises(InputError, match=r"ids\.txt:1: expected 'ID NAME'"):
        read_label_ids(write(tmp_path / "ids.txt", ["3"]))


def test_exact_duplicates_in_one_set_are_merged_with_a_note(empty_project, tmp_path: Path) -> None:
    spans = [at("Nguyễn Văn An", "PER_VN"), at("Nguyễn Văn An", "PER_VN"), at("Chủ tịch tỉnh Bắc Ninh", "TITLE")]
    path = write(tmp_path / "d.jsonl", [line(spans, [(0, 2, "HAS_TITLE"), (1, 2, "HAS_TITLE")])])
    report = empty_project.importer.import_files([path], "prodigy")
    assert (report.spans, report.relations) == (2, 1)
    notes = "\n".join(report.notes)
    assert "1 duplicate span(s) in one annotation set merged into one" in notes
    assert "1 duplicate relation(s) in one annotation set merged into one" in notes


def test_status_and_time_spent_come_from_the_file(empty_project) -> None:
    def doc(text: str, status: Status, seconds: float | None) -> IncomingDocument:
        i = text.index("Hà Nội")
        return IncomingDocument(text=text, origin="mem.jsonl:1", sets=[
            IncomingSet("lan", [Span(i, i + 6, "LOC_VN")], status=status, seconds=seconds)])

    empty_project.importer.import_documents([doc(TEXT, Status.IN_PROGRESS, 95.5), doc(TEXT + " Xong.", Status.DONE, None)])
    got = {s.status: s.seconds for s in empty_project.sets.all()}
    assert got == {Status.IN_PROGRESS: 95.5, Status.DONE: 0.0}


def test_a_file_with_no_documents_is_an_error(empty_project, tmp_path: Path) -> None:
    empty = write(tmp_path / "empty.jsonl", [""])
    for fmt in ("prodigy", "jsonl"):
        with pytest.raises(InputError, match=r"empty\.jsonl: (no documents|the file is empty)"):
            empty_project.importer.import_files([empty], fmt)
    assert empty_project.stats.collect().documents == 0


def test_relation_problem_refers_to_its_file_line(empty_project, tmp_path: Path) -> None:
    spans = [at("Nguyễn Văn An", "PER_VN"), at("Hà Nội", "LOC_VN")]
    path = write(tmp_path / "x.jsonl", [line([at("Hà Nội", "LOC_VN")]), line(spans, [(0, 1, "HAS_TITLE")], text=TEXT + " ")])
    with pytest.raises(ImportProblemsError) as info:
        empty_project.importer.import_files([path], "prodigy")
    (pr,) = info.value.problems
    assert pr.what == "relation" and pr.line == 2 and "not allowed" in pr.kind


@pytest.mark.parametrize("label", ["\n", "\t", "a\r\nb", "PER VN", "x\x07"])
def test_a_label_no_format_can_carry_is_one_line_problem(empty_project, tmp_path: Path, label: str) -> None:
    path = write(tmp_path / "w.jsonl", [line([at("Hà Nội", label), at("Bắc Ninh", "LOC_VN")])])
    for add in (False, True):
        with pytest.raises(ImportProblemsError) as info:
            empty_project.importer.import_files([path], "prodigy", add_labels=add)
        lines = str(info.value).splitlines()
        assert len(lines) == 3 and "not allowed" in lines[1] and "--label-map" in lines[2]
    assert empty_project.stats.collect().documents == 0


@pytest.mark.parametrize("content", ['{"PER": 1' + "0" * 5000 + "}", '{"PER": "\\ud800"}', '{"A": "B"', "[" * 5000])
def test_option_files_that_are_not_names_are_one_line_errors(tmp_path: Path, content: str) -> None:
    path = write(tmp_path / "m.json", [content])
    for reader in (read_label_map, read_label_ids):
        with pytest.raises(InputError) as info:
            reader(path)
        assert str(info.value).startswith(str(path)) and "\n" not in str(info.value)


@pytest.mark.parametrize("text", ["\ufeff\n", "\u200b \u200d", "Hà\x00Nội", "Hà \ud800 Nội"])
def test_texts_no_document_may_hold_whatever_the_path(empty_project, text: str) -> None:
    with pytest.raises(InputError, match=r"^mem\.jsonl:4: the text (is empty|holds U\+)"):
        empty_project.importer.import_documents([IncomingDocument(text=text, origin="mem.jsonl:4")])
    assert empty_project.stats.collect().documents == 0


def test_a_failed_import_does_not_create_the_user(tmp_path: Path) -> None:
    db = tmp_path / "u.sqlite3"
    bad = write(tmp_path / "bad.jsonl", ['{"text": "Hà Nội."}', "{"])
    run = lambda *a: subprocess.run([sys.executable, "-m", "annotator", "--db", str(db), *a],  # noqa: E731
                                    capture_output=True, text=True, timeout=120)
    assert run("--user", "moi", "--role", "reviewer", "import", str(bad)).returncode == 1
    good = write(tmp_path / "good.jsonl", ['{"text": "Hà Nội."}'])
    assert run("--user", "moi", "--role", "reviewer", "import", str(good)).returncode == 0
    from annotator.services.project import Project

    with Project.open(str(db)) as p:
        assert p.annotators.find("moi").is_reviewer
