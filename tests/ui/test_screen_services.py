"""Screens and windows take their services from the Toolkit context (issue 17)."""

from toolkit.ui.comments_dialog import CommentsDialog
from toolkit.ui.runner.window import RunnerWindow


def test_screens_and_windows_share_the_contexts_services(window, qtbot):
    kit = window.kit
    window.go_to("sessions")
    assert window.screen("sessions").service is kit.sessions
    session = kit.sessions.create_session("Wemotaci", None)
    runner = RunnerWindow(kit, session.id)
    qtbot.addWidget(runner)
    assert runner.runner.service is kit.sessions
    dialog = CommentsDialog(kit, [kit.sessions.get(session.id)], window)
    qtbot.addWidget(dialog)
    assert dialog.service is kit.comments
