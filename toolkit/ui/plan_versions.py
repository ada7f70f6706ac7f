"""The plan's earlier versions (every change is one), and the printed plan.

A version can be looked at, and the plan can go back to it: going back saves that version's
content as the newest version, so nothing in between is lost. The printed plan is the plan
core's PDF (toolkit.plan.printed), in the reports' language modes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from toolkit.filenames import suggested_name
from toolkit.i18n import _, format_datetime, language
from toolkit.ui import report_preview
from toolkit.ui.errors import show_error
from toolkit.ui.jobs import BackgroundJob
from toolkit.ui.plan_widgets import Field, ItemList, Panel, hint
from toolkit.ui.reports_screen import PAPER_CHOICES, fill_document_languages


class VersionsPanel(Panel):
    def __init__(self, screen) -> None:
        super().__init__()
        self.screen = screen
        self.made = 0
        self.temp = screen.kit.temporary_folder("plan-")

        self.history_box = QGroupBox()
        history = QVBoxLayout(self.history_box)
        self.history_hint = hint()
        self.list = ItemList(rows=6)
        self.list.itemSelectionChanged.connect(self._selected)
        self.shown = QPlainTextEdit()
        self.shown.setReadOnly(True)
        self.shown.setMinimumHeight(self.fontMetrics().height() * 6)
        self.restore_button = QPushButton()
        self.restore_button.clicked.connect(self.restore)
        history.addWidget(self.history_hint)
        history.addWidget(self.list, 1)
        history.addWidget(self.shown)
        history.addWidget(self.restore_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.print_box = QGroupBox()
        printing = QVBoxLayout(self.print_box)
        self.language = Field(QComboBox())
        self.paper = Field(QComboBox())
        fill_document_languages(self.language.field)  # any language or pair, as reports
        for code, _name in PAPER_CHOICES:
            self.paper.field.addItem("", code)
        self.language.field.setCurrentIndex(max(0, self.language.field.findData(language())))
        self.buttons: dict[str, QPushButton] = {}
        printing.addWidget(self.language)
        printing.addWidget(self.paper)
        for key in ("preview", "save", "print"):
            button = QPushButton()
            button.clicked.connect(lambda _c=False, k=key: self.make_plan(k))
            self.buttons[key] = button
            printing.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        self.progress = QProgressBar()
        self.status = hint()
        self.status.hide()  # shown with its message
        self.job = BackgroundJob(self, self.progress, self.status)
        self.job.changed.connect(self._update)
        printing.addWidget(self.progress)
        printing.addWidget(self.status)

        column = QVBoxLayout(self)
        column.addWidget(self.print_box)
        column.addWidget(self.history_box, 1)

    def retranslate(self) -> None:
        self.history_box.setTitle(_("Earlier versions"))
        self.history_hint.setText(_("Every change made a new version, newest first. Select "
                                    "one to read it."))
        self.list.setAccessibleName(_("Versions of the plan"))
        self.shown.setAccessibleName(_("The selected version"))
        self.restore_button.setText(_("Go &back to this version"))
        self.restore_button.setAccessibleName(_("Go back to the selected version (saved as a "
                                                "new version)"))
        self.print_box.setTitle(_("Printed plan"))
        self.language.set_label(_("Lan&guage of the plan:"))
        self.paper.set_label(_("Paper si&ze:"))
        fill_document_languages(self.language.field)
        for i, (_code, name) in enumerate(PAPER_CHOICES):
            self.paper.field.setItemText(i, _(name))
        for key, text, name in (("preview", _("Previe&w plan"), _("Preview the printed plan")),
                                ("save", _("&Save plan as PDF…"), _("Save the printed plan as "
                                                                    "PDF")),
                                ("print", _("P&rint plan…"), _("Print the plan"))):
            self.buttons[key].setText(text)
            self.buttons[key].setAccessibleName(name)
        self.progress.setAccessibleName(_("Progress"))
        self.show_plan()

    # versions -----------------------------------------------------------------------------
    def show_plan(self) -> None:
        from toolkit.plan.service import describe_note

        version = self.screen.version
        if version is None:
            return
        try:
            history = self.screen.service.history(self.screen.community_id)
        except Exception as exc:  # noqa: BLE001 - shown; the list stays empty
            show_error(self, exc)
            history = []
        lines = []
        for info in reversed(history):
            line = _("Version {n} · {when} · {change}").format(
                n=info.version, when=format_datetime(info.saved_at),
                change=describe_note(info.note))
            if info.source:
                line += " · " + _("received in a package")
            lines.append((line, info.version))
        self.list.fill(lines, keep=self.list.selected_ids() or [version.version])
        self._update()

    def _selected(self) -> None:
        number = self.list.current_id()
        if number is None:
            self.shown.setPlainText("")
        else:
            try:
                old = self.screen.service.version(self.screen.community_id, int(number))
                self.shown.setPlainText(self.version_text(old))
            except Exception as exc:  # noqa: BLE001 - shown
                show_error(self, exc)
        self._update()

    def version_text(self, shown) -> str:
        from toolkit.plan.text import plan_lines

        return "\n".join(plan_lines(self.screen.kit.store, shown, self.screen.threshold,
                                    language()))

    def _update(self) -> None:
        number = self.list.current_id()
        current = self.screen.version
        self.restore_button.setEnabled(self.screen.editable and number is not None
                                       and current is not None and number != current.version)
        ready = current is not None and not self.busy
        for button in self.buttons.values():
            button.setEnabled(ready)

    def restore(self) -> None:
        number = self.list.current_id()
        if number is None:
            return
        try:
            old = self.screen.service.version(self.screen.community_id, int(number))
        except Exception as exc:  # noqa: BLE001 - shown
            show_error(self, exc)
            return
        what = _("back to version {n}").format(n=number)
        if self.screen.apply(self.screen.service.save, old.plan, what=what):
            self.list.select_id(self.screen.version.version)

    # printing -----------------------------------------------------------------------------
    def _scratch(self) -> Path:
        self.made += 1
        return Path(self.temp.name) / f"plan-{self.made}.pdf"

    @property
    def busy(self) -> bool:
        """A printed plan is being made (its buttons are off meanwhile)."""
        return self.job.running

    def make_plan(self, then: str) -> None:
        """Make the printed plan of the version on screen, then preview, save or print it:
        its figures are read here (the store's connection belongs to this thread), the PDF
        laid out in a worker (ui/jobs.py), so the screen stays responsive."""
        from toolkit.plan.printed import load_facts, render_facts
        from toolkit.reports.summary import ReportOptions, check_options

        version = self.screen.version
        if version is None or self.busy:
            return
        lang, paper = self.language.field.currentData(), self.paper.field.currentData()
        target = self._scratch()
        name = suggested_name(version.community, "plan", lang, suffix=".pdf", fallback="plan")
        options = ReportOptions(lang=lang, paper=paper, threshold=self.screen.threshold)
        try:
            check_options(options)
            facts = load_facts(self.screen.kit.store, version, options.threshold)
        except Exception as exc:  # noqa: BLE001 - shown to the user, logged
            show_error(self, exc)
            return

        def make(progress):
            result = render_facts(facts, target, options, progress)
            return result.path, result.pages
        self.status.show()
        self.job.start(make, lambda result: self._finished(result, then, name, paper))

    def _finished(self, result, then: str, name: str, paper: str) -> None:
        from toolkit.i18n import ngettext

        path, pages = result
        self.last_pdf = path
        self.status.setText(ngettext("Ready: {n} page.", "Ready: {n} pages.", pages).format(
            n=pages))
        self._update()
        shown = report_preview.deliver(self, then, path, name, paper, self.status)
        if shown is not None:
            self.preview = shown
