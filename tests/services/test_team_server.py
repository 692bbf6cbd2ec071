"""A team on one PostgreSQL server (issue 11): real login roles, row-level security, assignment,
concurrent reviewers, a server going away mid-burst.

Needs ANNOTATOR_TEST_POSTGRES_URL (an admin URL, e.g. `postgresql+psycopg://postgres@127.0.0.1:55439/postgres`);
each test makes its own database and login roles (random names) and drops them at the end.
ANNOTATOR_TEST_POSTGRES_RESTART, when set, is a shell command that restarts the server (`.ci/run`
sets it); without it the restart test cuts every connection of its database instead.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
import uuid

import pytest
from typer.testing import CliRunner

from annotator.core.commands import AddSpan
from annotator.core.document import SetKind, Span, Status
from annotator.core.errors import AnnotatorError, ConcurrencyError, NotAllowedError, StorageError
from annotator.core.tokenize import tokenize
from annotator.services.assignment import Assignments
from annotator.services.project import Project
from annotator.services.review import Review
from annotator.services.team import add_user, init_server

PG = os.environ.get("ANNOTATOR_TEST_POSTGRES_URL")
RESTART = os.environ.get("ANNOTATOR_TEST_POSTGRES_RESTART")
pytestmark = pytest.mark.skipif(not PG, reason="set ANNOTATOR_TEST_POSTGRES_URL to run against PostgreSQL")


class Team:
    """One test database on the server, its owner's project, and login roles made for the test."""

    def __init__(self) -> None:
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        self.text = text
        self.base = make_url(PG)
        self.tag = uuid.uuid4().hex[:8]
        self.name = f"annotator_team_{self.tag}"
        self.admin = create_engine(self.base, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
        with self.admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{self.name}"'))
        self.url = self.base.set(database=self.name)
        self.owner = Project.open(self.url.render_as_string(hide_password=False))  # schema + 5 bundled articles
        init_server(self.owner.db)
        self.users: list[str] = []
        self.projects: list[Project] = [self.owner]

    def user(self, short: str, group: str) -> str:
        name = f"t{self.tag}_{short}"
        add_user(self.owner.db, name, group, f"pw {short} ' x")  # a quote in the password is quoted
        self.users.append(name)
        return name

    def login_url(self, name: str) -> str:
        return self.url.set(username=name, password="unused").render_as_string(hide_password=False)

    def login(self, name: str) -> Project:
        p = Project.open(self.login_url(name), initialize=False)
        self.projects.append(p)
        return p

    def raw(self, project: Project, sql: str, **params):
        with project.db.engine.begin() as c:
            return c.execute(self.text(sql), params).all()

    def close(self) -> None:
        for p in self.projects:
            p.close()
        with self.admin.connect() as c:
            c.execute(self.text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
            for u in self.users:
                c.execute(self.text(f'DROP ROLE IF EXISTS "{u}"'))
        self.admin.dispose()


@pytest.fixture
def team():
    t = Team()
    yield t
    t.close()


def span_of(text: str, phrase: str, label: str) -> Span:
    i = text.index(phrase)
    return Span(i, i + len(phrase), label)


def test_the_user_is_the_login_and_her_role_its_group(team: Team) -> None:
    ann, rev = team.user("ann", "annotator"), team.user("rev", "reviewer")
    a, r = team.login(ann), team.login(rev)
    assert a.db.team and r.db.team
    me = a.annotator("somebody-else", role="reviewer")  # --user / --role ignored on a team server
    assert (me.name, me.role.value) == (ann, "annotator")
    assert (r.annotator("x").name, r.annotator("x").role.value) == (rev, "reviewer")
    assert a.annotators.groups() == {"annotator"} and r.annotators.groups() == {"reviewer"}


def test_raw_sql_as_an_annotator_sees_only_her_own_sets(team: Team) -> None:
    a1, a2, rv = team.user("a1", "annotator"), team.user("a2", "annotator"), team.user("rv", "reviewer")
    p1, p2, pr = team.login(a1), team.login(a2), team.login(rv)
    text = p1.document(1).text
    phan = span_of(text, "Phan Văn Đăng", "PER_VN")
    p1.open_annotation(1, p1.annotator(a1)).apply(AddSpan(phan))
    s2 = p2.open_annotation(1, p2.annotator(a2))
    assert s2.spans == []  # she does not see a1's work through the services either
    s2.apply(AddSpan(phan.with_label("PER_KR")))
    s2.set_status(Status.DONE)

    assert [r.label for r in team.raw(p1, "SELECT * FROM span")] == ["PER_VN"]
    assert len(team.raw(p1, "SELECT * FROM annotation_set")) == 1
    assert team.raw(p1, "SELECT * FROM review_decision") == []
    assert sorted(r.label for r in team.raw(pr, "SELECT * FROM span")) == ["PER_KR", "PER_VN"]
    # what her connection reads through the services is as narrow
    assert [s.annotator for s in p1.sets.all()] == [a1]
    assert {s.annotator for s in pr.sets.all()} == {a1, a2}
    # she cannot change another's set, even by raw SQL: the rows are not there for her
    their_set = team.raw(pr, "SELECT id FROM annotation_set WHERE annotator_id = (SELECT id FROM annotator WHERE name = :n)",
                         n=a2)[0].id
    assert team.raw(p1, f"UPDATE span SET label = 'X' WHERE set_id = {their_set} RETURNING id") == []
    assert team.raw(p1, f"DELETE FROM annotation_set WHERE id = {their_set} RETURNING id") == []
    with pytest.raises(Exception, match="row-level security"):
        team.raw(p1, f"INSERT INTO span (set_id, start, \"end\", label, source, created) "
                     f"VALUES ({their_set}, 0, 3, 'PER_VN', 'manual', now())")
    assert sorted(r.label for r in team.raw(pr, "SELECT * FROM span")) == ["PER_KR", "PER_VN"]
    # the stored review state stays right although her edits clear rows she cannot read
    [row] = Review(pr).status([1])
    assert (row.participants, row.finished) == (2, 1)
    p1.open_annotation(1, p1.annotator(a1)).set_status(Status.DONE)
    [row] = Review(pr).status([1])
    assert (row.participants, row.finished, row.state) == (2, 2, "conflicts")


def test_a_gold_write_or_a_decision_as_an_annotator_is_refused_by_the_database(team: Team) -> None:
    a1, rv = team.user("a1", "annotator"), team.user("rv", "reviewer")
    p1, pr = team.login(a1), team.login(rv)
    text = p1.document(1).text
    phan = span_of(text, "Phan Văn Đăng", "PER_VN")
    gold = p1.open_annotation(1, None, SetKind.GOLD)
    with pytest.raises(NotAllowedError, match=r"not allowed .*gold only a reviewer"):
        gold.apply(AddSpan(phan))
    assert gold.spans == [] and gold.set_id is None
    # raw SQL cannot either: not a gold set, not a decision
    with pytest.raises(Exception, match="row-level security"):
        team.raw(p1, "INSERT INTO annotation_set (document_id, kind, status, seconds, version, span_count, updated) "
                     "VALUES (1, 'gold', 'todo', 0, 0, 0, now())")
    with pytest.raises(Exception, match=r"permission denied|row-level security"):
        team.raw(p1, "INSERT INTO review_decision (document_id, kind, key, decision, created, version) "
                     "VALUES (1, 'span', '[0,3,\"PER_VN\"]', 'accept', now(), 1)")
    # what the services say when the role is asked for by name: the database decides who she is
    me = p1.annotator(rv)
    with pytest.raises(NotAllowedError, match="not a reviewer"):
        Review(p1).decide(1, phan.key, "accept", me)
    assert team.raw(pr, "SELECT * FROM annotation_set WHERE kind = 'gold'") == []
    # a reviewer writes gold
    pr.open_annotation(1, None, SetKind.GOLD).apply(AddSpan(phan))
    assert [r.label for r in team.raw(pr, "SELECT s.label FROM span s JOIN annotation_set a ON a.id = s.set_id "
                                          "WHERE a.kind = 'gold'")] == ["PER_VN"]
    assert team.raw(p1, "SELECT * FROM span") == []  # and the annotator does not see gold


def test_managers_import_assign_and_add_users_but_write_no_gold(team: Team, tmp_path) -> None:
    mg, a1 = team.user("mg", "manager"), team.user("a1", "annotator")
    pm, p1 = team.login(mg), team.login(a1)
    f = tmp_path / "in.jsonl"
    line = {"text": "Ông Phan Văn Đăng đến Hà Nội hôm qua.", "label": [[4, 17, "PER_VN"]]}
    f.write_text(json.dumps({**line, "gold": True}, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(NotAllowedError, match="gold only a reviewer"):
        pm.importer.import_files([f], "doccano")
    assert pm.documents.count() == 5  # nothing imported
    f.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    pm.importer.import_files([f], "doccano", annotator=a1)
    assert pm.documents.count() == 6
    with pytest.raises(NotAllowedError, match="not allowed — only a manager may"):
        p1.importer.import_files([tmp_path / "in.jsonl"], "doccano")
    # a manager adds a user (CREATEROLE), an annotator cannot
    other = f"t{team.tag}_new"
    add_user(pm.db, other, "annotator", "secret")
    team.users.append(other)
    assert team.login(other).annotator("x").name == other
    with pytest.raises(NotAllowedError):
        add_user(p1.db, f"t{team.tag}_nope", "reviewer", "secret")


def test_assignment_overlap_two_over_three_annotators(team: Team) -> None:
    names = [team.user(n, "annotator") for n in ("a1", "a2", "a3")]
    mg = team.user("mg", "manager")
    pm = team.login(mg)
    ids = pm.documents.ids()
    with pytest.raises(NotAllowedError, match="only a manager may assign"):
        Assignments(team.login(names[0]).db).assign(names, 2, ids, create=False)
    with pytest.raises(AnnotatorError, match="no annotator named 'ghost'"):
        Assignments(pm.db).assign([*names, "ghost"], 2, ids, create=False)
    report = Assignments(pm.db).assign(names, 2, ids, create=False)
    assert report.added == 2 * len(ids) == 10
    assert sorted(report.per_annotator.values()) == [3, 3, 4]
    holders: dict[int, list[str]] = {}
    for name in names:
        p = team.login(name)
        me = p.annotator(name)
        mine = [d.id for d in p.documents.page(me)]
        assert len(mine) == report.per_annotator[name] == p.documents.count(me)
        for d in mine:
            holders.setdefault(d, []).append(name)
        # her next document is one of hers; a document that is not hers is refused by the database
        assert p.documents.next_id(None, me) == mine[0]
        other = next(d for d in ids if d not in mine)
        ses = p.open_annotation(other, me)
        text = ses.document.text
        with pytest.raises(NotAllowedError, match="documents assigned to you"):
            ses.apply(AddSpan(Span(0, next(i for i, c in enumerate(text) if c == " "), "PER_VN")))
        p.open_annotation(mine[0], me).set_status(Status.DONE)
    assert all(len(v) == 2 for v in holders.values()) and set(holders) == set(ids)
    stats = pm.stats.collect().per_annotator
    for name in names:
        assert stats[name].assigned == report.per_annotator[name]
        assert stats[name].progress["done"] == 1 and stats[name].progress["todo"] == stats[name].assigned - 1


def test_concurrent_decisions_on_one_key_the_second_gets_a_conflict(team: Team) -> None:
    a1, a2 = team.user("a1", "annotator"), team.user("a2", "annotator")
    r1, r2 = team.user("r1", "reviewer"), team.user("r2", "reviewer")
    pa1, pa2 = team.login(a1), team.login(a2)
    text = pa1.document(1).text
    words = [w for w in ("Phan Văn Đăng", "Bình Thuận", "VKBIA", "Hàn Quốc") if w in text]
    keys = []
    for p, name, label in ((pa1, a1, "PER_VN"), (pa2, a2, "PER_KR")):
        ses = p.open_annotation(1, p.annotator(name))
        for w in words:
            ses.apply(AddSpan(span_of(text, w, label)))
        ses.set_status(Status.DONE)
    keys = [span_of(text, w, "PER_VN").key for w in words]
    pr1, pr2 = team.login(r1), team.login(r2)
    rev1, rev2 = Review(pr1), Review(pr2)
    me1, me2 = pr1.annotator(r1), pr2.annotator(r2)

    # one after the other: the second was looking at the document before the first decided
    rev1.candidates(1)
    rev2.candidates(1)
    rev1.decide(1, keys[0], "accept", me1)
    with pytest.raises(ConcurrencyError, match=f"just accepted by {r1}"):
        rev2.decide(1, keys[0], "reject", me2)
    with pytest.raises(ConcurrencyError):  # a retry without looking again is refused too
        rev2.decide(1, keys[0], "reject", me2)
    adj = rev2.candidates(1)  # she sees the first decision ...
    assert adj.span(keys[0]).decision.value == "accept"
    rev2.decide(1, keys[0], "reject", me2)  # ... and may now overrule it
    rev2.decide(1, keys[1], "accept", me2)  # her own later steps need no re-read

    # at the same moment, on every key: exactly one of two is recorded, the other told so
    results: dict[str, list] = {r1: [], r2: []}
    for key in keys[1:]:
        rev1.candidates(1)
        rev2.candidates(1)
        barrier = threading.Barrier(2)

        def go(rev, me, decision, key=key, barrier=barrier):
            barrier.wait()
            try:
                rev.decide(1, key, decision, me)
                results[me.name].append((key, decision))
            except ConcurrencyError:
                results[me.name].append((key, None))

        threads = [threading.Thread(target=go, args=(rev1, me1, "reject")),
                   threading.Thread(target=go, args=(rev2, me2, "accept"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    stored = {tuple(json.loads(r.key)): r.decision for r in team.raw(pr1, "SELECT key, decision FROM review_decision")}
    for key in keys[1:]:
        told = [(who, d) for who in (r1, r2) for k, d in results[who] if k == key and d is not None]
        assert len(told) == 1, (key, results)  # never both told "recorded"
        assert stored[key] == told[0][1]  # and the one told is what is stored
    assert stored[keys[0]] == "reject"


def test_two_sessions_before_the_set_exists_end_in_one_set_and_a_conflict(team: Team) -> None:
    a1 = team.user("a1", "annotator")
    p, q = team.login(a1), team.login(a1)
    me = p.annotator(a1)
    w1, w2 = p.open_annotation(1, me), q.open_annotation(1, me)
    text = w1.document.text
    w1.apply(AddSpan(span_of(text, "Phan Văn Đăng", "PER_VN")))
    with pytest.raises(ConcurrencyError, match="changed elsewhere"):
        w2.apply(AddSpan(span_of(text, "Bình Thuận", "LOC_VN")))
    assert w2.spans == [] and w2.set_id is None
    [stored] = p.sets.all(1)
    assert [s.label for s in stored.spans] == ["PER_VN"]
    assert team.raw(p, "SELECT span_count FROM annotation_set")[0].span_count == 1


def _restart(team: Team) -> None:
    if RESTART:
        # (its output to a log file of its own: a server started here must not hold our pipes)
        subprocess.run(RESTART, shell=True, check=True, timeout=120, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return
    with team.admin.connect() as c:  # the same for the clients: every connection gone at once
        c.execute(team.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            "WHERE datname = :d AND pid <> pg_backend_pid()"), {"d": team.name})


def test_a_server_restart_mid_burst_loses_nothing_reported_saved(team: Team) -> None:
    a1 = team.user("a1", "annotator")
    p = team.login(a1)
    me = p.annotator(a1)
    text = p.document(1).text
    candidates = [Span(a, b, "PER_VN") for a, b in tokenize(text) if text[a:b].isalpha()]
    saved: list[Span] = []
    refused = 0
    session = p.open_annotation(1, me)
    restarts = []
    for n, span in enumerate(candidates[:60]):
        if n in (10, 35):  # the server goes away while the edits go on
            restarts.append(threading.Thread(target=_restart, args=(team,)))
            restarts[-1].start()
        for _attempt in range(60):
            try:
                session.apply(AddSpan(span))
                saved.append(span)
                break
            except (StorageError, ConcurrencyError):
                refused += 1  # "NOT SAVED": try again on what is stored, as the window does
                time.sleep(0.25)
                try:
                    session = p.open_annotation(1, me)
                except StorageError:
                    continue
                if span in session.spans:  # committed, although the answer was lost on the way
                    break
        time.sleep(0.01)
    for t in restarts:
        t.join()
    stored = {s.key for s in p.sets.get(1, me).spans}
    assert {s.key for s in saved} <= stored  # nothing reported saved is lost
    assert len(saved) >= 50
    assert team.raw(p, "SELECT span_count FROM annotation_set")[0].span_count == len(stored)


def test_server_commands(team: Team) -> None:
    runner = CliRunner()
    from annotator.cli.app import app

    admin = team.url.render_as_string(hide_password=False)
    res = runner.invoke(app, ["--db", admin, "server", "init"])
    assert res.exit_code == 0, res.output
    assert "row-level security on" in res.output
    name = f"t{team.tag}_cli"
    team.users.append(name)
    res = runner.invoke(app, ["--db", admin, "server", "add-user", name, "--role", "annotator"], input="s3cret\n")
    assert res.exit_code == 0, res.output
    assert "s3cret" not in res.output
    # only its SCRAM verifier went to the server (kept as sent: the server parsed it as one)
    with team.admin.connect() as c:
        stored = c.execute(team.text("SELECT rolpassword FROM pg_authid WHERE rolname = :n"), {"n": name}).scalar()
    assert stored.startswith("SCRAM-SHA-256$4096:") and "s3cret" not in stored
    res = runner.invoke(app, ["--db", admin, "server", "add-user", "Bad Name", "--role", "annotator"], input="x\n")
    assert res.exit_code == 1 and "lower-case" in res.output
    user_url = team.login_url(name)
    res = runner.invoke(app, ["--db", user_url, "review", "show", "1"])
    assert res.exit_code == 1 and "not allowed" in res.output and "Traceback" not in res.output
    res = runner.invoke(app, ["--db", user_url, "assign", "--annotators", name])
    assert res.exit_code == 1 and "only a manager may assign" in res.output and "Traceback" not in res.output
    res = runner.invoke(app, ["--db", admin, "assign", "--annotators", name, "--documents", "1-2", "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["per_annotator"] == {name: 2}
    res = runner.invoke(app, ["--db", user_url, "stats", "--json"])
    assert json.loads(res.output)["per_annotator"][name]["assigned"] == 2
    sqlite = runner.invoke(app, ["--db", "x.sqlite3", "server", "init"])
    assert sqlite.exit_code == 1 and "PostgreSQL" in sqlite.output


def test_a_managers_schema_change_rewrites_gold_and_decisions_too(team: Team) -> None:
    a1, rv, mg = team.user("a1", "annotator"), team.user("rv", "reviewer"), team.user("mg", "manager")
    p1, pr, pm = team.login(a1), team.login(rv), team.login(mg)
    text = p1.document(1).text
    phan = span_of(text, "Phan Văn Đăng", "PER_VN")
    ses = p1.open_annotation(1, p1.annotator(a1))
    ses.apply(AddSpan(phan))
    ses.set_status(Status.DONE)
    review = Review(pr)
    review.candidates(1)
    review.decide(1, phan.key, "accept", pr.annotator(rv))
    pm.schemas.rename_label("PER_VN", "NGUOI_VN")
    labels = sorted(r.label for r in team.raw(pr, "SELECT label FROM span"))
    assert labels == ["NGUOI_VN", "NGUOI_VN"]  # the annotator's span and the gold one: none skipped
    [key] = [r.key for r in team.raw(pr, "SELECT key FROM review_decision")]
    assert "NGUOI_VN" in key
    # changing rows is not adding them: a manager still writes no gold of her own
    with pytest.raises(NotAllowedError):
        pm.open_annotation(2, None, SetKind.GOLD).apply(AddSpan(span_of(pm.document(2).text, "Hàn Quốc", "LOC_KR")))


def test_two_sessions_creating_the_set_at_the_same_moment(team: Team) -> None:
    a1 = team.user("a1", "annotator")
    for doc in (1, 2, 3):
        p, q = team.login(a1), team.login(a1)
        me = p.annotator(a1)
        w1, w2 = p.open_annotation(doc, me), q.open_annotation(doc, me)
        text = w1.document.text
        spans = [Span(a, b, "PER_VN") for a, b in tokenize(text) if text[a:b].isalpha()][:2]
        barrier, told = threading.Barrier(2), {}

        def go(w, span, barrier=barrier, told=told):
            barrier.wait()
            try:
                w.apply(AddSpan(span))
                told[id(w)] = "saved"
            except ConcurrencyError:
                told[id(w)] = "conflict"

        threads = [threading.Thread(target=go, args=(w, s)) for w, s in ((w1, spans[0]), (w2, spans[1]))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(told.values()) == ["conflict", "saved"], told
        [stored] = p.sets.all(doc)
        winner = w1 if told[id(w1)] == "saved" else w2
        assert [s.key for s in stored.spans] == [s.key for s in winner.spans]
        assert team.raw(p, "SELECT span_count FROM annotation_set WHERE document_id = :d", d=doc)[0].span_count == 1
