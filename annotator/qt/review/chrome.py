"""Review mode's docks (conflicts, the layer beside), toolbar (progress, legend) and actions (keys, menu).

A mixin of `ReviewMode` (`annotator.qt.review.mode`): built once, when the mode is installed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from annotator.core.adjudication import CandidateState, Decision
from annotator.qt.article_view import ArticleView
from annotator.qt.i18n import translate
from annotator.qt.review.conflicts import ConflictListWidget, ConflictTableModel
from annotator.qt.review.layer import LEGEND_ORDER, STATE_STYLES

if TYPE_CHECKING:
    pass


class ReviewChrome:
    """Builds what review mode adds to the window (mixed into `ReviewMode`)."""

    # -- building --------------------------------------------------------------------------------
    def _build_docks(self) -> None:
        w = self.window
        self.conflict_model = ConflictTableModel(self)
        self.conflict_list = ConflictListWidget(self.conflict_model)
        self.conflict_list.candidate_chosen.connect(lambda key: self.select_candidate(key, reveal=True))
        self.conflict_list.filter_changed.connect(self._filter_changed)
        self.conflicts_dock = w.add_dock(translate("ReviewMode", "Conflicts"), self.conflict_list,
                                        Qt.DockWidgetArea.BottomDockWidgetArea, "conflicts")

        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(2, 2, 2, 2)
        row = QHBoxLayout()
        row.addWidget(QLabel(translate("ReviewMode", "Show:")))
        self.layer_combo = QComboBox()
        self.layer_combo.setToolTip(translate("ReviewMode", "One annotator's layer (or gold) beside the merged view"))
        row.addWidget(self.layer_combo, 1)
        lay.addLayout(row)
        self.side_view = ArticleView()
        self.side_view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        lay.addWidget(self.side_view, 1)
        self.layer_combo.currentIndexChanged.connect(lambda _i: self._show_side_layer())
        self.layer_dock = w.add_dock(translate("ReviewMode", "Layer"), box, Qt.DockWidgetArea.RightDockWidgetArea, "layer")
        w.article_view.verticalScrollBar().valueChanged.connect(self._follow_scroll)

    def _build_toolbar(self) -> None:
        tb = QToolBar("Review", self.window)
        tb.setObjectName("toolbar_review")
        tb.setMovable(False)
        self.progress_label = QLabel()
        self.progress_label.setStyleSheet("font-weight: bold; padding: 0 8px;")
        tb.addWidget(self.progress_label)
        tb.addSeparator()
        # the legend in two rows of short chips (the state's name and count; the tooltip explains):
        # one row of five would not fit 1280 px with a desktop's larger font
        legend = QWidget()
        grid = QGridLayout(legend)
        grid.setContentsMargins(2, 0, 2, 0)
        grid.setHorizontalSpacing(2)
        grid.setVerticalSpacing(1)
        self.legend: dict[CandidateState, QLabel] = {}
        for i, state in enumerate(LEGEND_ORDER):
            st = STATE_STYLES[state]
            lab = QLabel()
            border = "dashed" if st.dashed else "solid"
            lab.setStyleSheet(
                f"QLabel {{ background: {st.color}; border: 1px {border} {st.outline}; border-radius: 3px;"
                " padding: 0 5px; color: #111827; }"
            )
            lab.setToolTip(f"{translate('ReviewState', st.title)}: {translate('ReviewState', st.help)}")
            self.legend[state] = lab
            grid.addWidget(lab, i // 3, i % 3)
        self.legend_widget = legend
        tb.addWidget(legend)
        self.toolbar = tb
        self.window.addToolBar(Qt.ToolBarArea.TopToolBarArea, tb)

    def _action(self, menu, text: str, slot, shortcuts=(), tip: str = "", review_only: bool = True) -> QAction:
        act = QAction(text, self.window)
        if shortcuts:
            act.setShortcuts([QKeySequence(s) for s in shortcuts])
        act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if tip:
            act.setStatusTip(tip)
            act.setToolTip(tip)
        act.triggered.connect(lambda _checked=False: slot())
        menu.addAction(act)
        self.window.addAction(act)
        if review_only:
            act.setEnabled(False)
            self._review_actions.append(act)
        return act

    def _build_actions(self) -> None:
        w = self.window
        self._review_actions: list[QAction] = []
        self.mode_action = w.add_mode(self, "Ctrl+R")
        self.mode_action.setShortcuts([QKeySequence("Ctrl+R"), QKeySequence("F9")])
        w.mode_menu.setToolTipsVisible(True)
        menu = w.menuBar().addMenu(translate("ReviewMode", "Re&view"))
        menu.setToolTipsVisible(True)
        menu.aboutToShow.connect(self.sync_role)
        self.menu = menu
        self.role_action = QAction(translate("ReviewMode", "Act as &reviewer"), w, checkable=True)
        self.role_action.setStatusTip(translate("ReviewMode", "Give the current user the reviewer role (stored in the database)"))
        self.role_action.triggered.connect(self.set_reviewer_role)
        menu.addAction(self.role_action)
        menu.addAction(self.mode_action)
        menu.addSeparator()
        self.next_action = self._action(menu, translate("ReviewMode", "&Next conflict"), lambda: self.step(True), ["J"])
        self.prev_action = self._action(menu, translate("ReviewMode", "&Previous conflict"), lambda: self.step(False), ["K"])
        self.accept_action = self._action(menu, translate("ReviewMode", "&Accept"), lambda: self.decide(Decision.ACCEPT), ["A"],
                                          translate("ReviewMode", "Accept the selected candidate into gold"))
        self.reject_action = self._action(menu, translate("ReviewMode", "Re&ject"), lambda: self.decide(Decision.REJECT), ["X"],
                                          translate("ReviewMode", "Reject the selected candidate (kept out of gold)"))
        self.edit_action = self._action(menu, translate("ReviewMode", "&Edit gold"), self.toggle_edit, ["E"],
                                        translate("ReviewMode", "Label keys, Delete and R edit gold while this is on"))
        self.edit_action.setCheckable(True)
        self.undo_action = self._action(menu, translate("ReviewMode", "&Undo last decision"), self.undo, ["Ctrl+Z"])
        self.redo_action = self._action(menu, translate("ReviewMode", "R&edo decision"), self.redo, ["Ctrl+Shift+Z", "Ctrl+Y"])
        menu.addSeparator()
        self.next_doc_action = self._action(menu, translate("ReviewMode", "Next &document to adjudicate"), self.next_document, ["Ctrl+J"])
        self.merge_action = self._action(menu, translate("ReviewMode", "&Merge into gold…"), self.open_merge_dialog, ["Ctrl+M"])
        menu.addSeparator()
        self.dashboard_action = self._action(menu, translate("ReviewMode", "A&greement dashboard…"), self.open_dashboard, ["Ctrl+Shift+G"],
                                             review_only=False)
        # the toolbar shows short names (iconText), the menu the full ones; tooltips name the keys
        self.merge_action.setIconText(translate("ReviewMode", "Merge…"))
        self.merge_action.setToolTip(translate("ReviewMode", "Merge into gold: policy unanimous, majority or min-agree N (Ctrl+M)"))
        self.dashboard_action.setIconText(translate("ReviewMode", "Agreement…"))
        self.dashboard_action.setToolTip(translate("ReviewMode", "Agreement dashboard: how far the annotators agree (Ctrl+Shift+G)"))
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.merge_action)
        self.toolbar.addAction(self.dashboard_action)
