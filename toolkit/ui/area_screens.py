"""Areas whose full screens arrive with their own features (guides, sessions, reports,
exchange). Until then each says plainly what it will hold; the sessions area already
lists what the store contains."""

from __future__ import annotations

from PySide6.QtWidgets import QListWidget, QWidget

from toolkit import overview
from toolkit.i18n import N_, _, format_date
from toolkit.ui.screen import Screen, paragraph
from toolkit.vocabulary import MODES


class _DescribedScreen(Screen):
    heading_text = ""
    description = ""

    def __init__(self, kit, parent: QWidget | None = None) -> None:
        super().__init__(kit, parent)
        self.body = paragraph()
        self.layout_.addWidget(self.body)

    def finish(self) -> None:
        self.layout_.addStretch(1)

    def retranslate(self) -> None:
        self.title.setText(_(self.heading_text))
        self.body.setText(_(self.description))


class GuidesScreen(_DescribedScreen):
    heading_text = N_("Guides and toolkits")
    description = N_(
        "Bilingual guides and printable worksheets for planning a local diagnosis, "
        "facilitating sessions and building an action plan.")

    def __init__(self, kit, parent=None) -> None:
        super().__init__(kit, parent)
        self.finish()


class SessionsScreen(_DescribedScreen):
    heading_text = N_("Sessions")
    description = N_(
        "Local-diagnosis sessions held on this computer, newest first.")

    def __init__(self, kit, parent=None) -> None:
        super().__init__(kit, parent)
        self.list = QListWidget()
        self.layout_.addWidget(self.list, 1)

    def retranslate(self) -> None:
        super().retranslate()
        self.list.setAccessibleName(_("Sessions"))

    def refresh(self) -> None:
        self.list.clear()
        for line in overview.recent_sessions(self.kit.store, limit=500):
            self.list.addItem(f"{format_date(line.session_date)} — {line.community} — "
                              f"{_(MODES[line.mode])}")
        if self.list.count() == 0:
            self.list.addItem(_("No sessions yet."))


class ReportsScreen(_DescribedScreen):
    heading_text = N_("Reports")
    description = N_(
        "Bilingual summary reports and blank paper forms, printed or saved as PDF.")

    def __init__(self, kit, parent=None) -> None:
        super().__init__(kit, parent)
        self.finish()
