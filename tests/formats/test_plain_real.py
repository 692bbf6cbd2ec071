"""Plain `.txt` / `.jsonl` documents: a final line break is not a second document, empty files and
bad values are one-line `FILE[:LINE]: reason` errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.errors import InputError
from annotator.formats.plain import iter_plain

ARTICLE = "Đoàn Hàn Quốc thăm Bắc Ninh.\n\nHai bên ký Bản ghi nhớ."


def texts(path: Path) -> list[str]:
    return [d.text for d in iter_plain(path)]


@pytest.mark.parametrize("ending", ["", "\n", "\r\n", "\n\n\n", "  \t\n ", "\r\n\r\n"])
def test_txt_final_line_break_and_trailing_white_space_are_not_text(tmp_path: Path, ending: str) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes(("\ufeff" + ARTICLE.replace("\n", "\r\n") + ending).encode("utf-8"))
    assert texts(p) == [ARTICLE]


def test_same_article_with_and_without_final_line_break_is_one_document(empty_project, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b.txt").write_bytes((ARTICLE + "\r\n").encode("utf-8"))
    (tmp_path / "c.jsonl").write_text(json.dumps({"text": ARTICLE + "\n"}, ensure_ascii=False) + "\n", encoding="utf-8")
    report = empty_project.importer.import_files([folder, tmp_path / "c.jsonl"], "auto")
    assert (report.documents, report.duplicates) == (1, 2)
    assert [empty_project.document(i).text for i in empty_project.documents.ids()] == [ARTICLE]


@pytest.mark.parametrize("content", [b"", b"\n\n", b"  \r\n"])
def test_empty_jsonl_is_an_error_like_an_empty_txt(tmp_path: Path, content: bytes) -> None:
    p = tmp_path / "e.jsonl"
    p.write_bytes(content)
    with pytest.raises(InputError, match=r"e\.jsonl: the file is empty"):
        texts(p)
    t = tmp_path / "e.txt"
    t.write_bytes(content)
    with pytest.raises(InputError, match=r"e\.txt: the file is empty"):
        texts(t)


def test_nul_character_is_refused_with_its_line(tmp_path: Path) -> None:
    p = tmp_path / "n.txt"
    p.write_text("Dòng một\nDòng\x00 hai\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"n\.txt:2: U\+0000 \(NUL\)"):
        texts(p)
    j = tmp_path / "n.jsonl"
    j.write_text(json.dumps({"text": "ok"}) + "\n" + json.dumps({"text": "a\x00b"}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"n\.jsonl:2: .*U\+0000 \(NUL\)"):
        texts(j)


@pytest.mark.parametrize(("line", "message"), [
    ('{"text": 42}', r'no "text" field \(a string\)'),
    ('{"text": ["a"]}', r'no "text" field'),
    ('{"text": null}', r'no "text" field'),
    ('["text", "a"]', r'a line must be a JSON object'),
    ('"just a string"', r'a line must be a JSON object'),
    ('{"text": " \\n\\t"}', r'"text" is empty'),
    ('{"text": "a", "id": true}', r'"id" must be a string or a number'),
    ('{"text": "a", "id": [1]}', r'"id" must be a string or a number'),
    ('{"text": "a", "id": {"x": 1}}', r'"id" must be a string or a number'),
    ('{"text": "a", "id": 1.5}', r'"id" must be a string or a whole number'),
    ('{"text": "a", "id": "  "}', r'"id" must be a non-empty text'),
    ('{"text": "a", "title": {"x": 1}}', r'"title" must be a string'),
    ('{"text": "a", "title": 7}', r'"title" must be a string'),
    ('{"text": "a", "meta": [1]}', r'"meta" must be an object'),
    ('{"text": "a", "meta": "x"}', r'"meta" must be an object'),
    ('{"text": "a", "meta": {"title": 3}}', r'"title" must be a string'),
    ('{"text": "a\\ud800b"}', r'surrogate'),
    ('{"text": "a", "title": "\\udfff"}', r'surrogate'),
    ('{"text": "a", "meta": {"x": ["\\ud800"]}}', r'surrogate'),
    ('{"text": "a", "meta": ' + "[" * 3000 + "]" * 3000 + "}", r'nested too deeply'),
    ('{"text": "a", "id": 1e999}', r'(?:not JSON|whole number)'),
    ('{"text": "a"', r'not JSON'),
])
def test_bad_jsonl_values_are_one_line_errors(tmp_path: Path, line: str, message: str) -> None:
    p = tmp_path / "j.jsonl"
    p.write_text('{"text": "Dòng tốt."}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=rf"j\.jsonl:2: .*{message}") as err:
        texts(p)
    assert "\n" not in str(err.value)


def test_jsonl_values_read_as_given(tmp_path: Path) -> None:
    p = tmp_path / "ok.jsonl"
    p.write_text(json.dumps({"text": ARTICLE + "\n", "id": 7.0, "meta": {"title": "Tin", "nguon": "x"}}, ensure_ascii=False)
                 + "\n" + json.dumps({"text": "Tin hai", "id": "a-2", "title": "Hai"}) + "\n", encoding="utf-8")
    one, two = iter_plain(p)
    assert (one.text, one.uid, one.title, one.meta["nguon"]) == (ARTICLE, "7", "Tin", "x")
    assert (two.uid, two.title) == ("a-2", "Hai")


def test_manifest_bad_shapes(tmp_path: Path) -> None:
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    manifest = folder / "manifest.json"
    manifest.write_text(json.dumps({"documents": [{"file": "a.txt", "title": "Tựa", "source": "VnE"}]}), encoding="utf-8")
    (doc,) = iter_plain(folder / "a.txt")
    assert doc.title == "Tựa" and doc.meta["source"] == "VnE"
    for content, message in (('{"documents": ' + "[" * 5000, r"nested too deeply|not JSON"),
                             ('[1, 2]', r'manifest must be an object with a "documents" list'),
                             ('{"documents": 3}', r'manifest must be an object with a "documents" list'),
                             ('{"documents": [{"file": "a.txt", "title": ["x"]}]}', r"'title' of 'a.txt' must be a text")):
        manifest.write_text(content, encoding="utf-8")
        with pytest.raises(InputError, match=rf"manifest\.json(:\d+)?: .*(?:{message})"):
            list(iter_plain(folder / "a.txt"))
