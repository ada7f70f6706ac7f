"""`toolkit run SESSION`: the questionnaire window for one session, straight from a desktop
shortcut (a kiosk on the community centre's laptop, say). Same kiosk lock and exit code as
from the app; `--exit-code-file` gives the code on its first line, and the kiosk then starts
without asking."""

from __future__ import annotations

from pathlib import Path

from toolkit.errors import InputError
from toolkit.i18n import N_, _
from toolkit.vocabulary import MODES


def register(sub, common) -> None:
    p = common(sub.add_parser("run", help=_("open the questionnaire window for a session")))
    p.add_argument("session", help=_("session id (or its first characters)"))
    p.add_argument("--mode", choices=sorted(MODES),
                   help=_("how answers are collected (default: the session's own mode)"))
    p.add_argument("--exit-code-file", type=Path, metavar="FILE",
                   help=_("kiosk: read the exit code from the first line of FILE and start "
                          "without asking for it"))
    p.set_defaults(handler=cmd_run)


def read_exit_code(path: Path | None) -> str | None:
    if path is None:
        return None
    text = path.read_text(encoding="utf-8-sig")
    code = text.splitlines()[0].strip() if text else ""
    if not (code.isdigit() and len(code) >= 4):
        raise InputError(N_("The exit code in {path} must be at least 4 digits."), path=str(path))
    return code


def cmd_run(args, kit) -> int:

    session = kit.sessions.get(args.session)  # a bad id: one line, no window
    if not session.is_open:
        from toolkit.sessions import SessionLockedError

        raise SessionLockedError()
    code = read_exit_code(args.exit_code_file)
    # the window comes from the command line's opener (commands never import the UI)
    return args.open_runner(kit, session.id, mode=args.mode, exit_code=code,
                            lang=getattr(args, "lang", None))
