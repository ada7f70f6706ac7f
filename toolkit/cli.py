"""The `toolkit` command: the desktop app by default, subcommands for headless work.

Every command takes --data-dir. Exit 0 on success; on bad input one translated line on
stderr (no traceback; the traceback goes to the log file) and exit 1; usage errors exit 2.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from collections.abc import Sequence

from toolkit import __version__, i18n
from toolkit.errors import ToolkitError, describe, log_exception
from toolkit.i18n import _


def _common(parser: argparse.ArgumentParser, top: bool = False) -> argparse.ArgumentParser:
    # Sub-commands accept the options too, without resetting a value given before them.
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--data-dir", metavar="DIR", default=default, help=_("data folder to use"))
    parser.add_argument("--lang", choices=i18n.interface_codes(), default=default,
                        help=_("language of messages and output"))
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="toolkit",
        description=_("CCSC community safety and well-being toolkit. "
                      "Without a command, the desktop app starts."),
    )
    parser.add_argument("--version", action="version", version=f"toolkit {__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help=_("check, without a display and in a temporary folder, that this "
                               "installation has everything it needs; exit 0 if so"))
    _common(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    from toolkit.commands import MODULES

    for module in MODULES:
        module.register(sub, _common)
    parser.set_defaults(open_runner=_open_runner)
    return parser


def _open_runner(kit, session_id: str, **options) -> int:
    """`toolkit run` opens a window: the command layer never imports the UI, so the command
    line (the layer above both) hands it this opener."""
    from toolkit.ui.runner.launch import run_window

    return run_window(kit, session_id, **options)


def _preparse(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    """--data-dir and --lang given before the command, and whatever else was given (nothing
    else: start the GUI). Only before the command: after it, --lang may be a document's
    language (`report --lang iu+en`), which is not the language of messages."""
    head = _global_head(argv)
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--data-dir")
    pre.add_argument("--lang")  # checked by the full parser
    try:
        found, unknown = pre.parse_known_args(head)
    except SystemExit:
        return _no_options(), list(argv)
    return found, unknown + list(argv[len(head):])


def _global_head(argv: Sequence[str]) -> list[str]:
    """The arguments before the command's name (options and their values)."""
    head: list[str] = []
    tokens = iter(argv)
    for token in tokens:
        if not token.startswith("-"):
            break
        head.append(token)
        if token in ("--data-dir", "--lang"):
            value = next(tokens, None)
            if value is None:
                break
            head.append(value)
    return head


def _start_language(pre: argparse.Namespace) -> None:
    """The language of messages before a data folder is opened (help, usage errors): the
    same rule as later (i18n.resolve), with the saved setting read without opening it."""
    from toolkit.paths import settings_path
    from toolkit.settings import load_settings

    folder = _data_folder(pre)
    saved = None
    if folder is not None and settings_path(folder).is_file():
        saved = load_settings(settings_path(folder)).language
    i18n.apply(pre.lang, saved)


def _data_folder(pre: argparse.Namespace):
    """The data folder the command will open, made known to the language registry; None
    when it cannot be named (the command reports why when it opens it)."""
    from toolkit import languages
    from toolkit.errors import ToolkitError
    from toolkit.paths import data_dir

    try:
        folder = data_dir(pre.data_dir)
    except (ToolkitError, OSError):
        return None
    languages.use_data_folder(folder)
    return folder


def _no_options() -> argparse.Namespace:
    return argparse.Namespace(data_dir=None, lang=None)


def _display_available() -> bool:
    """False on a Linux/BSD machine with no X11 or Wayland display and no Qt platform chosen
    (an SSH session, a server): only there does Qt abort instead of showing a window."""
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def gui_main() -> int:
    """GUI entry point (`toolkit-gui`): same options as `toolkit` without a command. Here,
    not in toolkit.ui.app, so that the UI never imports the command line (a cycle)."""
    return main(sys.argv[1:])


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # No argument (a double-click): straight to the app; even a small argparse parser costs
    # 2 % of start-up (its gettext lookups import the locale module).
    pre, rest = _preparse(argv) if argv else (_no_options(), [])
    if pre.lang:  # it may name a translator's language, in the data folder
        _data_folder(pre)
    if not rest and (pre.lang is None or i18n.normalize_language(pre.lang)):
        # no command: the desktop app (without building the whole parser)
        if not _display_available():  # else Qt aborts with its own xcb message (exit 134)
            _start_language(pre)
            print(_("There is no display to show the app on. Use a command (see "
                    "'toolkit --help'), or check this installation with 'toolkit --self-test'."),
                  file=sys.stderr)
            return 1
        from toolkit.ui.app import run_gui  # Qt is imported only for the GUI

        return run_gui(folder=pre.data_dir, lang=i18n.normalize_language(pre.lang))
    _start_language(pre)
    from toolkit import argparse_i18n

    argparse_i18n.install()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.self_test:  # before any data folder is opened: it uses a temporary one
        from toolkit.selftest import run

        return run()
    if args.command is None:
        parser.print_help()
        return 0
    from toolkit.context import Toolkit
    from toolkit.safetext import TerminalWriter

    kit = None
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalWriter(sys.stdout), TerminalWriter(sys.stderr)
    try:
        kit = Toolkit.from_args(args.data_dir)
        kit.apply_language(args.lang)  # the global --lang (a document's is args.doc_lang)
        return args.handler(args, kit)
    except BrokenPipeError:  # the reader went away (`toolkit guides list | head`): fine
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (ToolkitError, OSError, sqlite3.Error) as exc:
        log_exception(exc)
        print(describe(exc), file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - the one place a surprise becomes a message
        log_exception(exc)
        print(describe(exc, str(kit.log_path) if kit else None), file=sys.stderr)
        return 1
    finally:
        sys.stdout, sys.stderr = streams
        if kit is not None:
            kit.close(backup=False)


if __name__ == "__main__":
    sys.exit(main())
