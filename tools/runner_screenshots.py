"""Save PNGs of the runner window in each mode (facilitator, kiosk, paper, group), in English
and French, at 100 % and 200 % text, with a few answers given.

    QT_QPA_PLATFORM=offscreen python tools/runner_screenshots.py OUTDIR
"""

import sys
import tempfile
from pathlib import Path

from toolkit import i18n
from toolkit.context import Toolkit
from toolkit.sessions import SessionService
from toolkit.ui.app import application, prepare
from toolkit.ui.runner.window import RunnerWindow
from toolkit.ui.style import apply_text_scale


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    app = application()
    kit = Toolkit(Path(tempfile.mkdtemp(prefix="toolkit-shots-")))
    prepare(kit, "en")
    kit.open_store()
    service = SessionService(kit.store)
    for scale in (100, 200):
        apply_text_scale(scale)
        for lang in ("en", "fr"):
            i18n.set_language(lang)
            for mode in ("facilitator", "kiosk", "paper", "group"):
                session = service.create_session("Birch Lake", None, mode=mode, language=lang)
                win = RunnerWindow(kit, session.id)
                win.start(exit_code="2468")
                win.showNormal()
                win.resize(1024, 700)
                view = win.view
                if mode == "kiosk":
                    view.begin(lang)
                    view.widget.answered.emit(view.current.id, "first_nation")
                    view.next()
                elif mode == "paper":
                    view.number.setText("17")
                    view.start_form()
                elif mode == "facilitator":
                    view.sections.setCurrentRow(1)
                    view.widgets["safe_day"].buttons[4].click()
                for _ in range(5):
                    app.processEvents()
                win.grab().save(str(out / f"runner-{mode}-{lang}-{scale}.png"))
                if mode == "kiosk":
                    view.finish()
                    app.processEvents()
                    win.grab().save(str(out / f"runner-kiosk-thanks-{lang}-{scale}.png"))
                win.unlocked = True
                win.close()
    kit.close(backup=False)
    print(out)


if __name__ == "__main__":
    main()
