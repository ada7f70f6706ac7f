"""The Toolkit context is the front object: it hands out the services over its store, and
the commands and screens take them from it rather than building their own (issue 17)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from toolkit.comments import CommentService
from toolkit.context import ExchangeFront, ReportsFront, Toolkit
from toolkit.questionnaire.catalogue import Catalogue
from toolkit.rounds import RoundService
from toolkit.sessions import SessionService

ROOT = Path(__file__).resolve().parent.parent / "toolkit"
SERVICES = {"sessions": SessionService, "comments": CommentService,
            "questionnaires": Catalogue, "rounds": RoundService,
            "exchange": ExchangeFront, "reports": ReportsFront}
# What the context hands out, and the store-first functions its fronts wrap.
BUILT_BY_THE_CONTEXT = {"SessionService", "CommentService", "Catalogue", "RoundService",
                        "preview", "export_package", "export_history", "import_file",
                        "import_log", "refusal_log", "conflict_log", "log_refusal",
                        "write_receipt", "import_receipt", "overview", "communities_imported",
                        "cross_community_report", "build_summary_report", "load_parts",
                        "build_comparison_report", "load_hub_parts"}


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_each_service_is_made_once_per_store(kit, name):
    service = getattr(kit, name)
    assert isinstance(service, SERVICES[name])
    assert getattr(kit, name) is service  # one per open store, shared by every caller
    if hasattr(service, "store"):
        assert service.store is kit.store


def test_a_new_store_gets_new_services(data_dir):
    kit = Toolkit(data_dir)
    try:
        first = kit.sessions
        session = first.create_session("Wemotaci", None)
        kit.close_store()
        again = kit.sessions  # reopens the store: a service over the new one
        assert again is not first and again.store is kit.store
        assert again.get(session.id).community == "Wemotaci"
        backup = kit.backup_now()
        kit.restore(backup.path)
        assert kit.sessions is not again and kit.sessions.store is kit.store
    finally:
        kit.close(backup=False)


def test_the_fronts_work_on_the_kits_store(kit, tmp_path):
    session = kit.sessions.create_session("Wemotaci", None)
    pv = kit.exchange.preview([session.id], "full", kit.settings.small_group_threshold)
    record = kit.exchange.export_package(pv, tmp_path / "out.ccsc", None)
    assert [r.file_name for r in kit.exchange.export_history()] == [record.file_name]
    assert len(kit.exchange.my_fingerprint()) > 10
    assert kit.exchange.import_log() == [] and kit.exchange.conflict_log() == []


def _constructions(path: Path) -> list[str]:
    """Calls in `path` that build a service, or call a store-first function, themselves."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else (
            func.attr if isinstance(func, ast.Attribute) else "")
        first = node.args[0] if node.args else None
        if name in BUILT_BY_THE_CONTEXT and isinstance(first, ast.Attribute) \
                and first.attr == "store":
            found.append(f"{path.relative_to(ROOT.parent)}:{node.lineno} {name}")
    return found


def test_commands_and_screens_take_services_from_the_context():
    files = [*sorted((ROOT / "commands").glob("*.py")), *sorted((ROOT / "ui").rglob("*.py"))]
    assert len(files) > 20
    assert [c for path in files for c in _constructions(path)] == []


def test_a_command_uses_the_contexts_service(kit, monkeypatch, capsys):
    """`toolkit sessions list` reads through kit.sessions: a session made through the
    context's service is listed, and the command made no service of its own."""
    from toolkit.commands import sessions as command

    made = []
    real = SessionService.__init__

    def counting(self, store):
        made.append(store)
        real(self, store)

    kit.sessions.create_session("Wemotaci", None)
    monkeypatch.setattr(SessionService, "__init__", counting)
    args = type("Args", (), {"trash": False, "json": True})()
    assert command.cmd_session_list(args, kit) == 0
    assert '"community": "Wemotaci"' in capsys.readouterr().out
    assert made == []
