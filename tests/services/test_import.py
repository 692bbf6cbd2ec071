"""Import: normalization, duplicates, and all-or-nothing failures with FILE:LINE messages."""

from __future__ import annotations

import json
import shutil
import sqlite3
import unicodedata
from pathlib import Path

import pytest

from annotator.core.errors import InputError
from annotator.core.resources import corpus_dir
from annotator.services.project import Project


def _snapshot(project: Project) -> tuple:
    con = sqlite3.connect(project.db.engine.url.database)
    try:
        return (*tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("document", "annotation_set", "span", "relation", "annotator")), con.execute("SELECT group_concat(content_hash) FROM document").fetchone()[0])
    finally:
        con.close()


def test_new_database_has_schema_and_bundled_corpus(project: Project) -> None:
    assert project.documents.count() == 5
    titles = [d.title for d in project.documents.page()]
    assert "Hợp tác bền vững Việt Nam-Hàn Quốc (Hội nghị “Gặp gỡ Hàn Quốc năm 2022”)" in titles
    doc = project.document(1)
    assert doc.meta["source_file"] == "000_6371afd06cf73940.txt"
    assert doc.text == (corpus_dir() / "000_6371afd06cf73940.txt").read_text(encoding="utf-8")


def test_import_corpus_then_again_is_all_duplicates(empty_project: Project) -> None:
    report = empty_project.importer.import_paths([corpus_dir()])
    assert (report.documents, report.duplicates) == (5, 0)
    before = _snapshot(empty_project)
    again = empty_project.importer.import_paths([corpus_dir()])
    assert (again.documents, again.duplicates) == (0, 5)
    assert _snapshot(empty_project) == before


def test_normalization_at_import(empty_project: Project, tmp_path: Path) -> None:
    nfc = "Chủ tịch UBND tỉnh Bắc Ninh Nguyễn Văn An\ntiếp Đại sứ Hàn Quốc."
    raw = "\ufeff" + unicodedata.normalize("NFD", nfc).replace("\n", "\r\n")
    (tmp_path / "a.txt").write_bytes(raw.encode("utf-8"))
    report = empty_project.importer.import_paths([tmp_path / "a.txt"])
    assert report.documents == 1
    stored = empty_project.document(empty_project.documents.ids()[0]).text
    assert stored == nfc
    # the NFC text of it is a duplicate
    (tmp_path / "b.txt").write_text(nfc, encoding="utf-8")
    assert empty_project.importer.import_paths([tmp_path / "b.txt"]).duplicates == 1


def test_jsonl_ids_titles_meta(empty_project: Project, tmp_path: Path) -> None:
    f = tmp_path / "d.jsonl"
    lines = [
        {"text": "Bộ Ngoại giao tiếp Đại sứ quán Hàn Quốc.", "id": "vn-1", "meta": {"title": "Tiếp đại sứ", "url": "x"}},
        {"text": "Hội nghị tại Sầm Sơn."},
        {"text": "Bộ Ngoại giao tiếp Đại sứ quán Hàn Quốc."},  # duplicate inside the file
    ]
    f.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n\n", encoding="utf-8")
    report = empty_project.importer.import_paths([f])
    assert (report.documents, report.duplicates) == (2, 1)
    doc = empty_project.documents.by_uid("vn-1")
    assert doc is not None and doc.title == "Tiếp đại sứ" and doc.meta["url"] == "x"


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        (b'{"text": "ok"}\n{"text": "ok2"\n', 2, "not JSON"),
        (b'{"text": "ok"}\n{"id": 3}\n', 2, 'no "text" field'),
        (b'{"text": "ok"}\n\n{"text": "a"}\n["text"]\n', 4, "must be a JSON object"),
        (b'{"text": "ok"}\n{"text": "caf\xe9"}\n', 2, "not UTF-8"),
        (b'{"text": "ok"}\n{"text": "   "}\n', 2, '"text" is empty'),
        (b'{"text": "ok"}\n{"text": "b", "meta": 3}\n', 2, '"meta" must be an object'),
    ],
)
def test_bad_jsonl_fails_whole_import(empty_project: Project, tmp_path: Path, content: bytes, line: int, reason: str) -> None:
    good = tmp_path / "a_good.jsonl"
    good.write_text('{"text": "Một văn bản tốt."}\n', encoding="utf-8")
    bad = tmp_path / "b_bad.jsonl"
    bad.write_bytes(content)
    before = _snapshot(empty_project)
    with pytest.raises(InputError) as err:
        empty_project.importer.import_paths([tmp_path])
    assert str(err.value).startswith(f"{bad}:{line}: ")
    assert reason in str(err.value)
    assert _snapshot(empty_project) == before


def test_txt_not_utf8_names_file_and_line(empty_project: Project, tmp_path: Path) -> None:
    f = tmp_path / "x.txt"
    f.write_bytes("dòng một\ndòng hai \xff".encode().replace(b"\xc3\xbf", b"\xff"))
    before = _snapshot(empty_project)
    with pytest.raises(InputError, match=rf"^{f}:2: not UTF-8"):
        empty_project.importer.import_paths([f])
    assert _snapshot(empty_project) == before


def test_id_reused_for_another_text_is_refused(empty_project: Project, tmp_path: Path) -> None:
    a = tmp_path / "a.jsonl"
    a.write_text('{"id": "k1", "text": "Văn bản một."}\n', encoding="utf-8")
    empty_project.importer.import_paths([a])
    before = _snapshot(empty_project)
    b = tmp_path / "b.jsonl"
    b.write_text('{"id": "new", "text": "Văn bản ba."}\n{"id": "k1", "text": "Văn bản hai."}\n', encoding="utf-8")
    with pytest.raises(InputError, match=rf"^{b}:2: id 'k1' already belongs to another document"):
        empty_project.importer.import_paths([b])
    assert _snapshot(empty_project) == before


def test_missing_path_and_empty_folder(empty_project: Project, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        empty_project.importer.import_paths([tmp_path / "nope"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match=r"no \.txt or \.jsonl files"):
        empty_project.importer.import_paths([tmp_path / "empty"])


def test_a_failure_late_in_a_big_import_leaves_nothing(empty_project: Project, tmp_path: Path) -> None:
    f = tmp_path / "big.jsonl"
    with f.open("w", encoding="utf-8") as fh:
        for i in range(5000):
            fh.write(json.dumps({"text": f"Văn bản số {i} về hợp tác Việt Nam – Hàn Quốc."}, ensure_ascii=False) + "\n")
        fh.write("{broken\n")
    before = _snapshot(empty_project)
    with pytest.raises(InputError, match=r"big.jsonl:5001: not JSON"):
        empty_project.importer.import_paths([f], progress=lambda done, total: None)
    assert _snapshot(empty_project) == before


def test_manifest_titles_in_a_copied_corpus(empty_project: Project, tmp_path: Path) -> None:
    dst = tmp_path / "c"
    shutil.copytree(corpus_dir(), dst)
    empty_project.importer.import_paths([dst])
    assert {d.title for d in empty_project.documents.page()} >= {"Bình Thuận tiếp đoàn công tác Hiệp hội VKBIA"}
