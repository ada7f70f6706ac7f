"""Settings: interface language, text size, translations (the workbook round trip), data
folder, backups (make one, restore one)."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from toolkit import i18n
from toolkit.i18n import N_, _, format_datetime, format_number, ngettext
from toolkit.settings import TEXT_SCALES
from toolkit.ui.errors import show_error
from toolkit.ui.qt_i18n import fill_languages
from toolkit.ui.screen import Screen
from toolkit.vocabulary import BACKUP_REASONS


@contextmanager
def busy():
    """The wait cursor while a workbook is written or checked (a few seconds)."""
    from PySide6.QtWidgets import QApplication

    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


class SettingsScreen(Screen):
    language_chosen = Signal(str)
    scale_chosen = Signal(int)
    restored = Signal()

    def __init__(self, kit, parent: QWidget | None = None) -> None:
        super().__init__(kit, parent)
        self.interface_box = QGroupBox()
        form = QFormLayout(self.interface_box)
        self.language_label, self.scale_label = QLabel(), QLabel()
        self.language = QComboBox()
        fill_languages(self.language, i18n.interface_codes(), i18n.language())
        self.scale = QComboBox()
        for pct in TEXT_SCALES:
            self.scale.addItem(f"{pct} %", pct)
        self.language_label.setBuddy(self.language)
        self.scale_label.setBuddy(self.scale)
        form.addRow(self.language_label, self.language)
        form.addRow(self.scale_label, self.scale)

        self.privacy_box = QGroupBox()  # the small-group threshold of every report
        privacy = QVBoxLayout(self.privacy_box)
        self.threshold_label = QLabel()
        self.threshold_label.setWordWrap(True)
        self.threshold = QSpinBox()
        from toolkit.disclosure import MAX_THRESHOLD, MIN_THRESHOLD

        self.threshold.setRange(MIN_THRESHOLD, MAX_THRESHOLD)  # the floor of every output
        self.threshold_label.setBuddy(self.threshold)
        self.threshold_hint = QLabel()
        self.threshold_hint.setWordWrap(True)
        privacy.addWidget(self.threshold_label)
        privacy.addWidget(self.threshold, 0, Qt.AlignmentFlag.AlignLeft)
        privacy.addWidget(self.threshold_hint)

        self.translation_box = QGroupBox()  # the translation workbook, as `toolkit translations`
        translation = QVBoxLayout(self.translation_box)
        self.translation_hint = QLabel()
        self.translation_hint.setWordWrap(True)
        self.translate_into_label = QLabel()
        self.translate_into = QComboBox()
        self.translate_into_label.setBuddy(self.translate_into)
        self.export_workbook = QPushButton()
        self.import_workbook = QPushButton()
        self.export_workbook.clicked.connect(self.export_translation)
        self.import_workbook.clicked.connect(self.import_translation)
        self.translation_report = QPlainTextEdit()  # the import's report, row by row
        self.translation_report.setReadOnly(True)
        self.translation_report.setVisible(False)
        self.translation_report.setMinimumHeight(100)
        translation.addWidget(self.translation_hint)
        translation.addWidget(self.translate_into_label)
        translation.addWidget(self.translate_into, 0, Qt.AlignmentFlag.AlignLeft)
        translation.addWidget(self.export_workbook, 0, Qt.AlignmentFlag.AlignLeft)
        translation.addWidget(self.import_workbook, 0, Qt.AlignmentFlag.AlignLeft)
        translation.addWidget(self.translation_report)
        self._fill_translatable()

        self.folder_box = QGroupBox()
        folder_row = QHBoxLayout(self.folder_box)
        self.folder_path = QLineEdit(str(kit.folder))  # long paths scroll instead of widening
        self.folder_path.setReadOnly(True)
        self.folder_path.setObjectName("data_folder_path")
        self.open_folder = QPushButton()
        self.open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.kit.folder))))
        folder_row.addWidget(self.folder_path, 1)
        folder_row.addWidget(self.open_folder)

        self.backup_box = QGroupBox()
        backup_layout = QVBoxLayout(self.backup_box)
        self.backup_hint = QLabel()
        self.backup_hint.setWordWrap(True)
        self.backup_list = QListWidget()
        self.backup_list.setMinimumHeight(120)
        self.backup_now = QPushButton()
        self.restore_button = QPushButton()
        self.backup_now.clicked.connect(self.make_backup)
        self.restore_button.clicked.connect(self.restore_selected)
        self.backup_list.currentRowChanged.connect(self._update_buttons)
        buttons = QVBoxLayout()  # stacked: side by side they overflow at 200 % in French
        buttons.addWidget(self.backup_now, 0, Qt.AlignmentFlag.AlignLeft)
        buttons.addWidget(self.restore_button, 0, Qt.AlignmentFlag.AlignLeft)
        backup_layout.addWidget(self.backup_hint)
        backup_layout.addWidget(self.backup_list, 1)
        backup_layout.addLayout(buttons)

        self.layout_.addWidget(self.interface_box)
        self.layout_.addWidget(self.privacy_box)
        self.layout_.addWidget(self.translation_box)
        self.layout_.addWidget(self.folder_box)
        self.layout_.addWidget(self.backup_box, 1)
        self.sync_from_settings()
        self.language.currentIndexChanged.connect(
            lambda: self.language_chosen.emit(self.language.currentData()))
        self.scale.currentIndexChanged.connect(
            lambda: self.scale_chosen.emit(self.scale.currentData()))
        self.threshold.valueChanged.connect(self.set_threshold)

    def sync_from_settings(self) -> None:
        """Show the language and scale in force (without emitting change signals)."""
        for combo, value in ((self.language, i18n.language()),
                             (self.scale, self.kit.settings.text_scale)):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.blockSignals(False)
        self.threshold.blockSignals(True)
        self.threshold.setValue(self.kit.settings.small_group_threshold)
        self.threshold.blockSignals(False)

    def _fill_translatable(self) -> None:
        from toolkit import languages

        codes = [lang.code for lang in languages.registered() if lang.code != languages.SOURCE]
        first = next((c for c in codes if c not in languages.FALLBACKS), None)
        fill_languages(self.translate_into, codes, self.translate_into.currentData() or first)

    def _show_report(self, lines: list[str]) -> None:
        self.translation_report.setPlainText("\n".join(lines))
        self.translation_report.setVisible(True)

    def export_translation(self) -> None:
        from toolkit.translation.workbook import export_workbook

        code = self.translate_into.currentData()
        if not code:
            return
        suggested = str(Path.home() / f"translation-{code}.xlsx")
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Export a workbook"), suggested, _("Excel workbook (*.xlsx)"))
        if not path:
            return
        try:
            with busy():
                count = export_workbook(code, Path(path), self.kit.store)
        except Exception as exc:  # noqa: BLE001 - shown to the user, logged
            show_error(self, exc)
            return
        self._show_report([ngettext("{path}: {n} string to translate",
                                    "{path}: {n} strings to translate", count).format(
            path=path, n=count)])

    def import_translation(self) -> None:
        from toolkit.translation.workbook import WorkbookProblems, import_workbook

        path, _filter = QFileDialog.getOpenFileName(
            self, _("Import a workbook"), "", _("Excel workbook (*.xlsx)"))
        if not path:
            return
        try:
            with busy():
                checked = import_workbook(Path(path), self.kit.store, dry_run=True,
                                          data_folder=self.kit.folder)
        except WorkbookProblems as exc:
            self._show_report(exc.result.lines())
            QMessageBox.warning(self, _("Import a workbook"), exc.user_message())
            return
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self._show_report(checked.lines()[:-1])
        from toolkit import languages

        name = languages.get(checked.code).name(i18n.language())
        answer = QMessageBox.question(self, _("Import a workbook"), ngettext(
            "Use this translation into {language} ({n} string translated)? The translation "
            "in use now is backed up first.",
            "Use this translation into {language} ({n} strings translated)? The translation "
            "in use now is backed up first.", checked.translated).format(
                language=name, n=checked.translated))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            with busy():
                result = import_workbook(Path(path), self.kit.store,
                                         data_folder=self.kit.folder)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self._show_report(result.lines())
        fill_languages(self.language, i18n.interface_codes(), i18n.language())
        self._fill_translatable()
        self.refresh()

    def set_threshold(self, value: int) -> None:
        """Saved at once; reports and exports use it from then on."""
        self.kit.settings.small_group_threshold = value
        self.kit.save_settings()

    def retranslate(self) -> None:
        self.title.setText(_("Settings"))
        self.interface_box.setTitle(_("Interface"))
        self.language_label.setText(_("&Language:"))
        self.scale_label.setText(_("&Text size:"))
        self.language.setAccessibleName(_("Interface language"))
        self.scale.setAccessibleName(_("Text size"))
        for i in range(self.scale.count()):
            self.scale.setItemText(i, format_number(self.scale.itemData(i)) + " %"
                                   if i18n.language() == "fr" else f"{self.scale.itemData(i)}%")
        self.privacy_box.setTitle(_("Privacy"))
        self.threshold_label.setText(_("&Hide results from fewer than:"))
        self.threshold.setSuffix(" " + _("people"))
        self.threshold.setAccessibleName(_("Small-group threshold"))
        self.threshold.lineEdit().setAccessibleName(_("Small-group threshold"))
        from toolkit.disclosure import MIN_THRESHOLD

        self.threshold_hint.setText(_(
            "Reports and packages never show a result based on fewer people than this. It "
            "cannot go below {n}; lower it only if the community agrees.").format(
                n=MIN_THRESHOLD))
        self.translation_box.setTitle(_("Translations"))
        self.translation_hint.setText(_(
            "A translator can put the app in another language: export a workbook for that "
            "language, fill it in any spreadsheet, then import it here. Every row is checked "
            "first; if something is wrong, nothing changes and each problem is listed."))
        self.translate_into_label.setText(_("Language to &translate into:"))
        self.translate_into.setAccessibleName(_("Language to translate into"))
        self.export_workbook.setText(_("Export a workbook…"))
        self.import_workbook.setText(_("Import a workbook…"))
        self.translation_report.setAccessibleName(_("Report of the last import"))
        self.folder_box.setTitle(_("Data folder"))
        self.folder_path.setAccessibleName(_("Data folder"))
        self.open_folder.setText(_("Open the folder"))
        self.open_folder.setAccessibleName(_("Open the data folder"))
        self.backup_box.setTitle(_("Backups"))
        self.backup_hint.setText(_(
            "A backup is made automatically when the app closes, at most once a day. "
            "Restoring a backup first backs up the current data, so nothing is lost."))
        self.backup_list.setAccessibleName(_("Backups, newest first"))
        self.backup_now.setText(_("Back up now"))
        self.backup_now.setAccessibleName(_("Back up now"))
        self.restore_button.setText(_("Restore the selected backup…"))
        self.restore_button.setAccessibleName(_("Restore the selected backup"))
        self.sync_from_settings()

    def refresh(self) -> None:
        self.backup_list.clear()
        for backup in self.kit.backups():
            text = _("{when} ({reason}, {size} KB)").format(
                when=format_datetime(backup.taken_at),
                reason=_(BACKUP_REASONS.get(backup.reason, N_("automatic"))),
                size=format_number(max(1, round(backup.size / 1024))),
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, str(backup.path))
            self.backup_list.addItem(item)
        if self.backup_list.count() == 0:
            item = QListWidgetItem(_("No backups yet."))
            item.setData(Qt.ItemDataRole.UserRole, None)
            self.backup_list.addItem(item)
        self._update_buttons()

    def _selected_backup(self) -> str | None:
        item = self.backup_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self._selected_backup() is not None)

    def make_backup(self) -> None:
        try:
            self.kit.backup_now()
        except Exception as exc:  # noqa: BLE001 - shown to the user, logged
            show_error(self, exc)
        self.refresh()

    def restore_selected(self) -> None:
        chosen = self._selected_backup()
        if not chosen:
            return
        answer = QMessageBox.question(
            self, _("Restore a backup"),
            _("Replace the current data by the backup of {when}? The current data is backed "
              "up first, so this can be undone.").format(
                when=self.backup_list.currentItem().text()),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            store = self.kit.restore(Path(chosen))  # the one restore path (store/backups.py)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self.refresh()
        self.restored.emit()
        text = _("The backup was restored.")
        if store.before_restore is not None:
            text += " " + _("The data it replaced was backed up first: it is the backup of "
                            "{when}, before a restore, in the list.").format(
                when=format_datetime(store.before_restore.taken_at))
        QMessageBox.information(self, _("Restore a backup"), text)
