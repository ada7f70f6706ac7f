"""The completeness view in the app: the count, and each text shown in the fallback."""

from toolkit.questionnaire import bundled_instrument
from toolkit.ui.completeness_dialog import CompletenessDialog


def test_the_dialog_lists_what_a_language_lacks(qtbot, window):
    instrument = bundled_instrument("local-diagnosis")
    dialog = CompletenessDialog(instrument, "moe")
    qtbot.addWidget(dialog)
    assert dialog.language.currentData() == "moe"
    assert dialog.table.rowCount() > 100  # nothing is translated into Innu-aimun here
    assert "[fr] " in dialog.table.item(0, 2).text()  # Innu-aimun falls back to French
    assert "0 of" in dialog.summary.text()
    dialog.language.setCurrentIndex(dialog.language.findData("fr"))
    assert dialog.table.rowCount() == 0 and "all" in dialog.summary.text()


def test_the_reports_screen_opens_it_for_the_reports_language(qtbot, window, monkeypatch):
    from toolkit.ui import completeness_dialog

    seen = []
    monkeypatch.setattr(completeness_dialog.CompletenessDialog, "exec",
                        lambda self: seen.append(self.language.currentData()))
    from toolkit.ui.reports_screen import ReportsScreen

    window.go_to("reports")
    screen = window.findChild(ReportsScreen)
    screen.language.setCurrentIndex(screen.language.findData("iu+en"))
    screen.completeness_button.click()
    assert seen == ["iu"]
