"""Suggestions: pattern files on the bundled corpus, a model trained on generated gold, accept,
reject, undo, provenance in the database, nothing counted before acceptance, uncertainty queue."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from annotator.core.commands import AddSpan, DeleteSpan
from annotator.core.document import IncomingDocument, IncomingSet, SetKind, Source, Span, Status
from annotator.core.errors import AnnotationError, InputError
from annotator.core.gazetteer import default_gazetteer_path, load_gazetteer
from annotator.core.suggestions import next_suggestion
from annotator.core.tokenize import TokenIndex
from annotator.services import export as export_svc
from annotator.services import suggest as sg
from annotator.services.project import Project
from annotator.services.review import Review
from annotator.storage.orm import AnnotationSetRow, SpanRow
from annotator.storage.suggestions import SuggestedDocumentRow, SuggestionRejectionRow

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from suggest_news import generate_articles


def _spans_in_db(project, document_id, annotator):
    with project.db.read() as s:
        return {
            (r.start, r.end, r.label): (r.source, r.meta)
            for r in s.execute(
                select(SpanRow.start, SpanRow.end, SpanRow.label, SpanRow.source, SpanRow.meta)
                .join(AnnotationSetRow, AnnotationSetRow.id == SpanRow.set_id)
                .where(AnnotationSetRow.document_id == document_id, AnnotationSetRow.annotator_id == annotator.id)
            )
        }


def test_bundled_gazetteer_suggests_on_the_bundled_corpus_on_token_edges(project):
    report = sg.suggest_patterns(project, default_gazetteer_path())
    assert report.documents == project.documents.count() and report.suggestions > 50
    assert not report.unaligned and not report.unknown_labels
    entries = set(load_gazetteer())
    annotator = project.annotator("lan")
    total = 0
    for doc_id in project.documents.ids():
        text = project.document(doc_id).text
        tokens = TokenIndex(text)
        found = sg.pending(project, doc_id, annotator)
        total += len(found)
        for sug in found:
            assert tokens.is_aligned(sug.start, sug.end)
            assert (text[sug.start : sug.end], sug.label) in entries
            assert sug.kind == "pattern" and sug.score is None
    assert total == report.suggestions
    # nothing counts before acceptance: no span, no set, nothing to export
    assert project.stats.collect().spans == 0
    with pytest.raises(export_svc.ExportError):
        export_svc.export_spacy(project, project.db.url.replace("sqlite:///", "") + "-export", source=export_svc.SourceSpec("all"))


def test_a_second_run_of_the_same_file_stores_nothing_new(project):
    first = sg.suggest_patterns(project, default_gazetteer_path())
    again = sg.suggest_patterns(project, default_gazetteer_path())
    assert first.version == again.version and again.suggestions == 0 and again.found == first.found


def test_jsonl_patterns_phrase_and_token_and_bad_lines(project, tmp_path):
    doc = project.document(project.documents.ids()[0])
    word = "Hàn Quốc" if "Hàn Quốc" in doc.text else doc.text.split()[0]
    path = tmp_path / "p.jsonl"
    path.write_text(
        json.dumps({"label": "LOC_KR", "pattern": word, "id": "korea"}, ensure_ascii=False) + "\n"
        + json.dumps({"label": "DATE", "pattern": [{"TEXT": {"REGEX": r"^\d{4}$"}}]}) + "\n"
        + json.dumps({"label": "NOT_A_LABEL", "pattern": word}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    report = sg.suggest_patterns(project, path)
    assert report.unknown_labels["NOT_A_LABEL"] >= 1
    found = sg.pending(project, doc.id, project.annotator("lan"))
    assert {doc.text[s.start : s.end] for s in found if s.label == "LOC_KR"} == {word}
    assert all(len(doc.text[s.start : s.end]) == 4 for s in found if s.label == "DATE")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"label": "DATE", "pattern": "x"}\n{"label": "DATE", "pattern": [{"NOPE": 1}]}\n')
    with pytest.raises(InputError, match=r"bad\.jsonl:2: "):
        sg.suggest_patterns(project, bad)
    bad.write_text('{"label": "DATE"\n')
    with pytest.raises(InputError, match=r"bad\.jsonl:1: not JSON"):
        sg.suggest_patterns(project, bad)


def test_accept_reject_undo_with_provenance_and_no_reoffer(project):
    sg.suggest_patterns(project, default_gazetteer_path())
    lan = project.annotator("lan")
    doc_id = project.documents.ids()[0]
    session = project.open_annotation(doc_id, lan)
    offered = sg.pending(project, doc_id, lan)
    assert len(offered) >= 4
    first, second = offered[0], offered[1]
    undo = sg.accept(session, first)
    stored = _spans_in_db(project, doc_id, lan)
    source, meta = stored[first.key]
    assert source == Source.PATTERN.value
    assert meta["suggested_by"] == "pattern" and meta["suggester"] == first.version and meta["suggestion_id"] == first.id
    rejection = sg.reject(project, second, lan)
    left = sg.pending(project, doc_id, lan)
    assert first.key not in {s.key for s in left} and second.key not in {s.key for s in left}
    # a second run of the same file does not bring the rejected one back; another annotator sees it
    sg.suggest_patterns(project, default_gazetteer_path())
    assert second.key not in {s.key for s in sg.pending(project, doc_id, lan)}
    assert second.key in {s.key for s in sg.pending(project, doc_id, project.annotator("minh"))}
    # undo the acceptance: the span is gone and the suggestion pending again; redo brings provenance back
    redo = session.apply(undo)
    assert first.key not in _spans_in_db(project, doc_id, lan)
    assert first.key in {s.key for s in sg.pending(project, doc_id, lan)}
    session.apply(redo)
    assert _spans_in_db(project, doc_id, lan)[first.key][1]["suggester"] == first.version
    # a reopened session keeps provenance across delete and undo
    reopened = project.open_annotation(doc_id, lan)
    back = reopened.apply(DeleteSpan(first.as_span()))
    reopened.apply(back)
    assert _spans_in_db(project, doc_id, lan)[first.key][1]["suggestion_id"] == first.id
    # undo of the rejection offers it again
    sg.restore(project, rejection)
    assert second.key in {s.key for s in sg.pending(project, doc_id, lan)}


def test_accept_all_visible_is_one_step(project):
    sg.suggest_patterns(project, default_gazetteer_path())
    lan = project.annotator("lan")
    doc_id = project.documents.ids()[1]
    session = project.open_annotation(doc_id, lan)
    offered = sg.pending(project, doc_id, lan)
    version = session.version
    undo = sg.accept_all(session, offered)
    assert session.version == version + 1  # one transaction
    assert set(_spans_in_db(project, doc_id, lan)) == {s.key for s in offered}
    assert sg.pending(project, doc_id, lan) == []
    assert project.stats.collect().spans == len(offered)
    session.apply(undo)
    assert _spans_in_db(project, doc_id, lan) == {}
    assert len(sg.pending(project, doc_id, lan)) == len(offered)
    with pytest.raises(AnnotationError):
        sg.accept_all(project.open_annotation(doc_id, lan, SetKind.GOLD), offered)


def test_next_suggestion_moves_in_text_order_and_wraps(project):
    sg.suggest_patterns(project, default_gazetteer_path())
    lan = project.annotator("lan")
    offered = sg.pending(project, project.documents.ids()[0], lan)
    assert next_suggestion(offered, -1) == offered[0]
    assert next_suggestion(offered, offered[0].start) == next(s for s in offered if s.start > offered[0].start)
    assert next_suggestion(offered, 10**9) == offered[0]
    assert next_suggestion(offered, 10**9, wrap=False) is None
    assert next_suggestion(offered, offered[0].start, backwards=True) == offered[-1]


# -- a model trained on generated gold ------------------------------------------------------
@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    root = tmp_path_factory.mktemp("trained")
    project = Project.open(str(root / "db.sqlite3"), initialize="schema")
    gold = generate_articles(24, seed=3)
    fresh = generate_articles(6, seed=4)
    docs = [
        IncomingDocument(text=a.text, uid=f"gold-{i}", title=f"gold {i}",
                         sets=[IncomingSet(None, [Span(*k) for k in a.spans], kind=SetKind.GOLD, status=Status.DONE)])
        for i, a in enumerate(gold)
    ] + [IncomingDocument(text=a.text, uid=f"new-{i}", title=f"new {i}") for i, a in enumerate(fresh)]
    project.importer.import_documents(docs)
    steps: list[int] = []
    result = sg.train(project, root / "model", max_steps=40, on_step=lambda info: steps.append(info["step"]))
    yield project, result, steps, fresh
    project.close()


def test_train_records_the_model_with_its_scores(trained):
    project, result, steps, _ = trained
    assert steps and steps[-1] == 40
    assert Path(result["path"], "meta.json").is_file()
    assert result["training"]["train_documents"] + result["training"]["dev_documents"] == 24
    assert set(result["scores"]["labels"]) <= set(project.schema.label_names)
    listed = {r["version"]: r for r in sg.suggesters(project)}
    assert listed[result["version"]]["scores"] == result["scores"]
    assert listed[result["version"]]["kind"] == "model"


def test_model_suggestions_accept_reject_evaluate_and_uncertainty(trained):
    project, result, _, fresh = trained
    ids = [project.documents.by_uid(f"new-{i}").id for i in range(len(fresh))]
    report = sg.suggest_model(project, Path(result["path"]), ids, batch_size=4)
    assert report.documents == len(ids) and report.kind == "model" and report.version == result["version"]
    ann = project.annotator("an")
    offered = {d: sg.pending(project, d, ann) for d in ids}
    all_offered = [s for v in offered.values() for s in v]
    assert all_offered, "a model trained on 24 articles suggests something"
    assert all(s.score is not None and 0.0 <= s.score <= 1.0 and s.kind == "model" for s in all_offered)
    high = sg.pending(project, ids[0], ann, threshold=0.5)
    assert all(s.score >= 0.5 for s in high)
    doc_id = next(d for d in ids if offered[d])
    session = project.open_annotation(doc_id, ann)
    take = offered[doc_id][0]
    sg.accept(session, take)
    source, meta = _spans_in_db(project, doc_id, ann)[take.key]
    assert source == "model" and meta["suggester"] == result["version"] and meta["score"] == round(take.score, 4)
    if len(offered[doc_id]) > 1:
        drop = offered[doc_id][1]
        sg.reject(project, drop, ann)
        sg.suggest_model(project, Path(result["path"]), [doc_id])  # the same version again
        assert drop.key not in {s.key for s in sg.pending(project, doc_id, ann)}
        assert drop.key not in _spans_in_db(project, doc_id, ann)
        with project.db.read() as s:
            assert s.scalar(select(SuggestionRejectionRow.suggestion_id)) == drop.id
    # evaluation against gold: per label, the micro average in range
    scores = sg.evaluate(project, Path(result["path"]))
    assert scores["documents"] == 24 and 0.0 <= scores["all"]["f"] <= 1.0
    # uncertainty queue: the most uncertain unfinished document first
    with project.db.read() as s:
        stored = dict(s.execute(select(SuggestedDocumentRow.document_id, SuggestedDocumentRow.uncertainty)
                                .where(SuggestedDocumentRow.document_id.in_(ids))).all())
    assert all(0.0 <= u <= 1.0 for u in stored.values())
    top = max(stored, key=lambda d: (stored[d], -d))
    assert sg.next_document(project, ann) == top
    project.open_annotation(top, ann).set_status(Status.DONE)
    rest = {d: u for d, u in stored.items() if d != top}
    assert sg.next_document(project, ann) == max(rest, key=lambda d: (rest[d], -d))
    assert sg.next_document(project, ann, after_id=sg.next_document(project, ann)) != sg.next_document(project, ann)


def test_agreement_with_the_model_as_pseudo_annotator(trained):
    project, result, _, fresh = trained
    ids = [project.documents.by_uid(f"new-{i}").id for i in range(len(fresh))]
    sg.suggest_model(project, Path(result["path"]), ids)
    bo = project.annotator("bo")
    for d in ids[:3]:
        session = project.open_annotation(d, bo)
        offered = sg.pending(project, d, bo)
        if offered:
            sg.accept_all(session, offered)
        session.set_status(Status.DONE)
    data = Review(project).agreement(model=result["version"])
    pairs = {(p["a"], p["b"]) for p in data["pairs"]}
    name = f"model:{result['version']}"
    assert ("bo", name) in pairs or (name, "bo") in pairs
    pair = next(p for p in data["pairs"] if {p["a"], p["b"]} == {"bo", name})
    assert pair["span_f1"] == pytest.approx(1.0)  # bo accepted exactly what the model suggested
    with pytest.raises(AnnotationError, match="no model"):
        Review(project).agreement(model="nope")


def test_reviewer_sees_which_gold_spans_came_from_suggestions(project):
    sg.suggest_patterns(project, default_gazetteer_path())
    doc_id = project.documents.ids()[0]
    offered = sg.pending(project, doc_id, project.annotator("lan"))
    taken, typed = offered[0], offered[1]
    for name in ("lan", "minh"):
        who = project.annotator(name)
        session = project.open_annotation(doc_id, who)
        sg.accept(session, taken)
        if name == "lan":
            session.apply(AddSpan(typed.as_span().with_label(typed.label)))  # source pattern, but typed: no meta
        else:
            session.apply(AddSpan(Span(typed.start, typed.end, typed.label)))
        session.set_status(Status.DONE)
    Review(project).merge("majority", project.annotator("rev", "reviewer"))
    gold = {s.key for s in Review(project).gold(doc_id).spans}
    assert {taken.key, typed.key} <= gold
    seen = sg.gold_provenance(project, doc_id)
    assert sorted(p["annotator"] for p in seen[taken.key]) == ["lan", "minh"]
    assert all(p["source"] == "pattern" and p["suggester"] == taken.version for p in seen[taken.key])
    # lan's typed span claims the source but has no suggestion provenance; minh's is manual
    assert [p["annotator"] for p in seen.get(typed.key, [])] == ["lan"] and seen[typed.key][0]["suggester"] is None


def test_matches_off_token_edges_are_widened_with_a_record_or_refused():
    from annotator.nlp.suggest import Match

    text = "Ông Park Noh-wan đến TP.HCM ngày 19/8."
    report = sg.RunReport(version="v", kind="model")
    labels = {"PER_KR", "LOC_VN"}
    got = sg.align_matches(7, text, [
        Match(4, 16, "PER_KR", 0.9),       # on token edges: kept as is
        Match(5, 12, "PER_KR", 0.4),       # inside "Park" … "Noh": widened to whole tokens
        Match(16, 17, "LOC_VN", 0.5),      # only a space: refused
        Match(21, 27, "NOT_A_LABEL", 0.5),  # unknown label: counted
        Match(4, 16, "PER_KR", 0.8),       # the same key twice: once
    ], labels, report)
    assert got[0][:3] == (4, 16, "PER_KR") and got[0][4] == {}
    assert got[1][:2] == (4, 12) and got[1][4] == {"snapped_from": [5, 12]}
    assert text[4:12] == "Park Noh"
    assert len(got) == 2
    assert report.snapped == [{"document": 7, "start": 5, "end": 12, "label": "PER_KR", "text": "ark Noh",
                               "snapped_to": [4, 12]}]
    assert [u["start"] for u in report.unaligned] == [16]
    assert report.unknown_labels == {"NOT_A_LABEL": 1} and report.found == 5


def test_one_history_holds_accepts_and_rejects_and_undoes_them_in_order(project, tmp_path):
    from annotator.core.history import History

    sg.suggest_patterns(project, default_gazetteer_path())
    lan = project.annotator("lan")
    doc_id = project.documents.ids()[0]
    session = project.open_annotation(doc_id, lan)
    a, b, c = sg.pending(project, doc_id, lan)[:3]
    history: History = History()

    def do(step):
        history.push(step, sg.apply_step(project, session, step), step.describe(session.document.text))

    do(AddSpan(a.as_span()))  # what accept() applies; the window pushes it with its provenance
    do(sg.RejectSuggestion(b, lan))
    do(sg.AddSpans((c.as_span(),)))
    pending_keys = {s.key for s in sg.pending(project, doc_id, lan)}
    assert not {a.key, b.key, c.key} & pending_keys
    assert history.undo(lambda step: sg.apply_step(project, session, step))  # c
    assert c.key in {s.key for s in sg.pending(project, doc_id, lan)}
    assert history.undo(lambda step: sg.apply_step(project, session, step))  # the reject
    assert b.key in {s.key for s in sg.pending(project, doc_id, lan)}
    assert history.redo(lambda step: sg.apply_step(project, session, step))  # reject again
    assert b.key not in {s.key for s in sg.pending(project, doc_id, lan)}
    assert "reject" in history.undo_entry().description
    # only what was accepted counts: an export of lan's sets holds exactly a
    report = export_svc.export_spacy(project, tmp_path / "out", source=export_svc.SourceSpec("annotator", "lan"),
                                     dev_fraction=0)
    assert report["spans"] == 1 and set(_spans_in_db(project, doc_id, lan)) == {a.key}


def test_accepted_model_suggestions_export_as_the_annotators_annotations(trained, tmp_path):
    from annotator.services import interchange

    project, result, _, fresh = trained
    ids = [project.documents.by_uid(f"new-{i}").id for i in range(len(fresh))]
    sg.suggest_model(project, Path(result["path"]), ids)
    cu = project.annotator("cu")
    doc_id, offered = next((d, o) for d in ids if (o := sg.pending(project, d, cu)))
    session = project.open_annotation(doc_id, cu)
    sg.accept_all(session, offered)
    session.set_status(Status.DONE)
    out = interchange.export_files(project, tmp_path / "ls.json", "labelstudio",
                                   source=export_svc.SourceSpec("annotator", "cu"))
    tasks = json.loads(Path(out["path"]).read_text(encoding="utf-8"))
    uid = project.document(doc_id).uid
    task = next(t for t in tasks if t["data"]["uid"] == uid)
    assert task["predictions"] == [] and len(task["annotations"]) == 1
    assert task["annotations"][0]["completed_by"] == {"email": "cu"}
    assert len(task["annotations"][0]["result"]) == len(offered)


def test_a_relabelled_suggestion_keeps_its_provenance_and_is_not_offered_again(project):
    from annotator.core.commands import SetLabel

    sg.suggest_patterns(project, default_gazetteer_path())
    lan = project.annotator("lan")
    doc_id = project.documents.ids()[0]
    session = project.open_annotation(doc_id, lan)
    sug = next(s for s in sg.pending(project, doc_id, lan) if s.label != "EVENT")
    sg.accept(session, sug)
    session.apply(SetLabel(sug.as_span(), "EVENT"))
    new_key = (sug.start, sug.end, "EVENT")
    source, meta = _spans_in_db(project, doc_id, lan)[new_key]
    assert source == "pattern" and meta["suggestion_id"] == sug.id and meta["relabelled_from"] == sug.label
    assert (sug.start, sug.end) not in {(s.start, s.end) for s in sg.pending(project, doc_id, lan)}
