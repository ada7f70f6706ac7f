"""The "Compare rounds" dialog: choose a community and two of its rounds, then save their
comparison as a PDF (reports/comparison.py). Opened from the sessions screen and, at the hub,
from the hub tab, where the communities are those whose rounds came in packages.

The figures follow the one disclosure rule (toolkit.disclosure through analysis): the
threshold is the one in Settings, raised to that of any package the sessions came in.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from toolkit.filenames import suggested_name
from toolkit.i18n import _, language, ngettext
from toolkit.rounds import Round, RoundService
from toolkit.ui import report_preview
from toolkit.ui.errors import show_error
from toolkit.ui.reports_screen import PAPER_CHOICES, fill_document_languages


def comparable_communities(rounds: RoundService) -> dict[str, list[Round]]:
    """Community id -> its rounds, for the communities that have two rounds or more."""
    by_community: dict[str, list[Round]] = {}
    for r in rounds.list():
        by_community.setdefault(r.community_id, []).append(r)
    return {cid: rs for cid, rs in by_community.items() if len(rs) >= 2}


class CompareRoundsDialog(QDialog):
    def __init__(self, kit, community_id: str | None = None, parent=None) -> None:
        super().__init__(parent)
        self.kit = kit
        self.rounds = RoundService(kit.store)
        self.by_community = comparable_communities(self.rounds)
        self.saved: str | None = None
        self.setWindowTitle(_("Compare two rounds"))
        self.setAccessibleName(_("Compare two rounds"))
        intro = QLabel(_("Choose a community and two of its rounds: the earlier one (A) and the "
                         "later one (B). The comparison shows each question side by side, "
                         "only where both rounds have enough people to show it."))
        intro.setWordWrap(True)
        self.community, self.round_a, self.round_b = QComboBox(), QComboBox(), QComboBox()
        for cid, rounds in sorted(self.by_community.items(),
                                  key=lambda item: item[1][0].community.casefold()):
            self.community.addItem(rounds[0].community, cid)
        if community_id is not None:
            self.community.setCurrentIndex(max(0, self.community.findData(community_id)))
        self.community.currentIndexChanged.connect(self._fill_rounds)
        self.lang, self.paper = QComboBox(), QComboBox()
        fill_document_languages(self.lang)  # any registered language or pair
        for code, name in PAPER_CHOICES:
            self.paper.addItem(_(name), code)
        self.lang.setCurrentIndex(max(0, self.lang.findData(language())))
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # fits at 200 % text
        for text, field, name in (
                (_("&Community:"), self.community, _("Community")),
                (_("Round &A (earlier):"), self.round_a, _("Round A, the earlier one")),
                (_("Round &B (later):"), self.round_b, _("Round B, the later one")),
                (_("&Language of the report:"), self.lang, _("Language of the report")),
                (_("&Paper size:"), self.paper, _("Paper size"))):
            label = QLabel(text)
            label.setBuddy(field)
            field.setAccessibleName(name)
            form.addRow(label, field)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.save = QPushButton(_("&Save as PDF…"))
        self.save.setAccessibleName(_("Save the comparison as PDF"))
        self.save.clicked.connect(self.save_pdf)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.save, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addLayout(form)
        column.addWidget(self.status)
        column.addWidget(buttons)
        self._fill_rounds()

    def _fill_rounds(self) -> None:
        rounds = self.by_community.get(self.community.currentData(), [])
        for combo in (self.round_a, self.round_b):
            combo.clear()
            for r in rounds:
                combo.addItem(ngettext("{name} ({n} session)", "{name} ({n} sessions)",
                                       r.sessions).format(name=r.name, n=r.sessions), r.id)
        if rounds:  # the oldest and the newest
            self.round_b.setCurrentIndex(len(rounds) - 1)
        self.save.setEnabled(bool(rounds))
        self.status.setText("" if rounds else _(
            "No community has two rounds yet. Put sessions in rounds with the Round… button "
            "of the sessions screen."))

    def save_pdf(self) -> None:
        from toolkit.reports.comparison import build_comparison_report
        from toolkit.reports.summary import ReportOptions

        a, b = self.round_a.currentData(), self.round_b.currentData()
        if not a or not b:
            return
        options = ReportOptions(lang=self.lang.currentData(), paper=self.paper.currentData(),
                                threshold=self.kit.settings.small_group_threshold)
        name = suggested_name(f"{self.community.currentText()} rounds", options.lang,
                              suffix=".pdf", fallback="rounds")
        target = report_preview.ask_save_path(self, name)
        if target is None:
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = build_comparison_report(self.kit.store, a, b, target, options)
        except Exception as exc:  # noqa: BLE001 - shown to the user, nothing written
            QApplication.restoreOverrideCursor()
            show_error(self, exc)
            return
        QApplication.restoreOverrideCursor()
        self.saved = str(result.path)
        self.status.setText(ngettext("Saved to {path} ({n} page).", "Saved to {path} ({n} pages).",
                                     result.pages).format(path=result.path, n=result.pages))
