"""The "New session" dialog: community (typed in any script), title, date, place, mode,
language. The title is what tells two sessions of one day apart in every list."""

from __future__ import annotations

from PySide6.QtCore import QDate, QSize
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from toolkit import i18n
from toolkit.i18n import _
from toolkit.sessions import SessionService
from toolkit.ui.geometry import fit_to_screen, scrolling
from toolkit.ui.qt_i18n import fill_languages
from toolkit.vocabulary import MODES


class SessionDialog(QDialog):
    def __init__(self, service: SessionService, parent=None) -> None:
        super().__init__(parent)
        self.service = service
        self.setWindowTitle(_("New session"))
        self.setAccessibleName(_("New session"))
        body = QWidget()
        form = QFormLayout(body)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # labels above at 200 %
        self.community = QComboBox()
        self.community.setEditable(True)
        self.community.addItems([name for _id, name in service.communities()])
        self.community.setCurrentText("")
        self.community.lineEdit().setPlaceholderText(_("As the community writes it"))
        self.title = QLineEdit()
        self.title.setPlaceholderText(_("For example: evening meeting at the youth centre"))
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.place = QLineEdit()
        self.facilitator = QLineEdit()
        self.mode = QComboBox()
        for key, label in MODES.items():
            self.mode.addItem(_(label), key)
        self.language = QComboBox()  # the chosen questionnaire's languages (_instrument_changed)
        self.instrument = QComboBox()
        self._languages_of: dict[str, tuple[str, ...]] = {}
        self._fill_instruments()
        self.add_instrument = QPushButton(_("&Add a questionnaire…"))
        self.add_instrument.setAccessibleName(_("Add a questionnaire from an XLSForm "
                                                "spreadsheet"))
        self.add_instrument.clicked.connect(self.show_questionnaires)
        self.add_instrument.setSizePolicy(QSizePolicy.Policy.Maximum,
                                          QSizePolicy.Policy.Fixed)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.instrument.currentIndexChanged.connect(self._instrument_changed)
        self._instrument_changed()
        rows = [
            (_("&Community:"), self.community, _("Community")),
            (_("&Title:"), self.title, _("Title of the session")),
            (_("&Date:"), self.date, _("Session date")),
            (_("&Place:"), self.place, _("Place")),
            (_("&Facilitator:"), self.facilitator, _("Facilitator")),
            (_("&Mode:"), self.mode, _("How answers are collected")),
            (_("&Language:"), self.language, _("Language of the session")),
            (_("&Questionnaire:"), self.instrument, _("Questionnaire")),
        ]
        for combo in (self.community, self.mode, self.language, self.instrument):
            # a long questionnaire title at 200 % must not widen the dialog past the screen
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(16)
        for label_text, widget, name in rows:
            label = QLabel(label_text)
            label.setBuddy(widget)
            widget.setAccessibleName(name)
            form.addRow(label, widget)
        form.addRow("", self.add_instrument)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Create"))
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setAccessibleName(_("Create the session"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        form.addRow(self.problem)
        layout.addWidget(scrolling(body), 1)  # the fields scroll; the buttons stay in view
        layout.addWidget(buttons)
        line = self.fontMetrics().height()
        fit_to_screen(self, QSize(line * 40, body.sizeHint().height() + line * 5), parent)
        self.created = None
        self._mode_changed()

    def _fill_instruments(self, wanted: str | None = None) -> None:
        self.instrument.clear()
        for inst in self.service.catalogue.instruments():  # bundled and imported
            self.instrument.addItem(inst.label(), inst.id)
            self._languages_of[inst.id] = inst.offered_languages()
        if wanted is not None:
            self.instrument.setCurrentIndex(max(0, self.instrument.findData(wanted)))

    def show_questionnaires(self) -> None:
        """The Questionnaires dialog; what was added there can be chosen at once."""
        from toolkit.ui.questionnaires_dialog import QuestionnairesDialog

        before = {i.id for i in self.service.catalogue.instruments()}
        QuestionnairesDialog(self.service.store, self).exec()
        now = [i.id for i in self.service.catalogue.instruments()]
        new = [i for i in now if i not in before]
        self._fill_instruments(new[-1] if new else self.instrument.currentData())

    def _mode_changed(self) -> None:
        wanted = "group-session" if self.mode.currentData() == "group" else "local-diagnosis"
        index = self.instrument.findData(wanted)
        if index >= 0:
            self.instrument.setCurrentIndex(index)

    def _instrument_changed(self) -> None:
        """The session's language is one of its questionnaire's (the interface's first)."""
        codes = self._languages_of.get(self.instrument.currentData(), ())
        current = self.language.currentData() or i18n.language()
        fill_languages(self.language, codes, current if current in codes else codes[0]
                       if codes else None)

    def accept(self) -> None:
        from toolkit.errors import ToolkitError

        try:
            self.created = self.service.create_session(
                self.community.currentText(), self.instrument.currentData(),
                self.date.date().toString("yyyy-MM-dd"), mode=self.mode.currentData(),
                language=self.language.currentData(), place=self.place.text(),
                facilitator=self.facilitator.text(), title=self.title.text())
        except ToolkitError as exc:
            self.problem.setText(exc.user_message())
            self.problem.setVisible(True)
            self.community.setFocus()
            return
        super().accept()
