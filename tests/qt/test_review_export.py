"""From review mode to training data: decide with A / X, export `--source gold` with the CLI, load in spaCy;
and the agreement dashboard shows the service's figures."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from qt_helpers import find
from test_review_mode import gold_rows, labelled, open_review, press  # noqa: F401  (fixture)

from annotator.core.commands import AddRelation, AddSpan
from annotator.core.document import Relation, Span
from annotator.qt.review.dashboard import RecordTableModel
from annotator.services.review import Review


def test_gold_from_review_mode_exports_and_loads_in_spacy(qtbot, project, db_path, tmp_path, make_window, labelled):  # noqa: F811
    doc_id, text, s = labelled
    window, mode = open_review(qtbot, make_window, project, doc_id)
    decisions = {s["linh_vn"].key: Qt.Key.Key_A, s["date"].key: Qt.Key.Key_X, s["place"].key: Qt.Key.Key_A}
    for _ in range(8):
        press(qtbot, window, Qt.Key.Key_J)
        if mode.current_key in decisions:
            press(qtbot, window, decisions.pop(mode.current_key))
        if not decisions:
            break
    assert not decisions
    mode.merge("unanimous")  # Phan Văn Đăng: both annotators agree
    expected = {s["phan"].key, s["linh_vn"].key, s["place"].key}
    assert set(gold_rows(db_path, doc_id)) == expected

    out = tmp_path / "gold"
    res = subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(db_path), "export", "spacy", "--source", "gold",
         "--out", str(out), "--dev-fraction", "0"],
        capture_output=True, text=True, timeout=180,
    )
    assert res.returncode == 0, res.stderr + res.stdout
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "annotator.vi_syllables.v1"}}})
    files = sorted(out.glob("train*.spacy")) or sorted(out.glob("train/*.spacy"))
    docs = [d for f in files for d in DocBin().from_disk(f).get_docs(nlp.vocab)]
    assert len(docs) == 1  # only the reviewed document has a gold set
    doc = docs[0]
    assert doc.text == text
    assert {(e.start_char, e.end_char, e.label_) for e in doc.ents} == expected
    assert s["date"].key not in {(e.start_char, e.end_char, e.label_) for e in doc.ents}


def test_agreement_dashboard_shows_the_service_figures(qtbot, qtmodeltester, project, make_window, labelled):  # noqa: F811
    doc_id, text, s = labelled
    title = Span(*find(text, "Phó Chủ tịch Thường trực UBND tỉnh Bình Thuận"), "TITLE")
    for name in ("an", "binh"):  # both add the same title and relation (the sets stay done)
        session = project.open_annotation(doc_id, project.annotator(name))
        session.apply(AddSpan(title))
        session.apply(AddRelation(Relation(s["phan"].key, title.key, "HAS_TITLE")))
    other = project.documents.ids()[2]
    window = make_window(project, "rev", role="reviewer", open_first=False)
    window.open_document(other)
    qtbot.keyClick(window.article_view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dlg = window.review_mode.dashboard
    assert dlg is not None and dlg.isVisible()
    ref = Review(project).agreement(by_document=True)
    [pair] = ref["pairs"]
    assert dlg.figures["cohen_kappa"].text() == f"{ref['cohen_kappa']:.3f}"
    assert dlg.figures["krippendorff_alpha"].text() == f"{ref['krippendorff_alpha']:.3f}"
    assert dlg.figures["span_f1"].text() == f"{ref['span_f1']:.3f}" == "0.500"  # 2 × 2 matched ÷ (4 + 4)
    assert dlg.figures["relation_f1"].text() == "1.000"
    pm = dlg.pairs_model
    assert (pm.value(0, 0), pm.value(0, 1)) == ("an", "binh")
    assert pm.index(0, 5).data() == f"{pair['cohen_kappa']:.3f}"
    assert dlg.labels_model.value(0, 0) == "PER_VN"
    assert pytest.approx(dlg.labels_model.value(0, 1)) == ref["by_label"]["PER_VN"]["span_f1"]
    # the label confusion: Trần Hải Linh is PER_VN for one annotator, PER_KR for the other
    cm = dlg.confusion_model
    names = [cm.headerData(i, Qt.Orientation.Horizontal) for i in range(cm.columnCount())]
    assert names == ["PER_VN", "PER_KR"]
    assert cm.value(0, 1) == cm.value(1, 0) == 1
    rl = dlg.relation_labels_model
    assert [(rl.value(r, 0), rl.value(r, 1)) for r in range(rl.rowCount())] == [("HAS_TITLE", 1.0)]
    for model in (pm, dlg.labels_model, dlg.relation_labels_model, dlg.documents_model, cm):
        assert isinstance(model, RecordTableModel)
        qtmodeltester.check(model)
    # one label only
    dlg.label_combo.setCurrentIndex(dlg.label_combo.findData("DATE"))
    assert dlg.report["label"] == "DATE"
    assert dlg.figures["span_f1"].text() == "0.000"
    assert dlg.figures["relation_f1"].text() == "—"  # no relation involves a DATE: undefined, not 0
    # the documents table (hardest first): a double-click opens that document in review mode
    table = dlg.documents_table
    assert dlg.documents_model.value(0, 0) == doc_id
    idx = dlg.documents_model.index(0, 1)
    rect = table.visualRect(idx)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.document_id == doc_id
    assert window.mode is window.review_mode
    assert window.review_mode.adj.conflicts_left == 4
