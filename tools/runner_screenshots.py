"""Save PNGs of the runner window in each mode (facilitator, kiosk, paper, group), in English
and French, at 100 % and 200 % text, at 1024x600 and 1366x768, with a few answers given;
the kiosk's welcome, consent, a required message and thanks pages too.

    python tools/runner_screenshots.py OUTDIR [MODE...]

Each size is a screen of Qt's offscreen platform (a configuration file, so that the kiosk's
full screen is that size too), one process per size.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from toolkit import i18n
from toolkit.context import Toolkit
from toolkit.sessions import SessionService
from toolkit.ui.app import application, prepare
from toolkit.ui.runner.window import RunnerWindow
from toolkit.ui.style import apply_text_scale

SIZES = ((1024, 600), (1366, 768))


def main() -> None:
    if "SHOTS_SIZE" not in os.environ:  # the parent: one child per screen size
        for width, height in SIZES:
            config = Path(tempfile.mkdtemp()) / "screen.json"
            config.write_text(json.dumps({"screens": [
                {"name": "shots", "x": 0, "y": 0, "width": width, "height": height,
                 "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
            env = dict(os.environ, SHOTS_SIZE=f"{width}x{height}",
                       QT_QPA_PLATFORM=f"offscreen:configfile={config}")
            subprocess.run([sys.executable, __file__, *sys.argv[1:]], env=env, check=True)
        return
    width, height = map(int, os.environ["SHOTS_SIZE"].split("x"))
    out = Path(sys.argv[1])
    modes = sys.argv[2:] or ["facilitator", "kiosk", "paper", "group"]
    out.mkdir(parents=True, exist_ok=True)
    app = application()
    kit = Toolkit(Path(tempfile.mkdtemp(prefix="toolkit-shots-")))
    prepare(kit, "en")
    kit.open_store()
    service = SessionService(kit.store)

    def save(win, name: str) -> None:
        for _ in range(5):
            app.processEvents()
        win.grab().save(str(out / f"{name}.png"))

    for scale in (100, 200):
        apply_text_scale(scale)
        for _once in (1,):
            for lang in ("en", "fr"):
                i18n.set_language(lang)
                for mode in modes:
                    tag = f"{lang}-{scale}-{width}x{height}"
                    session = service.create_session("Birch Lake", None, mode=mode, language=lang)
                    win = RunnerWindow(kit, session.id)
                    win.start(exit_code="2468")
                    if mode != "kiosk":  # the kiosk fills the screen by itself
                        win.showNormal()
                        win.setGeometry(0, 0, width, height)
                    view = win.view
                    if mode == "kiosk":
                        save(win, f"runner-kiosk-welcome-{tag}")
                        view.choose_language(lang)
                        save(win, f"runner-kiosk-consent-{tag}")
                        view.begin(lang)
                        view.next()  # required, unanswered: the message beside the question
                        save(win, f"runner-kiosk-required-{tag}")
                        view.widget.answered.emit(view.current.id, "first_nation")
                        view.next()
                    elif mode == "paper":
                        view.number.setText("17")
                        view.start_form()
                    elif mode == "facilitator":
                        view.sections.setCurrentRow(1)
                        view.widgets["safe_day"].buttons[4].click()
                    save(win, f"runner-{mode}-{tag}")
                    if mode == "kiosk":
                        view.finish()
                        save(win, f"runner-kiosk-thanks-{tag}")
                    win.unlocked = True
                    win.close()
    kit.close(backup=False)
    print(out)


if __name__ == "__main__":
    main()
