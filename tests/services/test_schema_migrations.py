"""A schema change cannot orphan data: `schema set` refuses what would, the migrations carry the data along.

Each migration is one transaction, and a rename is undone by the rename back: the database holds
the same spans, relations, review decisions and schema again.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from test_review import find

from annotator.core.adjudication import Decision
from annotator.core.commands import AddRelation, AddSpan
from annotator.core.document import Relation, Role, Status
from annotator.core.errors import AnnotationError, SchemaChangeError
from annotator.core.schema import schema_from_dict
from annotator.services.review import Review


@pytest.fixture
def labelled(project):
    """Document 1: `an` and `binh` labelled it (done), gold merged, decisions on ORG_VN and ORG_OTHER spans."""
    doc_id = project.documents.ids()[0]
    text = project.document(doc_id).text
    s = {
        "phan": find(text, "Phan Văn Đăng", "PER_VN"),
        "linh": find(text, "Trần Hải Linh", "PER_VN"),
        "vkbia": find(text, "Hiệp hội VKBIA", "ORG_OTHER"),
        "hh_vn": find(text, "Hiệp hội Doanh nghiệp tỉnh Bình Thuận", "ORG_VN"),
    }
    s["hh_other"] = s["hh_vn"].with_label("ORG_OTHER")
    leads = Relation(s["linh"].key, s["vkbia"].key, "LEADS")
    meets = Relation(s["phan"].key, s["linh"].key, "MEETS")  # symmetric
    member_vn = Relation(s["phan"].key, s["hh_vn"].key, "MEMBER_OF")
    member_other = Relation(s["linh"].key, s["hh_other"].key, "MEMBER_OF")
    work = {
        "an": ([s["phan"], s["linh"], s["vkbia"], s["hh_vn"], s["hh_other"]], [leads, meets, member_vn, member_other]),
        "binh": ([s["phan"], s["linh"], s["vkbia"], s["hh_other"]], [leads, meets]),
    }
    for name, (spans, rels) in work.items():
        session = project.open_annotation(doc_id, project.annotator(name))
        for sp in spans:
            session.apply(AddSpan(sp))
        for rel in rels:
            session.apply(AddRelation(rel))
        session.set_status(Status.DONE)
    project.annotator("rev", Role.REVIEWER)
    review = Review(project)
    review.merge("unanimous", "rev", doc_id)
    review.decide(doc_id, s["hh_vn"].key, Decision.ACCEPT, "rev")  # ORG_VN in gold and in a decision
    review.decide(doc_id, s["hh_other"].key, Decision.REJECT, "rev")
    review.decide(doc_id, leads.key, Decision.ACCEPT, "rev")  # a relation decision
    return review, doc_id, s


def dump(db_path: Path) -> dict[str, list]:
    """What a migration may change and its inverse must restore (not the sets' version counters)."""
    with sqlite3.connect(db_path) as con:
        return {
            "span": con.execute('SELECT id, set_id, start, "end", label, source, meta FROM span ORDER BY id').fetchall(),
            "relation": con.execute(
                "SELECT id, set_id, head_id, tail_id, label, meta FROM relation ORDER BY id"
            ).fetchall(),
            "decision": con.execute(
                "SELECT id, document_id, kind, key, decision, reviewer_id FROM review_decision ORDER BY id"
            ).fetchall(),
            "sets": con.execute("SELECT id, kind, status, span_count, meta FROM annotation_set ORDER BY id").fetchall(),
            "schema": con.execute("SELECT body FROM schema WHERE active").fetchall(),
        }


def labels_in(rows: list, column: int) -> set[str]:
    return {r[column] for r in rows}


def test_rename_label_everywhere_and_back_restores_the_database(project, db_path, labelled) -> None:
    review, doc_id, s = labelled
    before = dump(db_path)
    old_label = project.schema.label("ORG_VN")
    report = project.schemas.rename_label("ORG_VN", "ORG_VIETNAM")
    assert report.spans == 2 and report.decisions == 1  # an's span and the gold one; the accept decision
    after = dump(db_path)
    assert "ORG_VN" not in labels_in(after["span"], 4) and "ORG_VIETNAM" in labels_in(after["span"], 4)
    assert not any("ORG_VN" in r[3] for r in after["decision"])
    sch = project.schema
    new_label = sch.label("ORG_VIETNAM")
    assert (new_label.color, new_label.key, new_label.description) == (old_label.color, old_label.key, old_label.description)
    assert sch.label_names.index("ORG_VIETNAM") == 3
    assert "ORG_VIETNAM" in sch.relation("MEMBER_OF").tail and "ORG_VIETNAM" in sch.ents_labels
    # gold and the decision follow: the renamed candidate is still accepted and in gold
    adj = review.candidates(doc_id)
    renamed = adj.span(s["hh_vn"].with_label("ORG_VIETNAM").key)
    assert renamed.decision is Decision.ACCEPT and renamed.in_gold
    assert s["hh_vn"].with_label("ORG_VIETNAM").key in {sp.key for sp in review.gold(doc_id).spans}
    # the reopened fresh project agrees (the schema is stored)
    project.schemas.forget()
    assert project.schema.has_label("ORG_VIETNAM") and not project.schema.has_label("ORG_VN")

    project.schemas.rename_label("ORG_VIETNAM", "ORG_VN")
    assert dump(db_path) == before


def test_rename_label_keeps_symmetric_relations_canonical_and_back(project, db_path, labelled) -> None:
    _review, doc_id, s = labelled
    # COOPERATES_WITH is symmetric: stored with the earlier span key as head; on the same words the
    # label decides, so renaming ORG_OTHER to Z_ORG turns the stored direction round
    session = project.open_annotation(doc_id, project.annotator("an"))
    session.apply(AddRelation(Relation(s["hh_vn"].key, s["hh_other"].key, "COOPERATES_WITH")))
    stored = [r for r in session.annotations.relations if r.label == "COOPERATES_WITH"]
    assert [(r.head[2], r.tail[2]) for r in stored] == [("ORG_OTHER", "ORG_VN")]
    before = dump(db_path)
    project.schemas.rename_label("ORG_OTHER", "Z_ORG")
    again = project.open_annotation(doc_id, project.annotator("an")).annotations
    assert [(r.head[2], r.tail[2]) for r in again.relations if r.label == "COOPERATES_WITH"] == [("ORG_VN", "Z_ORG")]
    project.schemas.rename_label("Z_ORG", "ORG_OTHER")
    assert dump(db_path) == before


def test_rename_relation_everywhere_and_back_restores_the_database(project, db_path, labelled) -> None:
    review, doc_id, s = labelled
    before = dump(db_path)
    report = project.schemas.rename_relation("LEADS", "HEADS")
    assert report.relations == 3 and report.decisions == 1  # an, binh, gold; the accept decision
    after = dump(db_path)
    assert "LEADS" not in labels_in(after["relation"], 4)
    assert project.schema.has_relation("HEADS") and not project.schema.has_relation("LEADS")
    key = Relation(s["linh"].key, s["vkbia"].key, "HEADS").key
    assert review.candidates(doc_id).relation(key).decision is Decision.ACCEPT
    project.schemas.rename_relation("HEADS", "LEADS")
    assert dump(db_path) == before


def test_merge_labels_merges_duplicates_and_moves_their_relations(project, db_path, labelled) -> None:
    review, doc_id, s = labelled
    # accept on the ORG_VN span, reject on the ORG_OTHER one: after the merge they would disagree
    before = dump(db_path)
    with pytest.raises(AnnotationError, match="conflicting review decisions"):
        project.schemas.merge_labels("ORG_VN", "ORG_OTHER", into="ORG")
    assert dump(db_path) == before
    review.clear_decision(doc_id, s["hh_other"].key, "rev")

    color = project.schema.label("ORG_VN").color
    report = project.schemas.merge_labels("ORG_VN", "ORG_OTHER", into="ORG")
    assert report.merged_spans == 1  # an's set held both labels on the same words
    sch = project.schema
    assert not sch.has_label("ORG_VN") and not sch.has_label("ORG_OTHER")
    assert sch.label("ORG").color == color and sch.label("ORG").key == "4"
    assert "ORG" in sch.relation("MEMBER_OF").tail
    an = project.open_annotation(doc_id, project.annotator("an")).annotations
    org = s["hh_vn"].with_label("ORG").key
    assert [sp.key for sp in an.spans if sp.start == org[0]] == [org]
    # both MEMBER_OF relations now point at the one span
    assert {(r.head, r.tail) for r in an.relations if r.label == "MEMBER_OF"} == {
        (s["phan"].key, org), (s["linh"].key, org)
    }
    with sqlite3.connect(db_path) as con:
        count, stored = con.execute(
            "SELECT span_count, (SELECT count(*) FROM span WHERE set_id = annotation_set.id) FROM annotation_set "
            "JOIN annotator ON annotator.id = annotator_id WHERE annotator.name = 'an'"
        ).fetchone()
        assert count == stored == 4
    assert review.candidates(doc_id).span(org).decision is Decision.ACCEPT


def test_merge_into_an_existing_label_drops_the_other(project, db_path, labelled) -> None:
    project.schemas.merge_labels("ORG_KR", "ORG_VN", into="ORG_VN", color="#123456")
    sch = project.schema
    assert not sch.has_label("ORG_KR") and sch.label("ORG_VN").color == "#123456"


def test_bad_migrations_are_refused_and_change_nothing(project, db_path, labelled) -> None:
    before = dump(db_path)
    for call, message in (
        (lambda: project.schemas.rename_label("NOPE", "X"), "unknown label NOPE"),
        (lambda: project.schemas.rename_label("ORG_VN", "PER_VN"), "label PER_VN already exists"),
        (lambda: project.schemas.rename_relation("NOPE", "X"), "unknown relation type NOPE"),
        (lambda: project.schemas.rename_relation("LEADS", "MEETS"), "relation type MEETS already exists"),
        (lambda: project.schemas.merge_labels("ORG_VN", "ORG_KR", into="PER_VN"), "PER_VN already exists"),
        (lambda: project.schemas.merge_labels("ORG_VN", "NOPE", into="ORG"), "unknown label NOPE"),
    ):
        with pytest.raises(AnnotationError, match=message):
            call()
        assert dump(db_path) == before


def _schema_data(project) -> dict:
    return project.schema.to_dict()


def test_schema_set_lists_every_problem(project, db_path, labelled) -> None:
    data = _schema_data(project)
    data["labels"] = [lab for lab in data["labels"] if lab["name"] != "ORG_OTHER"]  # used by vkbia, hh_other
    data["ents"]["labels"].remove("ORG_OTHER")
    for rel in data["relations"]:
        for side in ("head", "tail"):
            if "ORG_OTHER" in rel[side]:
                rel[side].remove("ORG_OTHER")
    data["relations"] = [rel for rel in data["relations"] if rel["name"] != "LEADS"]  # 3 stored
    member = next(rel for rel in data["relations"] if rel["name"] == "MEMBER_OF")
    member["tail"] = ["ORG_KR"]  # phan -> hh_vn (ORG_VN) and linh -> hh_other no longer fit
    meets = next(rel for rel in data["relations"] if rel["name"] == "MEETS")
    meets["symmetric"] = False
    before = dump(db_path)
    with pytest.raises(SchemaChangeError) as err:
        project.schemas.replace(schema_from_dict(data))
    problems = err.value.problems
    assert problems[0].startswith("label ORG_OTHER is used by 5 span(s)")  # vkbia x3 (gold too), hh_other x2
    assert any(p.startswith("relation type LEADS is used by 3 relation(s); the new schema drops it") for p in problems)
    member_line = next(p for p in problems if p.startswith("relation type MEMBER_OF:"))
    assert "2 stored relation(s) no longer allowed" in member_line and "e.g." in member_line
    assert any(p.startswith("relation type MEETS is used by") and "not symmetric" in p for p in problems)
    assert len(problems) == 4
    assert dump(db_path) == before


def test_schema_set_refuses_a_narrowed_relation_alone(project, db_path, labelled) -> None:
    data = _schema_data(project)
    next(rel for rel in data["relations"] if rel["name"] == "LEADS")["head"] = ["PER_KR"]
    with pytest.raises(SchemaChangeError) as err:
        project.schemas.replace(schema_from_dict(data))
    assert err.value.problems == [
        "relation type LEADS: 3 stored relation(s) no longer allowed by the new schema "
        "(e.g. PER_VN “Trần Hải Linh” —LEADS→ ORG_OTHER “Hiệp hội VKBIA” in "
        f"“{project.document(labelled[1]).title}”)"
    ]
    # widening is fine
    data = _schema_data(project)
    next(rel for rel in data["relations"] if rel["name"] == "LEADS")["head"] += ["TITLE"]
    project.schemas.replace(schema_from_dict(data))
    assert "TITLE" in project.schema.relation("LEADS").head


# -- the command line -------------------------------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "ANNOTATOR_DB"}
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_cli_migrations_and_their_errors(project, db_path, labelled, tmp_path) -> None:
    project.close()
    db = str(db_path)
    before = dump(db_path)
    for args, message in (
        (("rename-label", "NOPE", "X"), "unknown label NOPE"),
        (("rename-label", "ORG_VN", "PER_VN"), "label PER_VN already exists"),
        (("rename-relation", "LEADS", "MEETS"), "relation type MEETS already exists"),
        (("merge-labels", "ORG_VN", "ORG_OTHER", "--into", "ORG"), "conflicting review decisions"),
    ):
        r = run("--db", db, "schema", *args)
        assert r.returncode == 1, r.stdout
        assert r.stderr.count("\n") == 1 and message in r.stderr and "Traceback" not in r.stderr, r.stderr
        assert dump(db_path) == before
    r = run("--db", db, "schema", "rename-label", "ORG_VN", "ORG_VIETNAM")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("label ORG_VN renamed to ORG_VIETNAM: 2 span(s), 0 relation(s), 1 review decision(s) changed")
    assert run("--db", db, "schema", "rename-label", "ORG_VIETNAM", "ORG_VN").returncode == 0
    assert dump(db_path) == before

    bad = tmp_path / "narrow.yaml"
    data = yaml.safe_load(before["schema"][0][0])
    data["relations"] = [rel for rel in data["relations"] if rel["name"] != "LEADS"]
    data["labels"] = [lab for lab in data["labels"] if lab["name"] != "ORG_VN"]
    data["ents"]["labels"].remove("ORG_VN")
    for rel in data["relations"]:
        for side in ("head", "tail"):
            if "ORG_VN" in rel[side]:
                rel[side].remove("ORG_VN")
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    r = run("--db", db, "schema", "set", str(bad))
    assert r.returncode == 1
    lines = r.stderr.splitlines()
    assert any("label ORG_VN is used by 2 span(s)" in line for line in lines)
    assert any("relation type LEADS is used by 3 relation(s)" in line for line in lines)
    assert any("relation type MEMBER_OF: 1 stored relation(s)" in line for line in lines)
    assert lines[-1].endswith("refused (3 problem(s)); nothing changed") and "Traceback" not in r.stderr
    assert dump(db_path) == before
