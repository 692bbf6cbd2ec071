from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from annotator.core.errors import SchemaError
from annotator.core.resources import default_schema_path
from annotator.core.schema import check_schema_dict, load_schema, parse_schema_text


def _default_dict() -> dict:
    return yaml.safe_load(default_schema_path().read_text(encoding="utf-8"))


def test_default_schema_is_valid(schema) -> None:
    assert check_schema_dict(_default_dict()) == []
    assert len(schema.labels) == 12
    assert schema.label_for_key("1").name == "PER_VN"
    assert schema.label_for_key("shift+2").name == "MONEY"
    assert all(lab.description and lab.examples for lab in schema.labels)


def test_relation_rules(schema) -> None:
    names = lambda h, t: {r.name for r in schema.allowed_relations(h, t)}  # noqa: E731
    assert names("PER_VN", "TITLE") == {"HAS_TITLE"}
    assert names("TITLE", "PER_VN") == set()
    assert names("PER_KR", "ORG_VN") == {"MEMBER_OF", "LEADS", "MEETS"}
    assert names("ORG_VN", "PER_KR") == {"MEETS"}  # symmetric
    assert names("ORG_KR", "LOC_VN") == {"COOPERATES_WITH", "INVESTS_IN", "LOCATED_IN"}
    assert names("EVENT", "DATE") == {"HELD_ON"}
    assert names("DATE", "MONEY") == set()


def test_every_problem_has_its_path() -> None:
    data = _default_dict()
    data["relations"][3]["tail"] = ["ORG_XX"]
    data["labels"][1]["key"] = "1"
    data["labels"][2]["color"] = "yellow"
    data["labels"][4]["name"] = "PER_VN"
    data["ents"]["labels"].append("NOPE")
    del data["language"]
    problems = check_schema_dict(data)
    assert "relations[3].tail: unknown label ORG_XX" in problems
    assert "labels[1].key: key 1 already used by labels[0]" in problems
    assert any(p.startswith("labels[2].color:") for p in problems)
    assert "labels[4].name: duplicate label PER_VN" in problems
    assert any(p.startswith("ents.labels[12]: unknown label NOPE") for p in problems)
    assert any("'language' is a required property" in p for p in problems)


def test_bad_yaml_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nlabels: [\n  - oops: [\n", encoding="utf-8")
    with pytest.raises(SchemaError) as err:
        load_schema(bad)
    assert str(bad) in str(err.value)
    assert "line" in err.value.problems[0]


def test_round_trip_through_yaml(schema) -> None:
    again = parse_schema_text(schema.to_yaml())
    assert again.label_names == schema.label_names
    assert {(r.name, r.head, r.tail, r.symmetric) for r in again.relations} == {
        (r.name, r.head, r.tail, r.symmetric) for r in schema.relations
    }


def test_with_labels_extends_with_free_keys(schema) -> None:
    ext = schema.with_labels(["PRODUCT", "PER_VN"])
    assert ext.label_names[-1] == "PRODUCT"
    assert ext.label("PRODUCT").key == "shift+3"
    assert "PRODUCT" in ext.ents_labels
