"""Reviewing written comments before they can be printed: read, reword, include or exclude.

Each written answer is listed with its state. The facilitator reads it, may edit the wording
to print (for example to remove a name), and includes or excludes it; each decision is saved
at once (CommentService.review). Only included comments can ever reach a report.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from toolkit.comments import Comment
from toolkit.i18n import N_, _, ngettext
from toolkit.sessions import Session
from toolkit.ui.errors import show_error
from toolkit.ui.geometry import fit_to_screen

STATES = {"include": N_("Included"), "exclude": N_("Excluded"), "unreviewed": N_("Not reviewed")}


class CommentsDialog(QDialog):
    def __init__(self, kit, sessions: list[Session], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kit, self.sessions = kit, sessions
        self.service = kit.comments
        self.comments: list[tuple[Session, Comment]] = []
        self.setWindowTitle(_("Review written comments"))
        self.intro = QLabel(_("Read each written answer. Include it to allow it in reports, "
                              "after removing anything that could identify someone, or exclude "
                              "it. Only included comments are ever printed."))
        self.intro.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName(_("Written comments"))
        self.list.setMinimumHeight(150)
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        self.original_label = QLabel(_("As written:"))
        self.original = QPlainTextEdit()
        self.original.setReadOnly(True)
        self.original.setAccessibleName(_("Answer as written"))
        self.original.setMaximumHeight(110)
        self.wording_label = QLabel(_("&Wording to print:"))
        self.wording = QPlainTextEdit()
        self.wording.setAccessibleName(_("Wording to print"))
        self.wording.setMaximumHeight(110)
        self.wording_label.setBuddy(self.wording)
        self.include = QPushButton(_("&Include"))
        self.include.setAccessibleName(_("Include this comment"))
        self.exclude = QPushButton(_("E&xclude"))
        self.exclude.setAccessibleName(_("Exclude this comment"))
        self.close_button = QPushButton(_("Close"))
        self.close_button.setAccessibleName(_("Close"))
        self.include.clicked.connect(lambda: self.decide("include"))
        self.exclude.clicked.connect(lambda: self.decide("exclude"))
        self.close_button.clicked.connect(self.accept)
        self.list.currentRowChanged.connect(self.show_comment)

        line = self.fontMetrics().height()
        self.list.setMinimumHeight(line * 6)
        self.list.setWordWrap(True)
        for box in (self.original, self.wording):
            box.setMinimumHeight(line * 3)
            box.setMaximumHeight(line * 6)
        buttons = QHBoxLayout()
        buttons.addWidget(self.include)
        buttons.addWidget(self.exclude)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        content = QWidget()  # scrolls rather than squeezes at 200 % text
        body = QVBoxLayout(content)
        body.addWidget(self.intro)
        body.addWidget(self.summary)
        body.addWidget(self.list, 1)
        body.addWidget(self.question)
        body.addWidget(self.original_label)
        body.addWidget(self.original)
        body.addWidget(self.wording_label)
        body.addWidget(self.wording)
        scroller = QScrollArea()
        scroller.setWidget(content)
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QScrollArea.Shape.NoFrame)
        scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.addWidget(scroller, 1)
        layout.addLayout(buttons)
        self._fit_to_screen(line)
        self.reload()

    def _fit_to_screen(self, line: int) -> None:
        """Big enough for the text size, never bigger than the screen."""
        fit_to_screen(self, QSize(line * 48, line * 36), self.parentWidget())

    def reload(self, keep_row: int = 0) -> None:
        self.comments = []
        for session in self.sessions:
            self.comments += [(session, c) for c in self.service.list(session.id)]
        self.list.blockSignals(True)
        self.list.clear()
        numbers = {}
        for session, comment in self.comments:
            if session.id not in numbers:
                instrument = self.kit.sessions.instrument(session)
                numbers[session.id] = {q.id: i for i, q in enumerate(instrument.questions, 1)}
            text = " ".join(comment.answer.split())
            short = text if len(text) <= 90 else text[:89] + "…"
            self.list.addItem(QListWidgetItem(
                _("[{state}] question {q}, respondent {n}: {text}").format(
                    state=_(STATES[comment.state]),
                    q=numbers[session.id][comment.base_question_id],
                    n=comment.respondent_number, text=short)))
        self.list.blockSignals(False)
        counts = {"include": 0, "exclude": 0, "unreviewed": 0}
        for _session, comment in self.comments:
            counts[comment.state] += 1
        self.summary.setText(
            ngettext("{n} written comment: ", "{n} written comments: ", len(self.comments))
            .format(n=len(self.comments)) +
            _("{included} included, {excluded} excluded, {open} not reviewed.").format(
                included=counts["include"], excluded=counts["exclude"],
                open=counts["unreviewed"]))
        has = bool(self.comments)
        for widget in (self.include, self.exclude, self.wording):
            widget.setEnabled(has)
        if has:
            self.list.setCurrentRow(min(keep_row, len(self.comments) - 1))
            self.show_comment(self.list.currentRow())
        else:
            self.question.setText(_("There are no written comments in these sessions."))

    def current(self) -> tuple[Session, Comment] | None:
        row = self.list.currentRow()
        return self.comments[row] if 0 <= row < len(self.comments) else None

    def show_comment(self, row: int) -> None:
        if not 0 <= row < len(self.comments):
            return
        session, comment = self.comments[row]
        instrument = self.kit.sessions.instrument(session)
        question = instrument.question(comment.base_question_id)
        label = question.text()
        if comment.question_id.endswith(".other"):
            label += " — " + _("Other (please specify)")
        self.question.setText(_("Respondent {n}, question: {question}").format(
            n=comment.respondent_number, question=label))
        self.original.setPlainText(comment.answer)
        self.wording.setPlainText(comment.text)

    def decide(self, decision: str) -> None:
        chosen = self.current()
        if chosen is None:
            return
        _session, comment = chosen
        row = self.list.currentRow()
        try:
            self.service.review(comment.respondent_id, comment.question_id, decision,
                                self.wording.toPlainText())
        except Exception as exc:  # noqa: BLE001 - one place shows it to the user
            show_error(self, exc)
            return
        self.reload(row + 1 if row + 1 < len(self.comments) else row)
