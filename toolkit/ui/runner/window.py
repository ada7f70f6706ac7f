"""The window in which a session's answers are collected; its view depends on the mode.

A kiosk holds the participant: while it runs every other window of the toolkit is hidden
(and hidden again if one tries to show), the kiosk stays full screen and takes the focus
back when it loses it; the others come back only after the facilitator's exit code. What
the operating system itself offers (its own shortcuts, other programs) the app cannot
prevent: the facilitator guide says how to run a kiosk in a locked account.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QInputDialog,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QWidget,
)

from toolkit import i18n
from toolkit.i18n import _, format_date
from toolkit.runner import Runner
from toolkit.sessions import SessionLockedError
from toolkit.ui.runner.common import show_focus
from toolkit.vocabulary import MODES

RECLAIM_MS = 250  # how soon a kiosk that lost the focus takes it back


def belongs_to(widget: QWidget, owner: QWidget) -> bool:
    """True if `owner` is `widget` or one of its parents, across windows (dialogs, popups)."""
    while widget is not None:
        if widget is owner:
            return True
        widget = widget.parentWidget()
    return False


class KioskLock(QObject):
    """Every other top-level window of the app hidden while held; brought back on release.

    A window that shows itself meanwhile (a message from a screen, say) is hidden again at
    once when it takes the focus, and in any case within WATCH_MS. (Not an application-wide
    event filter: it would see every event of every object, dying ones too.)"""

    WATCH_MS = 200

    def __init__(self, kiosk: QWidget) -> None:
        super().__init__(kiosk)
        self.kiosk = kiosk
        self.hidden: list[QWidget] = []
        self.held = False
        self._watch = QTimer(self)
        self._watch.setInterval(self.WATCH_MS)
        self._watch.timeout.connect(self.sweep)

    def engage(self) -> None:
        self.held = True
        self.sweep()
        self._watch.start()
        QApplication.instance().focusWindowChanged.connect(self._focus_moved)

    def sweep(self) -> None:
        """Hide every visible window that is not the kiosk or one of its dialogs."""
        if not self.held:
            return
        for window in QApplication.topLevelWidgets():
            if window.isVisible() and not belongs_to(window, self.kiosk):
                if window not in self.hidden:
                    self.hidden.append(window)
                window.hide()

    def _focus_moved(self, _window) -> None:
        QTimer.singleShot(0, self.sweep)

    def release(self) -> None:
        if not self.held:
            return
        self.held = False
        self._watch.stop()
        try:
            QApplication.instance().focusWindowChanged.disconnect(self._focus_moved)
        except (RuntimeError, TypeError):
            pass
        shown = []
        for window in self.hidden:
            try:
                window.show()
                shown.append(window)
            except RuntimeError:  # deleted meanwhile
                continue
        if shown:
            shown[0].raise_()
            shown[0].activateWindow()
        self.hidden = []


class RunnerWindow(QMainWindow):
    finished = Signal()
    guide_requested = Signal(str)

    def __init__(self, kit, session_id: str, parent: QWidget | None = None,
                 mode: str | None = None) -> None:
        """`mode`: another way of collecting than the session's own (`toolkit run --mode`)."""
        runner = Runner(kit.sessions, session_id)
        session = runner.session
        if not session.is_open:
            raise SessionLockedError()
        mode = mode or session.mode
        # A kiosk has no parent: the windows it hides must not take it with them.
        super().__init__(None if mode == "kiosk" else parent, Qt.WindowType.Window)
        self.runner = runner
        self.mode = mode
        self.exit_code: str | None = None
        self.unlocked = self.mode != "kiosk"
        self.lock = KioskLock(self) if self.mode == "kiosk" else None
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
        self.retranslate()
        i18n.on_language_changed(self._language_changed)
        QApplication.instance().focusChanged.connect(self._focus_moved)
        self.resize(1100, 760)

    def retranslate(self) -> None:
        session = self.runner.session
        self.setWindowTitle(_("{community}, {date}: {mode}").format(
            community=session.community, date=format_date(session.session_date),
            mode=_(MODES[self.mode])))

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Qt forgets, on each activation, that the keyboard is in use; the runner never
        does: the focus frame stays drawn (the kiosk has no mouse, often)."""
        try:
            if new is not None and new.window() is self:
                show_focus(self)
        except RuntimeError:  # a widget dropped a moment ago
            pass

    def _language_changed(self, _lang: str) -> None:
        self.retranslate()
        retranslate = getattr(self.view, "retranslate", None)
        if retranslate is not None:
            retranslate()

    def start(self, exit_code: str | None = None) -> bool:
        """Show the window; kiosk mode first asks the facilitator to choose an exit code."""
        if self.mode == "kiosk":
            code = exit_code or self._choose_exit_code()
            if not code:
                self._forget()
                self.deleteLater()
                return False
            self.exit_code = code
            resume = self._ask_interrupted()  # the facilitator is still at the keyboard
            self.lock.engage()
            self.view.start()
            if resume:
                self.view.resume(resume)
            self.showFullScreen()
        else:
            resume = self._ask_interrupted()
            self.view.start()
            if resume and hasattr(self.view, "open_respondent"):
                self.view.open_respondent(resume)
            self.show()
        show_focus(self)  # the keyboard's place is drawn from the first frame
        self.activateWindow()
        return True

    def _ask_interrupted(self) -> str | None:
        """Tell the facilitator who was answering when the app last stopped; resume them (the
        id returned) or mark them complete, one at a time."""
        resume = None
        for respondent in self.runner.interrupted():
            box = QMessageBox(self)
            box.setIcon(QMessageBox.Icon.Warning)
            box.setWindowTitle(_("Interrupted respondent"))
            box.setText(_("The toolkit stopped while respondent {n} was answering. Their "
                          "answers up to then are saved.").format(n=respondent.number))
            can_resume = self.mode != "paper" and resume is None
            box.setInformativeText(
                _("Resume: continue with this respondent now. Mark complete: keep their "
                  "answers as they are and start with someone else.") if can_resume else
                _("Mark complete: keep their answers as they are. Leave in progress: open "
                  "them later from the list."))
            resume_button = box.addButton(_("Resume") if can_resume else _("Leave in progress"),
                                          QMessageBox.ButtonRole.AcceptRole)
            complete_button = box.addButton(_("Mark complete"), QMessageBox.ButtonRole.RejectRole)
            box.setDefaultButton(resume_button)
            box.exec()
            self.runner.forget_interrupted(respondent.id)
            if box.clickedButton() is complete_button:
                self.runner.service.complete(respondent.id)
            elif can_resume:
                resume = respondent.id
        return resume

    def _ask_code(self, title: str, text: str) -> tuple[str, bool]:
        """A password prompt whose text wraps, so it fits a small screen at large text
        (QInputDialog.getText's label never wraps: at 200 % it was wider than the screen)."""
        from PySide6.QtWidgets import QLabel

        dialog = QInputDialog(self)
        dialog.setWindowTitle(title)
        dialog.setLabelText(text)
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
        for label in dialog.findChildren(QLabel):
            label.setWordWrap(True)
        screen = (self.screen() or QApplication.primaryScreen()).availableGeometry()
        dialog.setMaximumWidth(max(320, screen.width() - 48))
        ok = dialog.exec() == QInputDialog.DialogCode.Accepted
        return dialog.textValue(), ok

    def _choose_exit_code(self) -> str | None:
        while True:
            code, ok = self._ask_code(
                _("Kiosk mode"),
                _("Choose an exit code of at least 4 digits. Participants will not be able to "
                  "leave the kiosk without it. To leave, press Ctrl+Shift+E and type the code."))
            if not ok:
                return None
            if code.isdigit() and len(code) >= 4:
                return code

    def ask_exit(self) -> None:
        code, ok = self._ask_code(_("Leave kiosk mode"), _("Facilitator: type the exit code."))
        if ok and code == self.exit_code:
            self.unlocked = True
            self.close()
        elif ok:
            QMessageBox.warning(self, _("Leave kiosk mode"), _("That is not the exit code."))

    # holding the participant ------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            show_focus(self)
        if self.unlocked or not self.isVisible():
            return
        if event.type() in (QEvent.Type.ActivationChange, QEvent.Type.WindowStateChange):
            QTimer.singleShot(RECLAIM_MS, self._reclaim)

    def _reclaim(self) -> None:
        """Back to full screen and to the front, unless one of the kiosk's own dialogs (the
        exit code, a message) has the focus."""
        if self.unlocked or not self.isVisible():
            return
        if not self.isFullScreen() or self.isMinimized():
            self.showFullScreen()
        active = QApplication.activeWindow()
        if active is None or not belongs_to(active, self):
            self.raise_()
            self.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if not self.unlocked:
            event.ignore()
            return
        self.view.flush_pending()  # text typed a moment ago is saved before the window goes
        self.runner.release()  # closed on purpose: not an interrupted respondent
        self._forget()
        if self.lock is not None:
            self.lock.release()
        self.finished.emit()
        super().closeEvent(event)

    def _forget(self) -> None:
        i18n.remove_listener(self._language_changed)
        try:
            QApplication.instance().focusChanged.disconnect(self._focus_moved)
        except (RuntimeError, TypeError):
            pass
