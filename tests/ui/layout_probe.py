"""Opens every window and dialog on a screen of a given size and lists what does not fit.

    QT_QPA_PLATFORM=offscreen:configfile=SCREEN.json python -m tests.ui.layout_probe SCALE OUT

Run by tests/ui/test_layout.py in a child process, because Qt's offscreen screen size is
fixed when the application starts. Also used by tools/screenshots.py (`shoot`). A problem
is a button (of any kind) outside the screen or the window, a window larger than the
screen, a scroll area whose content is wider than it (its right side would be cut), or a
table whose columns are wider than it (read only by scrolling sideways).
Buttons inside a vertical scroll area may lie below its visible part: scrolling reaches
them.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QTableView,
    QTabWidget,
    QWidget,
)

LONG_TITLE = ("Local diagnosis of community safety and well-being, evening session with "
              "Elders and youth at the community hall")


def global_rect(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def scroll_parent(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and not parent.isWindow():
            return parent
        if parent.isWindow():
            return None
        parent = parent.parentWidget()
    return None


def problems(window: QWidget, name: str) -> list[str]:
    """Everything in `window` that the person at this screen could not reach or see."""
    out = []
    screen = QWidget.screen(window).availableGeometry()
    frame = window.frameGeometry()
    if not screen.contains(frame):
        out.append(f"{name}: window {frame.getRect()} outside screen {screen.getRect()}")
    inside = window.geometry()
    for area in window.findChildren(QScrollArea):
        if area.isVisibleTo(window) and area.widget() is not None \
                and area.widget().minimumSizeHint().width() > area.viewport().width() + 1:
            out.append(f"{name}: {area.widget().__class__.__name__} needs "
                       f"{area.widget().minimumSizeHint().width()} px, has "
                       f"{area.viewport().width()}")
    for table in window.findChildren(QTableView):  # read without sideways scrolling
        if table.isVisibleTo(window) and table.model() is not None \
                and table.horizontalHeader().length() > table.viewport().width() + 1:
            out.append(f"{name}: table '{table.accessibleName() or table.objectName()}' needs "
                       f"{table.horizontalHeader().length()} px, has "
                       f"{table.viewport().width()}")
    for label in window.findChildren(QLabel):
        if label.isVisibleTo(window) and label.text() and scroll_parent(label) is None \
                and not inside.contains(global_rect(label)):
            out.append(f"{name}: text '{label.text()[:40]}' cut by the window's edge")
        elif label.isVisibleTo(window) and label.text() and label.wordWrap() \
                and label.heightForWidth(label.width()) > label.height() + 2:
            out.append(f"{name}: text '{label.text()[:40]}' cut: needs "
                       f"{label.heightForWidth(label.width())} px, has {label.height()}")
    for button in window.findChildren(QAbstractButton):
        if not button.isVisibleTo(window) or button.width() <= 0:
            continue
        if button.parentWidget() and button.parentWidget().inherits("QTabBar"):
            continue  # the tab bar's own scroll arrows
        rect = global_rect(button)
        label = button.text().replace("&", "") or button.accessibleName() or \
            button.__class__.__name__
        area = scroll_parent(button)
        if area is not None:
            view = global_rect(area.viewport())
            if rect.left() < view.left() - 1 or rect.right() > view.right() + 1:
                out.append(f"{name}: '{label}' cut at the side of its scroll area")
            if not screen.contains(QRect(view.left(), view.top(), view.width(), 1)):
                out.append(f"{name}: scroll area holding '{label}' is off screen")
            continue
        if not screen.contains(rect) or not inside.contains(rect):
            out.append(f"{name}: '{label}' at {rect.getRect()} is off "
                       f"{'the screen' if not screen.contains(rect) else 'the window'}")
    return out


def settle(app: QApplication, rounds: int = 4) -> None:
    for _ in range(rounds):
        app.processEvents()


def shown(app: QApplication, window: QWidget) -> QWidget:
    window.show()
    settle(app)
    return window


class Probe:
    """Builds the app with sample sessions and yields (name, window) for each window state."""

    def __init__(self, scale: int) -> None:
        from toolkit import i18n
        from toolkit.context import Toolkit
        from toolkit.demo import add_demo
        from toolkit.sessions import SessionService
        from toolkit.ui.app import application, prepare

        self.app = application()
        self.kit = Toolkit(Path(tempfile.mkdtemp(prefix="toolkit-layout-")))
        self.kit.settings.text_scale = scale  # as when the app starts at that size
        prepare(self.kit, "en")
        self.kit.open_store()
        self.service = SessionService(self.kit.store)
        self.sessions = add_demo(self.service)
        self.add_plan()
        for mode in ("facilitator", "kiosk", "paper", "group"):
            self.service.create_session("Kahnawà:ke", None, "2026-12-01", mode=mode,
                                        title=LONG_TITLE if mode == "paper" else "")
        self.add_imported()
        self.add_hub()
        self.scale = scale
        self.found: list[str] = []
        self.shots: Path | None = None
        i18n.set_language("en")

    def add_plan(self) -> None:
        """A plan for the demo community, with one priority filled in, so every tab of the
        Plan area has something to lay out."""
        from toolkit.plan.seeding import candidates, figure_choices
        from toolkit.plan.service import PlanService

        plans = PlanService(self.kit.store)
        plans.create("Birch Lake", LONG_TITLE)
        seeds = candidates(self.kit.store, "2026 follow-up", 5)
        first = plans.add_priority("Birch Lake", seeds.candidates[0].title_in("en"),
                                   "social_development", [seeds.candidates[0].source])
        asset = plans.add_asset("Birch Lake", "Birch Lake Friendship Centre", "organisation",
                                "community services", "Ask for the youth coordinator")
        plans.link_asset("Birch Lake", first.id, asset.id)
        plans.add_factor("Birch Lake", first.id, "risk", "Long winter evenings with nothing "
                         "to do and no transport to the next town")
        plans.add_action("Birch Lake", first.id, "Open a drop-in at the community hall three "
                         "evenings a week", "Recreation committee", ["School", "Health centre"],
                         "2027-01-15", "2027-06-30", "Two youth workers", "under_way")
        plans.add_outcome("Birch Lake", first.id, "short", "Youth come back each week")
        figure = next(f for f, q in figure_choices(self.kit.store, first_community(self.kit))
                      if q.type == "scale")
        plans.add_indicator("Birch Lake", first.id, "Residents who agree youth lack things "
                            "to do", "75 % (2026)", "Under half by 2028", "Diagnosis", figure)

    def windows(self, lang: str) -> Iterator[tuple[str, QWidget, Callable[[], None]]]:
        """(name, window, close) for every window and dialog, in `lang`."""
        from toolkit.ui.main_window import KEYS, MainWindow

        window = MainWindow(self.kit)
        shown(self.app, window)
        window.set_text_scale(self.scale)
        window.set_language(lang)
        settle(self.app)
        for key in KEYS:
            window.go_to(key)
            settle(self.app)
            screen = window.screen(key)
            tabs = screen.findChild(QTabWidget)
            if tabs is None:
                yield f"main-{key}", window, lambda: None
                continue
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)
                settle(self.app)
                yield f"main-{key}-tab{index}", window, lambda: None
        yield from self.dialogs(window)
        yield from self.runners(window)
        window.close()
        settle(self.app)

    def dialogs(self, window: QWidget):
        from toolkit.errors import DatabaseDamagedError, InputError, describe
        from toolkit.i18n import N_, _
        from toolkit.rounds import RoundService
        from toolkit.ui.comments_dialog import CommentsDialog
        from toolkit.ui.compare_rounds_dialog import CompareRoundsDialog
        from toolkit.ui.recovery_dialog import RecoveryDialog
        from toolkit.ui.report_preview import PreviewDialog
        from toolkit.ui.round_dialog import RoundDialog
        from toolkit.ui.session_dialog import SessionDialog

        for name, make in (
            ("session-dialog", lambda: SessionDialog(self.service, window)),
            ("questionnaires-dialog", lambda: self.questionnaires(window)),
            ("round-dialog", lambda: RoundDialog(RoundService(self.kit.store), self.sessions[0],
                                                 window)),
            ("compare-rounds-dialog", lambda: CompareRoundsDialog(self.kit, None, window)),
            ("comments-dialog", lambda: CommentsDialog(self.kit, self.sessions[:1], window)),
            ("recovery-dialog", lambda: RecoveryDialog(
                self.kit, DatabaseDamagedError(path=str(self.kit.folder / "toolkit.sqlite")))),
            ("preview-dialog", lambda: PreviewDialog(self.blank_form(), "form.pdf", "letter",
                                                     window)),
            ("message-box", lambda: QMessageBox(
                QMessageBox.Icon.Warning, _("Problem"),
                describe(InputError(N_("The threshold cannot be lower than the one set in "
                                       "Settings ({n}). Change the setting first if the "
                                       "community agrees."), n=5)),
                QMessageBox.StandardButton.Ok, window)),
        ):
            dialog = make()
            shown(self.app, dialog)
            yield name, dialog, dialog.close
            dialog.close()
            dialog.deleteLater()
            settle(self.app)

    def add_hub(self) -> None:
        """Packages from three communities, one bringing its plan: the hub tab's lists."""
        from tests.exchange_helpers import remember_key
        from tests.hub_helpers import fill_hub

        remember_key(self.kit)
        fill_hub(self.kit, Path(tempfile.mkdtemp(prefix="toolkit-layout-hub-")), plans=True)

    def add_imported(self) -> None:
        """A questionnaire added from an XLSForm, listed with the bundled ones."""
        from tests.xlsform_helpers import partner_form
        from toolkit.questionnaire.catalogue import Catalogue

        Catalogue(self.kit.store).import_xlsform(partner_form(self.kit.folder / "partner.xlsx"))

    def questionnaires(self, window: QWidget) -> QWidget:
        """The Questionnaires dialog showing a refusal, the longest text it shows."""
        from toolkit.questionnaire.xlsform import NO_TEXT, XLSFormError
        from toolkit.ui.questionnaires_dialog import QuestionnairesDialog

        dialog = QuestionnairesDialog(self.kit.store, window)
        dialog.say(XLSFormError("a-partner-questionnaire-with-a-long-name.xlsx", "survey", 12,
                                "label::French (fr)", NO_TEXT["fr"]).user_message(), problem=True)
        return dialog

    def blank_form(self) -> Path:
        from toolkit.questionnaire import bundled_instrument
        from toolkit.reports.blank_form import build_blank_form

        path = self.kit.folder / "form.pdf"
        if not path.exists():
            build_blank_form(bundled_instrument("local-diagnosis"), path, "en")
        return path

    def runners(self, window):
        from toolkit.ui.runner.window import RunnerWindow

        for mode in ("facilitator", "group", "paper", "kiosk"):
            session = self.service.create_session("Birch Lake", None, mode=mode,
                                                  language=i18n_language())
            if mode == "kiosk":  # the real exit-code dialogs, looked at while they are open
                runner = RunnerWindow(self.kit, session.id, window)
                self.answer_dialog("kiosk-exit-code-dialog")
                runner.start()
            else:
                window.open_session(session.id)
                runner = window.runner_window
            settle(self.app)
            view = runner.view
            if mode == "kiosk":
                yield "runner-kiosk-welcome", runner, lambda: None
                view.begin(i18n_language())
                settle(self.app)
            elif mode == "paper":
                view.number.setText("17")
                view.start_form()
                settle(self.app)
            yield f"runner-{mode}", runner, lambda: None
            if mode == "paper":  # a second keying that differs: the comparison
                view.widgets["safe_night"].buttons[2].click()
                view.finish_form()
                view.second_keying.setChecked(True)
                view.number.setText("17")
                view.start_form()
                view.widgets["safe_night"].buttons[4].click()
                view.widgets["community_kind"].buttons["rural"].click()
                view.finish_form()
                settle(self.app)
                yield "runner-paper-compare", runner, lambda: None
            if mode == "kiosk":
                self.answer_dialog("kiosk-leave-dialog")
                runner.ask_exit()
            runner.unlocked = True
            runner.close()
            settle(self.app)


    def answer_dialog(self, name: str) -> None:
        """Once the modal dialog that is about to open is up, look at it, then type the
        kiosk's exit code in it and accept it."""
        def look() -> None:
            dialog = QApplication.activeModalWidget()
            if dialog is None:
                QTimer.singleShot(20, look)
                return
            settle(self.app)
            self.report(name, dialog)
            dialog.findChild(QLineEdit).setText("2468")
            dialog.accept()
        QTimer.singleShot(20, look)

    def report(self, name: str, window: QWidget) -> None:
        from toolkit import i18n

        lang = i18n.language()
        self.found += [f"[{lang}] {p}" for p in problems(window, name)]
        if self.shots is not None:
            screen = QWidget.screen(window).geometry()
            size = f"{screen.width()}x{screen.height()}"
            window.grab().save(str(self.shots / f"{name}-{lang}-{self.scale}-{size}.png"))
            if QApplication.platformName() == "xcb":  # a real X server: the whole screen too
                QWidget.screen(window).grabWindow(0).save(
                    str(self.shots / f"{name}-{lang}-{self.scale}-{size}-screen.png"))


def first_community(kit) -> str:
    from toolkit.sessions import SessionService

    return next(cid for cid, name in SessionService(kit.store).communities()
                if name == "Birch Lake")


def i18n_language() -> str:
    from toolkit import i18n

    return i18n.language()


def main(argv: list[str]) -> int:
    scale, out = int(argv[0]), Path(argv[1])
    shots = Path(argv[2]) if len(argv) > 2 else None
    probe = Probe(scale)
    probe.shots = shots
    for lang in ("en", "fr"):
        for name, window, _close in probe.windows(lang):
            probe.report(name, window)
    out.write_text(json.dumps(probe.found, ensure_ascii=False, indent=1), encoding="utf-8")
    probe.kit.close(backup=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
