"""Save a PNG of every area of the main window, in English and French, at 100 % and 200 %.

    QT_QPA_PLATFORM=offscreen python tools/screenshots.py OUTDIR [--demo]

Used to look at the screens as a user would (see DEVELOPERS habits); not part of the tests.
"""

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from toolkit import i18n
from toolkit.context import Toolkit
from toolkit.ui.app import application, prepare
from toolkit.ui.main_window import KEYS, MainWindow


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    app = application()
    kit = Toolkit(Path(tempfile.mkdtemp(prefix="toolkit-shots-")))
    prepare(kit, "en")
    kit.open_store()
    if "--demo" in sys.argv:
        from toolkit.cli import main as cli

        cli(["--data-dir", str(kit.folder), "demo"])
    window = MainWindow(kit)
    window.show()
    for scale in (100, 200):
        window.set_text_scale(scale)
        for lang in ("en", "fr"):
            window.set_language(lang)
            for key in KEYS:
                window.go_to(key)
                app.processEvents()
                window.grab().save(str(out / f"{key}-{lang}-{scale}.png"))
    kit.close(backup=False)
    QApplication.processEvents()
    print(out)


if __name__ == "__main__":
    i18n.set_language("en")
    main()
