"""The "Round" dialog: put the selected session in a round of its community, making the
round by typing a new name ("2026 baseline"), or take it out of any round."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from toolkit.i18n import _, format_date
from toolkit.rounds import RoundService
from toolkit.sessions import Session
from toolkit.ui.errors import show_error
from toolkit.ui.geometry import fit_dialog, scrolling


class RoundDialog(QDialog):
    def __init__(self, rounds: RoundService, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.rounds, self.session = rounds, session
        self.setWindowTitle(_("Round"))
        self.setAccessibleName(_("Round of the session"))
        intro = QLabel(_("A round is one diagnosis of the community, for example “2026 "
                         "baseline”, then “2028 follow-up”. Put every session of the same "
                         "diagnosis in one round; two rounds can then be compared with the "
                         "Compare rounds… button. "
                         "Choose a round, type a new name to make one, or leave it empty to "
                         "take the session out of its round."))
        intro.setWordWrap(True)
        self.choice = QComboBox()
        self.choice.setEditable(True)
        self.choice.addItem("")
        self.choice.addItems([r.name for r in rounds.list(session.community_id)])
        current = rounds.round_of(session.id)
        self.choice.setCurrentText(current.name if current else "")
        self.choice.lineEdit().setPlaceholderText(_("No round"))
        self.choice.setAccessibleName(_("Round"))
        label = QLabel(_("&Round:"))
        label.setBuddy(self.choice)
        form = QFormLayout()
        form.addRow(QLabel(_("Session:")), QLabel(
            f"{session.community}, {format_date(session.session_date)}"))
        form.addRow(label, self.choice)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        body = QWidget()
        inside = QVBoxLayout(body)
        inside.setContentsMargins(0, 0, 0, 0)
        inside.addWidget(intro)
        inside.addLayout(form)
        inside.addStretch(1)
        column = QVBoxLayout(self)
        column.addWidget(scrolling(body), 1)  # the text scrolls at 200 %; the buttons stay
        column.addWidget(buttons)
        fit_dialog(self, body, parent)

    def accept(self) -> None:
        """Assign (making the round if the name is new); on a problem, say so and stay."""
        name = " ".join(self.choice.currentText().split())
        try:
            self.rounds.sessions.get(self.session.id)  # still there: else nothing is made
            if not name:
                self.rounds.unassign(self.session.id)
            else:
                known = {r.name.casefold(): r for r in self.rounds.list(self.session.community_id)}
                target = known.get(name.casefold()) or self.rounds.create(
                    self.session.community, name)
                self.rounds.assign(target.id, [self.session.id])
        except Exception as exc:  # noqa: BLE001 - shown to the user, nothing changed
            show_error(self, exc)
            return
        super().accept()
