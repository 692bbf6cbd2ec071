"""What every importer's file reading refuses, on one line naming file and line (issue 9.6).

JSON nested deeper than `MAX_JSON_DEPTH` (a RecursionError before), lone surrogate escapes (a
UnicodeEncodeError at the database before), NUL (stored silently before), NaN/Infinity, numbers
too long or too large. A valid surrogate pair and the other control characters (BEL in quoted
source code, a form feed between pages: real corpora have them) are read as they are.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.errors import InputError
from annotator.core.text import describe_character, find_bad_character
from annotator.formats.common import MAX_JSON_DEPTH, iter_json_lines, load_json, parse_json, read_text_file


def refused(fn, *args) -> InputError:
    with pytest.raises(InputError) as info:
        fn(*args)
    message = str(info.value)
    assert "\n" not in message and "\r" not in message
    return info.value


def test_bad_characters() -> None:
    kept = "Hà Nội\tngày 1\r\nTP.HCM\u2028\x7f\x85 😀 \x07\x0b\x0c\x1b\x1f"
    assert find_bad_character(kept) is None
    for ch in ["\x00", "\ud800", "\udbff", "\udc00", "\udfff"]:
        assert find_bad_character(f"ab{ch}c") == 2, repr(ch)
    assert find_bad_character("a\x00b\x00", 2) == 3
    assert describe_character("\x00") == "U+0000 (NUL)"
    assert describe_character("\ud83d") == "U+D83D (a lone surrogate)"
    assert describe_character("\x1f") == "U+001F (a control character)"


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 1000, 100_000])
def test_deep_nesting(tmp_path: Path, depth: int) -> None:
    nested = "[" * depth + "]" * depth
    err = refused(parse_json, '{"text": "x", "meta": ' + nested + "}", "a.jsonl", 4)
    assert (err.file, err.line) == ("a.jsonl", 4) and "nested too deeply" in err.reason
    whole = tmp_path / "tasks.json"
    whole.write_text('[\n{"data": {"text": "x"}},\n{"meta": ' + nested + "}\n]", encoding="utf-8")
    err = refused(load_json, whole)
    assert (err.file, err.line) == (str(whole), 3) and "nested too deeply" in err.reason
    lines = tmp_path / "d.jsonl"
    lines.write_text('{"text": "a"}\n\n{"text": "b", "x": ' + nested + "}\n", encoding="utf-8")
    err = refused(list, iter_json_lines(lines))
    assert (err.file, err.line) == (str(lines), 3)


def test_nesting_up_to_the_limit_is_read() -> None:
    nested = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    assert parse_json(nested, "a.json") is not None
    # brackets inside strings do not count
    assert parse_json(json.dumps({"text": "[" * 5000}), "a.json") == {"text": "[" * 5000}


@pytest.mark.parametrize(("escape", "code"), [("\\ud800", "D800"), ("\\uDBFF", "DBFF"), ("\\udc00", "DC00"),
                                              ("\\ud800\\ud800", "D800"), ("\\ud83d x", "D83D"), ("\\u0000", "0000"),
                                              ("x\\\\\\ud800", "D800"), ("\\ude00\\ud83d", "DE00")])
def test_escapes_of_bad_characters(escape: str, code: str) -> None:
    text = '{"id": 1,\n "text": "Hà Nội ' + escape + '"}'
    err = refused(parse_json, text, "a.json")
    assert err.line == 2 and "the escape at column" in err.reason and f"U+{code} " in err.reason


@pytest.mark.parametrize(("escape", "value"), [("\\ud83d\\ude00", "😀"), ("\\uD83D\\uDE00", "😀"), ("\\\\ud800", "\\ud800"),
                                               ("\\t\\n\\r", "\t\n\r"), ("\\\\f\\\\b", "\\f\\b"), ("\\u00e0", "à"),
                                               ("\\u0007\\f\\u001b", "\x07\x0c\x1b"), ("\\\\u0000", "\\u0000")])
def test_valid_escapes(escape: str, value: str) -> None:
    assert parse_json('{"text": "' + escape + '"}', "a.json") == {"text": value}


def test_lone_surrogate_in_a_key_and_in_jsonl(tmp_path: Path) -> None:
    err = refused(parse_json, '{"\\ud800": 1}', "a.json")
    assert err.line == 1 and "lone surrogate" in err.reason
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps({"text": "ok"}) + "\n" + json.dumps({"text": "Ông \ud800 Kim"}) + "\n", encoding="utf-8")
    err = refused(list, iter_json_lines(path))
    assert (err.file, err.line) == (str(path), 2)


@pytest.mark.parametrize(("value", "why"), [("NaN", "NaN is not a JSON value"), ("-Infinity", "-Infinity is not"),
                                            ("1e400", "too large"), ("1" * 5000, "5000 digits")])
def test_numbers_json_cannot_hold(value: str, why: str) -> None:
    err = refused(parse_json, '[1,\n{"score": ' + value + "}]", "a.json")
    assert err.line == 2 and why in err.reason and "column 11" in err.reason
    err = refused(parse_json, '{"score": ' + value + "}", "a.jsonl", 7)
    assert err.line == 7


def test_text_files_with_control_characters(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("Dòng một\r\nDòng hai có \x00 ở giữa\n".encode())
    err = refused(read_text_file, path)
    assert (err.file, err.line) == (str(path), 2) and "U+0000 (NUL) at column 13" in err.reason
    path.write_bytes("Trang một\x0cTrang hai \x07".encode())
    assert read_text_file(path) == "Trang một\x0cTrang hai \x07"
    path.write_bytes("\ufeffCột\tmột\r\nhai\n".encode())
    assert read_text_file(path) == "\ufeffCột\tmột\r\nhai\n"


def test_raw_control_character_in_a_json_line(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_bytes(b'{"text": "a"}\n{"text": "b"}\x00\n')
    err = refused(list, iter_json_lines(path))
    assert (err.file, err.line) == (str(path), 2) and "NUL" in err.reason


def test_not_utf8_and_not_json_stay_one_line(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_bytes(b'{"text": "a"}\n{"text": "\xff"}\n')
    err = refused(list, iter_json_lines(path))
    assert err.line == 2 and "not UTF-8" in err.reason
    path.write_bytes(b'{"text": "a"}\n{"text": "b\n')
    assert refused(list, iter_json_lines(path)).line == 2


def test_escape_check_agrees_with_the_parsed_strings() -> None:
    """Seeded soups of escapes (pairs, halves, escaped backslashes, `\\u0000`, look-alike text):
    a string is refused exactly when the parsed value holds NUL or a lone surrogate."""
    import random

    from annotator.core.text import find_bad_character

    pieces = ["\\ud83d", "\\ude00", "\\uD83D", "\\uDE00", "\\\\", "x", "u", "ud800", "\\u0000", "\\u00e0", "\\n",
              "d83d", "\\udbff", "\\udfff", "D83D"]
    rng = random.Random(9)
    checked = 0
    for _ in range(3000):
        key = rng.choice(["a", "a\\ud800", "a\\ud83d\\ude00", "a\\\\"])
        body = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        text = '{"' + key + '": "' + body + '"}'
        try:
            ((k, v),) = json.loads(text).items()
        except ValueError:
            continue
        checked += 1
        if find_bad_character(k + v) is not None:
            with pytest.raises(InputError):
                parse_json(text, "a.json")
        else:
            assert parse_json(text, "a.json") == {k: v}
    assert checked > 2000
