"""The window in which a session's answers are collected; its view depends on the mode."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMainWindow, QMessageBox, QWidget

from toolkit.i18n import _, format_date
from toolkit.runner import Runner
from toolkit.sessions import SessionLockedError, SessionService
from toolkit.vocabulary import MODES


class RunnerWindow(QMainWindow):
    finished = Signal()
    guide_requested = Signal(str)

    def __init__(self, kit, session_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.runner = Runner(SessionService(kit.store), session_id)
        session = self.runner.session
        if not session.is_open:
            raise SessionLockedError()
        self.mode = session.mode
        self.exit_code: str | None = None
        self.unlocked = self.mode != "kiosk"
        self.setWindowTitle(_("{community}, {date}: {mode}").format(
            community=session.community, date=format_date(session.session_date),
            mode=_(MODES[session.mode])))
        if self.mode == "kiosk":
            from toolkit.ui.runner.kiosk_view import KioskView

            self.view = KioskView(self.runner)
            self.view.exit_requested.connect(self.ask_exit)
        elif self.mode == "paper":
            from toolkit.ui.runner.paper_view import PaperView

            self.view = PaperView(self.runner)
        else:
            from toolkit.ui.runner.facilitator_view import FacilitatorView

            self.view = FacilitatorView(self.runner, group=self.mode == "group")
            self.view.guide_requested.connect(self.guide_requested)
        self.setCentralWidget(self.view)
        self.resize(1100, 760)

    def start(self, exit_code: str | None = None) -> bool:
        """Show the window; kiosk mode first asks the facilitator to choose an exit code."""
        if self.mode == "kiosk":
            code = exit_code or self._choose_exit_code()
            if not code:
                self.deleteLater()
                return False
            self.exit_code = code
            self.view.start()
            self.showFullScreen()
        else:
            self.view.start()
            self.show()
        return True

    def _choose_exit_code(self) -> str | None:
        while True:
            code, ok = QInputDialog.getText(
                self, _("Kiosk mode"),
                _("Choose an exit code of at least 4 digits. Participants will not be able to "
                  "leave the kiosk without it. To leave, press Ctrl+Shift+E and type the code."),
                QLineEdit.EchoMode.Password)
            if not ok:
                return None
            if code.isdigit() and len(code) >= 4:
                return code

    def ask_exit(self) -> None:
        code, ok = QInputDialog.getText(self, _("Leave kiosk mode"),
                                        _("Facilitator: type the exit code."),
                                        QLineEdit.EchoMode.Password)
        if ok and code == self.exit_code:
            self.unlocked = True
            self.close()
        elif ok:
            QMessageBox.warning(self, _("Leave kiosk mode"), _("That is not the exit code."))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if not self.unlocked:
            event.ignore()
            return
        self.view.flush_pending()  # text typed a moment ago is saved before the window goes
        self.finished.emit()
        super().closeEvent(event)
