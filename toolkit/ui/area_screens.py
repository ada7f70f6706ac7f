"""Areas whose full screens arrive with their own features (reports, exchange). Until then each says plainly what it will hold."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from toolkit.i18n import N_, _
from toolkit.ui.screen import Screen, paragraph


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


class ReportsScreen(_DescribedScreen):
    heading_text = N_("Reports")
    description = N_(
        "Bilingual summary reports and blank paper forms, printed or saved as PDF.")

    def __init__(self, kit, parent=None) -> None:
        super().__init__(kit, parent)
        self.finish()
