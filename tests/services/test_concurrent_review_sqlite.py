"""SQLite, several programs at once (issue 11 item 4): every read-then-write unit takes the write
lock up front, so concurrent reviewers wait instead of failing; a decision on a key another
reviewer changed meanwhile is a conflict, never a silent overwrite; two windows on a document
whose set does not exist yet end in one set and a conflict."""

from __future__ import annotations

import multiprocessing
import traceback

import pytest

from annotator.core.commands import AddSpan
from annotator.core.document import Span, Status
from annotator.core.errors import ConcurrencyError
from annotator.services.project import Project
from annotator.services.review import Review

WORDS = ("Phan Văn Đăng", "Bình Thuận", "VKBIA", "Hàn Quốc")


def _keys(project: Project) -> list:
    text = project.document(1).text
    out = []
    for w in WORDS:
        if w in text:
            i = text.index(w)
            out.append((i, i + len(w), "PER_VN"))
    return out


@pytest.fixture
def annotated(project):
    text = project.document(1).text
    for name, label in (("an", "PER_VN"), ("binh", "PER_KR")):
        ses = project.open_annotation(1, project.annotator(name))
        for w in WORDS:
            if w in text:
                i = text.index(w)
                ses.apply(AddSpan(Span(i, i + len(w), label)))
        ses.set_status(Status.DONE)
    for name in ("r1", "r2"):
        project.annotator(name, "reviewer")
    return project


def _reviewer(db: str, name: str, rounds: int, barrier, out) -> None:
    try:
        p = Project.open(db, initialize=False)
        review, me = Review(p), p.annotators.find(name)
        keys = _keys(p)
        told = []
        for n in range(rounds):
            key = keys[n % len(keys)]
            decision = "accept" if (n + (name == "r2")) % 2 else "reject"
            review.candidates(1)
            barrier.wait()
            try:
                if n % 5 == 4:
                    review.merge("majority", me, document_id=1)
                    told.append(("merge", None, "done"))
                else:
                    review.decide(1, key, decision, me)
                    told.append(("decide", list(key), decision))
            except ConcurrencyError:
                told.append(("decide", list(key), None))
        p.close()
        out.put((name, told, None))
    except BaseException:  # reported to the parent
        out.put((name, None, traceback.format_exc()))


def test_two_reviewer_programs_wait_for_each_other_and_never_both_win(annotated, db_path) -> None:
    ctx = multiprocessing.get_context("spawn")
    barrier, out = ctx.Barrier(2), ctx.Queue()
    rounds = 30
    procs = [ctx.Process(target=_reviewer, args=(str(db_path), n, rounds, barrier, out)) for n in ("r1", "r2")]
    for pr in procs:
        pr.start()
    results = {}
    for _ in procs:
        name, told, error = out.get(timeout=300)
        assert error is None, error  # no "database is locked", no other failure
        results[name] = told
    for pr in procs:
        pr.join(timeout=60)
    decided = [(r1, r2) for r1, r2 in zip(results["r1"], results["r2"], strict=True) if r1[0] == "decide"]
    assert all(t[2] == "done" for who in results.values() for t in who if t[0] == "merge")  # every merge saved
    # each round both read the document, then decided the same key at once (one accept, one
    # reject): the first is recorded, the second waits for the lock, sees the first and is told so
    assert len(decided) == 24
    for a, b in decided:
        assert a[1] == b[1]
        assert (a[2] is None) != (b[2] is None), (a, b)  # exactly one told "recorded"
    last = {}
    for a, b in decided:
        won = a if a[2] is not None else b
        last[tuple(won[1])] = won[2]
    p = Project.open(str(db_path), initialize=False)
    try:
        stored = {d.key: d.decision.value for d in Review(p).candidates(1).candidates if d.decision is not None}
    finally:
        p.close()
    assert stored == last  # and what they were told is what is stored


def test_two_windows_before_the_set_exists_end_in_one_set_and_a_conflict(project) -> None:
    me = project.annotator("an")
    other = Project.open(str(project.db.engine.url.database), initialize=False)
    try:
        w1, w2 = project.open_annotation(1, me), other.open_annotation(1, me)
        text = w1.document.text
        i, j = text.index("Phan Văn Đăng"), text.index("Bình Thuận")
        w1.apply(AddSpan(Span(i, i + 13, "PER_VN")))
        with pytest.raises(ConcurrencyError, match="changed elsewhere since it was opened"):
            w2.apply(AddSpan(Span(j, j + 10, "LOC_VN")))
        assert w2.spans == [] and w2.set_id is None
        w3 = other.open_annotation(1, me)  # reopened: sees the first window's span, saves on it
        w3.apply(AddSpan(Span(j, j + 10, "LOC_VN")))
        w1b = project.open_annotation(1, me)
        assert sorted(s.label for s in w1b.spans) == ["LOC_VN", "PER_VN"]
        [stored] = project.sets.all(1)
        assert stored.version == 2 and len(stored.spans) == 2
    finally:
        other.close()


def test_a_lock_held_past_the_busy_timeout_is_named_with_its_cause(annotated) -> None:
    import sqlite3
    import time

    from annotator.core.errors import DatabaseLockedError

    project = annotated
    review, me = Review(project), project.annotators.find("r1")
    key = _keys(project)[0]
    other = sqlite3.connect(project.db.engine.url.database, isolation_level=None, timeout=0)
    other.execute("BEGIN IMMEDIATE")  # another program writing, and not finishing
    try:
        t0 = time.perf_counter()
        with project.db.busy_timeout(300), pytest.raises(DatabaseLockedError) as err:
            review.decide(1, key, "accept", me)
        waited = time.perf_counter() - t0
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert waited >= 0.29  # it waited out the busy timeout first, it did not fail at once
    assert "locked by another program" in str(err.value)
    assert "held its write lock for 0.3 s (the busy timeout)" in str(err.value)
    assert review.candidates(1).span(key).decision is None  # nothing written
    review.decide(1, key, "accept", me)  # and once the other program is done, it works
