"""Exchange: export a package at a chosen sharing level, import packages, see what was
exported and imported, and (for CCSC, the hub) every community's sessions together.

Five tabs, so each stays readable at 200 % text (the hub's is ui/hub_panel.py). All work
is done by toolkit.exchange; this module only asks (files, passphrases) and shows. Dialogs
go through the small module-level functions below so tests can answer them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from toolkit.errors import ToolkitError
from toolkit.exchange import package as fmt
from toolkit.exchange import receipts
from toolkit.exchange.export import (
    LEVEL_EXPLANATIONS,
    LEVEL_NAMES,
    Preview,
    receipt_text,
    suggested_file_name,
)
from toolkit.exchange.importer import (
    UnsignedPackageError,
    describe_counts,
)
from toolkit.i18n import _, format_date, format_number, ngettext
from toolkit.questionnaire.model import pick
from toolkit.ui.errors import show_error
from toolkit.ui.hub_panel import HubPanel
from toolkit.ui.indicators import fit_indicators
from toolkit.ui.screen import Screen, compact_combo, heading, paragraph
from toolkit.ui.style import set_role
from toolkit.ui.tables import fill, local_time, table
from toolkit.vocabulary import MODES, sessions_and_respondents

LEVELS = fmt.LEVELS
MAX_PASSPHRASE_TRIES = 3


# dialogs (replaced in tests) ----------------------------------------------------------------
_last_folder: list[Path] = []  # the folder last chosen in an exchange file dialog


def last_folder() -> Path:
    """Where the next file dialog opens: the folder chosen last (USB key, Downloads), else
    the home folder."""
    if _last_folder and _last_folder[0].is_dir():
        return _last_folder[0]
    return Path.home()


def remember_folder(path: str | Path) -> None:
    _last_folder[:] = [Path(path).parent]


def ask_save_path(parent: QWidget, title: str, suggested: str, filter_: str) -> str | None:
    path, _chosen = QFileDialog.getSaveFileName(parent, title, str(last_folder() / suggested),
                                                filter_)
    if path:
        remember_folder(path)
    return path or None


def ask_open_paths(parent: QWidget, title: str, filter_: str) -> list[str]:
    paths, _chosen = QFileDialog.getOpenFileNames(parent, title, str(last_folder()), filter_)
    if paths:
        remember_folder(paths[0])
    return paths


def confirm_unsigned(parent: QWidget, file_name: str) -> bool:
    """An unsigned package (earlier version): import only if the user says so."""
    answer = QMessageBox.question(parent, _("Unsigned package"), _(
        "{file} is not signed: an earlier version of the toolkit made it, and nothing "
        "proves which computer it comes from. Import it only if you know where it comes "
        "from. Import it?").format(file=file_name),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def ask_passphrase(parent: QWidget, file_name: str, retry: bool) -> str | None:
    text = (_("The passphrase was not right. Try again, or cancel to skip {file}.") if retry
            else _("{file} is encrypted. Enter the passphrase it was exported with."))
    value, ok = QInputDialog.getText(parent, _("Passphrase"), text.format(file=file_name),
                                     QLineEdit.EchoMode.Password)
    return value if ok and value else None


def inform(parent: QWidget, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def package_filter() -> str:
    return _("Toolkit packages (*{ext})").format(ext=fmt.EXTENSION)


def import_filter() -> str:
    return _("Toolkit packages and receipts (*{ext} *{receipt})").format(
        ext=fmt.EXTENSION, receipt=receipts.SUFFIX)


class LinesBox(QPlainTextEdit):
    """A read-only text box at least `lines` lines high, whatever the text size."""

    def __init__(self, lines: int) -> None:
        super().__init__()
        self.lines = lines
        self.setReadOnly(True)
        self._fit()

    def _fit(self) -> None:
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * self.lines + 16)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()


def small_combo() -> QComboBox:
    return compact_combo(12)


# export ------------------------------------------------------------------------------------
class ExportPanel(QWidget):
    def __init__(self, screen: ExchangeScreen) -> None:
        super().__init__()
        self.screen = screen
        self.current: Preview | None = None
        layout = QVBoxLayout(self)
        self.intro = paragraph()
        layout.addWidget(self.intro)

        self.sessions_box = QGroupBox()
        box = QVBoxLayout(self.sessions_box)
        form = QFormLayout()
        self.community_label = QLabel()
        self.community = small_combo()
        self.community_label.setBuddy(self.community)
        form.addRow(self.community_label, self.community)
        box.addLayout(form)
        self.sessions = QListWidget()
        self.sessions.setMinimumHeight(110)
        self.sessions.setWordWrap(True)
        self.sessions.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        box.addWidget(self.sessions)
        layout.addWidget(self.sessions_box)

        self.level_box = QGroupBox()
        levels = QVBoxLayout(self.level_box)
        self.level_group = QButtonGroup(self)
        self.level_buttons: dict[str, QRadioButton] = {}
        self.level_texts: dict[str, QLabel] = {}
        for level in LEVELS:
            button = QRadioButton()
            text = paragraph()
            text.setContentsMargins(24, 0, 0, 6)
            self.level_group.addButton(button)
            self.level_buttons[level], self.level_texts[level] = button, text
            levels.addWidget(button)
            levels.addWidget(text)
        self.with_facilitator = QCheckBox()
        self.with_facilitator.toggled.connect(self.update_preview)
        levels.addWidget(self.with_facilitator)
        layout.addWidget(self.level_box)

        self.preview_box = QGroupBox()
        pbox = QVBoxLayout(self.preview_box)
        # A read-only text box rather than a label: a long account (many comments) scrolls
        # inside it instead of being squeezed by the layout.
        self.summary = LinesBox(10)
        self.show_exact = QPushButton()
        self.show_exact.setCheckable(True)
        self.exact = LinesBox(12)
        mono = QFont()  # the family only: the size follows the text-size setting
        mono.setFamilies(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).families())
        self.exact.setFont(mono)
        self.exact.setVisible(False)
        self.show_exact.toggled.connect(self.exact.setVisible)
        pbox.addWidget(self.summary)
        pbox.addWidget(self.show_exact, 0, Qt.AlignmentFlag.AlignLeft)
        pbox.addWidget(self.exact)
        layout.addWidget(self.preview_box)

        self.protect_box = QGroupBox()
        protect = QVBoxLayout(self.protect_box)
        self.encrypt = QCheckBox()
        self.pass_form = QWidget()
        pform = QFormLayout(self.pass_form)
        pform.setContentsMargins(0, 0, 0, 0)
        self.pass1_label, self.pass2_label = QLabel(), QLabel()
        self.pass1, self.pass2 = QLineEdit(), QLineEdit()
        for label, edit in ((self.pass1_label, self.pass1), (self.pass2_label, self.pass2)):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            label.setBuddy(edit)
            pform.addRow(label, edit)
            edit.textChanged.connect(self._update_button)
        self.pass_form.setVisible(False)
        self.pass_status = paragraph()
        set_role(self.pass_status, "hint")
        self.encrypt.toggled.connect(self.pass_form.setVisible)
        self.encrypt.toggled.connect(self._update_button)
        protect.addWidget(self.encrypt)
        protect.addWidget(self.pass_form)
        protect.addWidget(self.pass_status)
        layout.addWidget(self.protect_box)

        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.export)
        layout.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

        self.community.currentIndexChanged.connect(self._fill_sessions)
        self.sessions.itemChanged.connect(self.update_preview)
        # toggled fires for the button turned off and the one turned on: preview once
        self.level_group.buttonToggled.connect(lambda _b, on: on and self.update_preview())

    def retranslate(self) -> None:
        self.intro.setText(_(
            "The community owns its data and decides what leaves this computer. Choose the "
            "sessions and how much to share; you will see exactly what the package holds "
            "before it is written."))
        self.sessions_box.setTitle(_("1. Sessions"))
        self.community_label.setText(_("Community:"))
        self.community.setAccessibleName(_("Community"))
        self.sessions.setAccessibleName(_("Sessions to export"))
        self.level_box.setTitle(_("2. Sharing level"))
        for level in LEVELS:
            self.level_buttons[level].setText(_(LEVEL_NAMES[level]))
            self.level_buttons[level].setAccessibleName(_(LEVEL_NAMES[level]))
            self.level_texts[level].setText(_(LEVEL_EXPLANATIONS[level]))
        self.with_facilitator.setText(_("Include the facilitator's name (it always leaves "
                                        "with comments, never with a summary)"))
        self.with_facilitator.setAccessibleName(_("Include the facilitator's name"))
        self.preview_box.setTitle(_("3. What will leave this computer"))
        self.show_exact.setText(_("Show the exact content"))
        self.show_exact.setAccessibleName(_("Show the exact content"))
        self.summary.setAccessibleName(_("What will leave this computer"))
        self.exact.setAccessibleName(_("Exact content of the package"))
        self.protect_box.setTitle(_("4. Protection"))
        self.encrypt.setText(_("Encrypt with a passphrase"))
        self.encrypt.setAccessibleName(_("Encrypt with a passphrase"))
        self.pass1_label.setText(_("Passphrase:"))
        self.pass2_label.setText(_("Type it again:"))
        self.pass1.setAccessibleName(_("Passphrase"))
        self.pass2.setAccessibleName(_("Passphrase, again"))
        self.export_button.setText(_("Export…"))
        self.export_button.setAccessibleName(_("Export the package"))
        self.update_preview()

    def refresh(self) -> None:
        chosen = self.community.currentData()
        self.community.blockSignals(True)
        self.community.clear()
        for cid, name in self.screen.kit.sessions.communities():
            self.community.addItem(name, cid)
        index = self.community.findData(chosen)
        self.community.setCurrentIndex(max(index, 0))
        self.community.blockSignals(False)
        self._fill_sessions()

    def _fill_sessions(self) -> None:
        """List the community's sessions; a refresh keeps what the user unticked (new
        sessions arrive ticked)."""
        cid = self.community.currentData()
        unticked = {self.sessions.item(i).data(Qt.ItemDataRole.UserRole)
                    for i in range(self.sessions.count())
                    if self.sessions.item(i).checkState() != Qt.CheckState.Checked}
        self.sessions.blockSignals(True)
        self.sessions.clear()
        for s in self.screen.kit.sessions.list_sessions():
            if s.community_id != cid:
                continue
            label = s.title or _(MODES[s.mode])
            text = ngettext("{date} — {title} — {n} respondent",
                            "{date} — {title} — {n} respondents", s.respondents).format(
                date=format_date(s.session_date), title=label, n=s.respondents)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, s.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked if s.id in unticked
                               else Qt.CheckState.Checked)
            self.sessions.addItem(item)
        self.sessions.blockSignals(False)
        self.update_preview()

    def chosen_sessions(self) -> list[str]:
        return [self.sessions.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.sessions.count())
                if self.sessions.item(i).checkState() == Qt.CheckState.Checked]

    def chosen_level(self) -> str | None:
        return next((lv for lv, b in self.level_buttons.items() if b.isChecked()), None)

    def update_preview(self, *_args) -> None:
        self.current = None
        ids, level = self.chosen_sessions(), self.chosen_level()
        self.with_facilitator.setVisible(level == "responses")
        if not ids:
            self.summary.setPlainText(_("Choose at least one session."))
        elif level is None:
            self.summary.setPlainText(_("Choose a sharing level: nothing is chosen for you."))
        else:
            try:
                self.current = self.screen.kit.exchange.preview(ids, level,
                                       self.screen.kit.settings.small_group_threshold,
                                       with_facilitator=self.with_facilitator.isChecked())
            except ToolkitError as exc:
                self.summary.setPlainText(exc.user_message())
            else:
                self.summary.setPlainText(describe_preview(self.current, self.screen.kit))
        self.exact.setPlainText(self.current.content_text() if self.current else "")
        self._update_button()

    def passphrase(self) -> tuple[str | None, str]:
        """(passphrase or None, problem to show); problem is empty when all is well."""
        if not self.encrypt.isChecked():
            return None, ""
        first, second = self.pass1.text(), self.pass2.text()
        if len(first) < fmt.MIN_PASSPHRASE:
            return None, _("The passphrase must have at least {n} characters.").format(
                n=fmt.MIN_PASSPHRASE)
        if first != second:
            return None, _("The two passphrases are not the same.")
        return first, _("Keep the passphrase apart from the file: send it another way.")

    def _update_button(self, *_args) -> None:
        passphrase, problem = self.passphrase()
        self.pass_status.setText(problem)
        self.pass_status.setVisible(bool(problem))
        ok = self.current is not None and (not self.encrypt.isChecked() or passphrase)
        self.export_button.setEnabled(bool(ok))

    def export(self) -> None:
        pv = self.current
        passphrase, _problem = self.passphrase()
        if pv is None or (self.encrypt.isChecked() and not passphrase):
            return
        path = ask_save_path(self, _("Save the package"), suggested_file_name(pv),
                             package_filter())
        if not path:
            return
        if not path.endswith(fmt.EXTENSION):
            path += fmt.EXTENSION
        try:
            record = self.screen.kit.exchange.export_package(pv, path, passphrase)
        except Exception as exc:  # noqa: BLE001 - shown, logged, nothing written
            show_error(self, exc)
            return
        self.pass1.clear()
        self.pass2.clear()
        protection = (_("It is encrypted: send the passphrase another way than the file.")
                      if record.encrypted else
                      _("It is not encrypted: anyone who gets the file can read it."))
        inform(self, _("Package exported"), _("{file} was written: {level}, {counts}.").format(
            file=record.file_name, level=_(LEVEL_NAMES[record.level]),
            counts=sessions_and_respondents(record.counts["sessions"],
                                            record.counts["respondents"])) + " " + protection)
        self.screen.history.refresh()
        self.update_preview()


def describe_preview(pv: Preview, kit) -> str:
    """The plain-language account of a package, shown before export."""
    lines = [_("Community: {name}").format(name=pv.community),
             _("Sharing level: {level}").format(level=_(LEVEL_NAMES[pv.level]))]
    for s in pv.sessions:
        where = f" — {s.place}" if s.place else ""
        lines.append("• " + ngettext("{date} — {title}{where}: {n} respondent",
                                     "{date} — {title}{where}: {n} respondents",
                                     s.respondents).format(
            date=format_date(s.session_date), title=s.title or "—", where=where,
            n=s.respondents))
        if s.facilitator:
            lines.append("  " + _("Facilitation: {name} (this name leaves)").format(
                name=s.facilitator))
        elif s.facilitator_withheld:
            lines.append("  " + _("The facilitator's name stays on this computer."))
    if pv.level == "summary":
        lines.append(_("Only figures per question leave; groups under {n} people show no "
                       "figures.").format(n=kit.settings.small_group_threshold))
        hidden = pv.suppressed_questions
        if hidden:
            lines.append(ngettext("{n} question answered by too few people shows no figures.",
                                  "{n} questions answered by too few people show no figures.",
                                  hidden).format(n=hidden))
    else:
        lines.append(ngettext("{n} answer leaves, under respondent numbers, never names.",
                              "{n} answers leave, under respondent numbers, never names.",
                              pv.counts["answers"]).format(n=format_number(pv.counts["answers"])))
    if pv.level == "full":
        lines.append(ngettext("{n} reviewed comment leaves, as it reads below:",
                              "{n} reviewed comments leave, as they read below:",
                              len(pv.comments)).format(n=len(pv.comments)))
        for c in pv.comments:
            lines.append(_("  Respondent {n} — {question}").format(
                n=c.respondent, question=pick(c.question) or c.question_id))
            lines.append(_("    “{text}”").format(text=c.text))
    if pv.withheld:
        lines.append(ngettext("{n} free-text answer stays on this computer.",
                              "{n} free-text answers stay on this computer.",
                              pv.withheld).format(n=pv.withheld))
    return "\n".join(lines)


# import ------------------------------------------------------------------------------------
class ImportPanel(QWidget):
    def __init__(self, screen: ExchangeScreen) -> None:
        super().__init__()
        self.screen = screen
        layout = QVBoxLayout(self)
        self.intro = paragraph()
        self.choose = QPushButton()
        self.choose.clicked.connect(self.choose_files)
        self.results_label = heading("subheading")
        self.results = QListWidget()
        self.results.setWordWrap(True)
        self.results.setMinimumHeight(160)
        layout.addWidget(self.intro)
        layout.addWidget(self.choose, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.results_label)
        layout.addWidget(self.results, 1)

    def retranslate(self) -> None:
        self.intro.setText(_(
            "Import packages received from communities (by USB key or e-mail). Each file is "
            "checked completely before anything is added; a damaged or altered file is "
            "refused and changes nothing. Importing the same file twice adds nothing."))
        self.choose.setText(_("Choose packages to import…"))
        self.choose.setAccessibleName(_("Choose packages to import"))
        self.results_label.setText(_("Results"))
        self.results.setAccessibleName(_("Import results"))

    def choose_files(self) -> None:
        paths = ask_open_paths(self, _("Import packages"), import_filter())
        if paths:
            self.import_paths(paths)

    def import_paths(self, paths: list[str]) -> None:
        self.results.clear()
        self._known: str | None = None  # the last passphrase that worked, tried first
        for path in paths:
            self.results.addItem(self._import_one(Path(path)))
        self._known = None
        self.screen.history.refresh()
        self.screen.hub.refresh()
        self.screen.trust.refresh()

    def _import_one(self, path: Path) -> str:
        text = self._import_or_refuse(path)
        return text

    def _import_or_refuse(self, path: Path) -> str:
        """Import one package (or receipt); a refusal is kept in the history too."""
        exchange = self.screen.kit.exchange
        passphrase, retry, asked, attempts = self._known, False, False, 0
        unsigned_ok = False
        while True:
            try:
                if receipts.looks_like_receipt(path):
                    return exchange.import_receipt(path).describe()
                if passphrase is None and fmt.file_is_encrypted(path):
                    raise fmt.PassphraseRequiredError(path.name)
                result = exchange.import_file(path, passphrase, allow_unsigned=unsigned_ok)
                if passphrase:
                    self._known = passphrase
                return result.describe() + " " + self._receipt(result, path)
            except UnsignedPackageError as exc:
                if unsigned_ok or not confirm_unsigned(self, path.name):
                    exchange.log_refusal(path.name, exc.user_message())
                    return exc.user_message()
                unsigned_ok = True
            except (fmt.PassphraseRequiredError, fmt.WrongPassphraseError) as exc:
                if attempts >= MAX_PASSPHRASE_TRIES:
                    return exc.user_message()  # wrong each time, or the file was altered
                passphrase = ask_passphrase(self, path.name, retry and asked)
                retry, asked, attempts = True, True, attempts + 1
                if passphrase is None:
                    return _("{file}: skipped (no passphrase).").format(file=path.name)
            except Exception as exc:  # noqa: BLE001 - every file gets its own verdict
                from toolkit.errors import describe, log_exception

                log_exception(exc)
                message = describe(exc, str(self.screen.kit.log_path))
                exchange.log_refusal(path.name, message)
                return message

    def _receipt(self, result, path: Path) -> str:
        """The signed receipt for the community, written next to the package (or, if that
        folder cannot be written, e.g. a locked USB key, in the data folder)."""
        for folder in (path.parent, self.screen.kit.folder / "receipts"):
            try:
                folder.mkdir(parents=True, exist_ok=True)
                written = self.screen.kit.exchange.write_receipt(result, folder)
            except OSError:
                continue
            return _("Receipt to send back to the community: {path}").format(path=written)
        return _("The receipt could not be written.")


# history -----------------------------------------------------------------------------------
class HistoryPanel(QWidget):
    def __init__(self, screen: ExchangeScreen) -> None:
        super().__init__()
        self.screen = screen
        layout = QVBoxLayout(self)
        self.exports_label, self.imports_label = heading("subheading"), heading("subheading")
        self.exports_hint = paragraph()
        # the receipt and the result take the width left, wrapped: nothing hides off-screen
        self.exports, self.imports = table(7, wrap=(6,)), table(5, wrap=(4,))
        self.exports_empty, self.imports_empty = paragraph(), paragraph()
        layout.addWidget(self.exports_label)
        layout.addWidget(self.exports_hint)
        layout.addWidget(self.exports_empty)
        layout.addWidget(self.exports, 1)
        layout.addWidget(self.imports_label)
        layout.addWidget(self.imports_empty)
        layout.addWidget(self.imports, 1)
        layout.addStretch(0)

    def retranslate(self) -> None:
        self.exports_label.setText(_("Packages exported from this computer"))
        self.exports_hint.setText(_("What left, when, and at which sharing level."))
        self.imports_label.setText(_("Packages imported on this computer"))
        self.exports_empty.setText(_("No package has been exported from this computer."))
        self.imports_empty.setText(_("No package has been imported on this computer."))
        self.exports.setAccessibleName(_("Export history"))
        self.imports.setAccessibleName(_("Import log"))
        self.exports.setHorizontalHeaderLabels([
            _("Exported"), _("Community"), _("Sharing level"), _("Sessions"), _("Respondents"),
            _("File"), _("Receipt")])
        self.imports.setHorizontalHeaderLabels([
            _("Imported"), _("File"), _("Community"), _("Sharing level"), _("Result")])
        # rows are (re)loaded by refresh(), which the main window calls when the screen shows

    def refresh(self) -> None:
        exchange = self.screen.kit.exchange
        fill(self.exports, [[
            local_time(r.created_at), r.community, _(LEVEL_NAMES[r.level]),
            str(r.counts["sessions"]), str(r.counts["respondents"]),
            r.file_name + (" 🔒" if r.encrypted else ""), receipt_text(r) or _("not yet")]
            for r in exchange.export_history()])
        rows = [(r.imported_at, [local_time(r.imported_at), r.file_name, r.community,
                                 _(LEVEL_NAMES[r.level]), self._result(r)])
                for r in exchange.import_log()]
        rows += [(r.at, [local_time(r.at), r.file_name, "—", "—", _("Refused: {reason}").format(
            reason=r.reason)]) for r in exchange.refusal_log()]
        fill(self.imports, [row for _at, row in sorted(rows, key=lambda x: x[0], reverse=True)])
        for t, empty in ((self.exports, self.exports_empty), (self.imports, self.imports_empty)):
            t.setVisible(t.rowCount() > 0)
            empty.setVisible(t.rowCount() == 0)


    @staticmethod
    def _result(r) -> str:
        text = describe_counts(r.counts)
        if r.conflicts:
            text += " — " + ngettext("{n} conflict", "{n} conflicts", r.conflicts).format(
                n=r.conflicts)
        if not r.signer_fingerprint:
            text += " — " + _("unsigned")
        return text


# trust: keys and conflicts ---------------------------------------------------------------------
class TrustPanel(QWidget):
    """This installation's key fingerprint, the installations known here (to confirm by
    phone), and the conflicts met on import with both of their sources."""

    def __init__(self, screen: ExchangeScreen) -> None:
        super().__init__()
        self.screen = screen
        layout = QVBoxLayout(self)
        self.mine = paragraph()
        self.mine.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.keys_label, self.conflicts_label = heading("subheading"), heading("subheading")
        self.keys_hint, self.conflicts_hint = paragraph(), paragraph()
        self.keys, self.conflicts = table(4, wrap=(1, 3)), table(5, wrap=(3, 4))
        for widget in (self.mine, self.keys_label, self.keys_hint):
            layout.addWidget(widget)
        layout.addWidget(self.keys, 1)
        layout.addWidget(self.conflicts_label)
        layout.addWidget(self.conflicts_hint)
        layout.addWidget(self.conflicts, 1)

    def retranslate(self) -> None:
        self.keys_label.setText(_("Installations known here"))
        self.keys_hint.setText(_(
            "The first package from a computer records its key. Read the fingerprint to the "
            "community over the phone: it must match the one their computer shows. A later "
            "package claiming that computer under another key is refused."))
        self.conflicts_label.setText(_("Conflicts"))
        self.conflicts_hint.setText(_(
            "A record received twice at the same revision with different content. The same "
            "version is kept whatever the order of imports; both sources are listed."))
        self.keys.setAccessibleName(_("Installations known here"))
        self.conflicts.setAccessibleName(_("Conflicts"))
        self.keys.setHorizontalHeaderLabels([_("Installation"), _("Key fingerprint"),
                                             _("First seen"), _("First file")])
        self.conflicts.setHorizontalHeaderLabels([_("Found"), _("Community"), _("Record"),
                                                  _("Kept"), _("Sources")])

    def refresh(self) -> None:
        store = self.screen.kit.store
        self.mine.setText(_("This computer's key fingerprint: {fingerprint}").format(
            fingerprint=self.screen.kit.exchange.my_fingerprint()))
        rows = store.conn.execute("SELECT id, fingerprint, first_seen_at, first_file FROM "
                                  "installations ORDER BY first_seen_at DESC").fetchall()
        fill(self.keys, [[r[0], r[1], local_time(r[2]), r[3] or ""] for r in rows])
        kinds = {"session": _("session"), "respondent": _("respondent"),
                 "summary": _("summary session")}
        fill(self.conflicts, [[
            local_time(c.detected_at), c.community,
            f"{kinds.get(c.kind, c.kind)} {c.record_id[:8]}", c.kept_text(),
            f"{c.here}\n{c.package_source}"] for c in self.screen.kit.exchange.conflict_log()])


# the screen --------------------------------------------------------------------------------
class ExchangeScreen(Screen):
    open_plan = Signal(str)  # a community's id: show its plan in the Plan area

    def __init__(self, kit, parent: QWidget | None = None) -> None:
        super().__init__(kit, parent)
        self.tabs = QTabWidget()
        self.export = ExportPanel(self)
        self.importer = ImportPanel(self)
        self.history = HistoryPanel(self)
        self.hub = HubPanel(self)
        self.trust = TrustPanel(self)
        for panel in (self.export, self.importer, self.history, self.hub, self.trust):
            self.tabs.addTab(panel, "")
        self.layout_.addWidget(self.tabs, 1)
        fit_indicators(self)

    def retranslate(self) -> None:
        self.title.setText(_("Exchange"))
        self.tabs.setAccessibleName(_("Exchange"))
        self.tabs.tabBar().setAccessibleName(_("Parts of the exchange area"))
        for index, text in enumerate((_("Export"), _("Import"), _("History"),
                                      _("All communities"), _("Keys and conflicts"))):
            self.tabs.setTabText(index, text)
        for panel in (self.export, self.importer, self.history, self.hub, self.trust):
            panel.retranslate()

    def refresh(self) -> None:
        self.export.refresh()
        self.history.refresh()
        self.hub.refresh()
        self.trust.refresh()
