"""The item models pass pytest-qt's model tester and follow edits row by row."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex

from annotator.core.commands import AddRelation, AddSpan, DeleteSpan
from annotator.core.document import IncomingDocument, Relation, Span, Status
from annotator.qt.models.document_table import DocumentTableModel
from annotator.qt.models.relation_table import RelationTableModel
from annotator.qt.models.span_table import SpanTableModel


def test_document_model_fetches_lazily(qtmodeltester, empty_project):
    empty_project.importer.import_documents(
        IncomingDocument(text=f"Bài số {i}: Hợp tác Việt Nam – Hàn Quốc {'kinh tế' if i % 3 else 'văn hóa'}.", uid=f"d{i}")
        for i in range(450)
    )
    lan = empty_project.annotator("lan")
    model = DocumentTableModel(empty_project, lan, page=100)
    assert model.total == 450
    assert model.rowCount() == 100
    assert model.canFetchMore(QModelIndex())
    qtmodeltester.check(model, force_py=True)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 450
    assert len({model.summary(r).id for r in range(450)}) == 450
    # (the tester's own modelReset handler fetches before it clears its reset flag, so a
    # filtered list is checked on a second model rather than by resetting the first)
    model = DocumentTableModel(empty_project, lan, page=100)
    model.set_filter("văn hóa")
    assert model.total == 150 and model.rowCount() == 100
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 150
    doc = model.summary(0).id
    model.update_document(doc, Status.DONE, 3)
    assert model.index(0, 1).data() == "done" and model.index(0, 2).data() == 3
    model.set_filter(None, Status.DONE)
    assert model.total == 0  # the update above was display only; the database says todo


def test_span_and_relation_models_follow_the_session(qtmodeltester, project):
    lan = project.annotator("lan")
    doc = project.documents.ids()[0]
    session = project.open_annotation(doc, lan)
    text = session.document.text
    spans_model, rel_model = SpanTableModel(), RelationTableModel()
    spans_model.set_session(session)
    rel_model.set_session(session)
    qtmodeltester.check(spans_model, force_py=True)  # stays attached: checks every change below
    inserted: list[tuple[int, int]] = []
    spans_model.rowsInserted.connect(lambda _p, a, b: inserted.append((a, b)))
    p = text.index("Phan Văn Đăng")
    person = Span(p, p + len("Phan Văn Đăng"), "PER_VN")
    t = text.index("Phó Chủ tịch")
    title = Span(t, t + len("Phó Chủ tịch Thường trực UBND tỉnh Bình Thuận"), "TITLE")
    d = text.index("19/8")
    date = Span(d, d + 4, "DATE")
    for s in (title, date, person):
        session.apply(AddSpan(s))
    assert inserted == [(0, 0), (0, 0), (1, 1)]  # kept sorted by offset, one row at a time
    assert [spans_model.span_at(r) for r in range(3)] == [date, person, title]
    session.apply(AddRelation(Relation(person.key, title.key, "HAS_TITLE")))
    assert rel_model.rowCount() == 1
    assert rel_model.index(0, 0).data() == "Phan Văn Đăng [PER_VN]"
    session.apply(DeleteSpan(person))
    assert spans_model.rowCount() == 2 and rel_model.rowCount() == 0


def test_relation_model_passes_the_model_tester(qtmodeltester, project):
    session = project.open_annotation(project.documents.ids()[0], project.annotator("lan"))
    text = session.document.text
    model = RelationTableModel()
    model.set_session(session)
    qtmodeltester.check(model, force_py=True)
    p = text.index("Phan Văn Đăng")
    person = Span(p, p + len("Phan Văn Đăng"), "PER_VN")
    t = text.index("Phó Chủ tịch")
    title = Span(t, t + len("Phó Chủ tịch Thường trực UBND tỉnh Bình Thuận"), "TITLE")
    session.apply(AddSpan(person))
    session.apply(AddSpan(title))
    session.apply(AddRelation(Relation(person.key, title.key, "HAS_TITLE")))
    assert model.rowCount() == 1
    session.apply(DeleteSpan(title))
    assert model.rowCount() == 0
