"""Importing responses is idempotent: respondents are matched by id, updated by revision,
never doubled; a dry run changes nothing."""

import pytest

from tests.exchange_helpers import db_digest
from toolkit.demo import add_demo
from toolkit.exchange.responses import export_responses, import_responses, plan_import
from toolkit.exchange.responses_csv import decode_rows, encode
from toolkit.exchange.spreadsheet import SheetImportError, SheetOptions
from toolkit.sessions import SessionService


@pytest.fixture
def service(kit):
    return SessionService(kit.store)


@pytest.fixture
def demo(service):
    return add_demo(service)[0]


def edit(path, row, column, value):
    rows, _enc = decode_rows(path.read_bytes())
    rows[row - 1][rows[0].index(column)] = value
    path.write_bytes(encode(rows))


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_importing_the_same_file_twice_never_doubles(service, kit, demo, tmp_path, suffix):
    path = tmp_path / f"r{suffix}"
    export_responses(service, demo, path)
    before = db_digest(kit)
    plan = import_responses(service, demo, path)  # into the session it came from
    assert (plan.unchanged, plan.new, plan.updated) == (30, [], [])
    assert db_digest(kit) == before
    copy = service.get(service.create_session("Copy").id)
    assert len(import_responses(service, copy, path).new) == 30
    again = import_responses(service, service.get(copy.id), path)
    assert again.unchanged == 30 and not again.changes
    assert len(service.respondents(copy.id)) == 30
    assert len(service.respondents(demo.id)) == 30


def test_a_corrected_cell_updates_that_respondent_only(service, demo, tmp_path):
    path = tmp_path / "r.csv"
    export_responses(service, demo, path, options=SheetOptions(values="codes"))
    edit(path, 3, "safe_day", "1")
    edit(path, 4, "unsafe_places", "")
    first, second = service.respondents(demo.id)[1:3]
    had = service.answers(second.id).get("unsafe_places")
    check = import_responses(service, demo, path, check=True)
    assert [p.number for p in check.updated] == [first.number] + ([second.number] if had else [])
    assert "would be updated" in "\n".join(check.lines())
    plan = import_responses(service, demo, path)
    assert service.answers(first.id)["safe_day"] == 1
    assert "unsafe_places" not in service.answers(second.id)
    assert plan.unchanged == 30 - len(plan.updated)
    assert len(service.respondents(demo.id)) == 30


def test_a_stale_file_cannot_overwrite_newer_answers(service, kit, demo, tmp_path):
    path = tmp_path / "r.csv"
    export_responses(service, demo, path, options=SheetOptions(values="codes"))
    r = service.respondents(demo.id)[0]
    service.save_answer(r.id, "safe_day", 5)  # changed here after the export
    edit(path, 2, "safe_day", "2")  # and in the spreadsheet
    before = db_digest(kit)
    with pytest.raises(SheetImportError) as info:
        import_responses(service, demo, path)
    assert "Row 2" in info.value.user_message() and "after this file was exported" in \
        info.value.user_message()
    assert db_digest(kit) == before


def test_dry_run_changes_nothing(service, kit, demo, tmp_path):
    path = tmp_path / "r.xlsx"
    export_responses(service, demo, path)
    copy = service.get(service.create_session("Copy").id)
    before = db_digest(kit)
    plan = import_responses(service, copy, path, check=True)
    assert len(plan.new) == 30 and not plan.applied
    assert "30 new respondents would be added." in plan.lines()
    assert db_digest(kit) == before


def test_hand_made_rows_already_imported_are_refused(service, kit, tmp_path):
    s = service.create_session("X")
    path = tmp_path / "hand.csv"
    path.write_text("safe_day,unsafe_places\n4,near the dock\n2,\n", encoding="utf-8")
    import_responses(service, s, path)
    before = db_digest(kit)
    with pytest.raises(SheetImportError) as info:
        import_responses(service, service.get(s.id), path)
    message = info.value.user_message()
    assert "Row 2: the same answers as respondent 1" in message
    assert "Row 3: the same answers as respondent 2" in message
    assert db_digest(kit) == before


def test_bad_ids_and_duplicated_rows_are_named(service, demo, tmp_path):
    path = tmp_path / "r.csv"
    export_responses(service, demo, path)
    rows, _ = decode_rows(path.read_bytes())
    col = rows[0].index("respondent_id")
    rows[2][col] = rows[1][col]
    rows[3][col] = "not-an-id"
    path.write_bytes(encode(rows))
    with pytest.raises(SheetImportError) as info:
        import_responses(service, demo, path)
    letter = chr(ord("A") + col) if col < 26 else None
    message = info.value.user_message()
    assert "Row 3" in message and "also on row 2" in message
    assert "Row 4" in message and "not a respondent id" in message
    if letter:
        assert f"column {letter} (respondent_id)" in message


def test_closed_sessions_refuse_imports(service, demo, tmp_path):
    path = tmp_path / "r.csv"
    export_responses(service, demo, path)
    service.close(demo.id)
    with pytest.raises(Exception) as info:
        import_responses(service, service.get(demo.id), path, check=True)
    assert "closed" in info.value.user_message()


def _mutate(data: bytes, edits) -> bytes:
    out = bytearray(data)
    for position, byte in edits:
        if out:
            out[position % len(out)] = byte
    return bytes(out)


@pytest.fixture
def exported(service, demo, tmp_path):
    path = tmp_path / "base.csv"
    export_responses(service, demo, path, options=SheetOptions("cell", "labels", "fr"))
    return path.read_bytes()


def test_damaged_files_give_a_message_never_a_crash(service, kit, demo, exported, tmp_path):
    """Hypothesis-free but exhaustive enough: 300 seeded mutations of an exported CSV and of
    an exported XLSX; each is imported or refused with a ToolkitError, nothing else."""
    import random

    from toolkit.errors import ToolkitError

    xlsx = tmp_path / "base.xlsx"
    export_responses(service, demo, xlsx)
    sources = {".csv": exported, ".xlsx": xlsx.read_bytes()}
    rng = random.Random(16)
    target = tmp_path / "m"
    interesting = b',;\t"\r\n=\'0123456789\x00\x81\xc3\xa9abc/'
    for i in range(300):
        suffix = ".csv" if i % 3 else ".xlsx"
        data = sources[suffix]
        edits = [(rng.randrange(len(data)), rng.choice(interesting)) for _ in range(
            rng.randint(1, 6))]
        path = target.with_suffix(suffix)
        path.write_bytes(_mutate(data, edits))
        try:
            plan_import(service, demo, path)
        except ToolkitError as exc:
            assert exc.user_message()


def drop_column(path, column):
    rows, _enc = decode_rows(path.read_bytes())
    i = rows[0].index(column)
    path.write_bytes(encode([r[:i] + r[i + 1:] for r in rows]))


def test_columns_left_out_keep_their_answers(service, demo, tmp_path):
    """An office worker deletes the columns they do not need, corrects one, imports."""
    path = tmp_path / "r.csv"
    export_responses(service, demo, path, options=SheetOptions("cell", "codes"))
    before = {r.id: service.answers(r.id) for r in service.respondents(demo.id)}
    for column in ("unsafe_places", "respondent_role", "paper_number", "status", "revision"):
        drop_column(path, column)
    first = service.respondents(demo.id)[0]
    edit(path, 2, "safe_day", "1" if before[first.id]["safe_day"] != 1 else "2")
    plan = import_responses(service, demo, path)
    assert [p.number for p in plan.updated] == [first.number] and plan.unchanged == 29
    after = service.answers(first.id)
    assert {k: v for k, v in after.items() if k != "safe_day"} == \
        {k: v for k, v in before[first.id].items() if k != "safe_day"}


def test_without_the_id_column_a_second_import_is_refused(service, kit, demo, tmp_path):
    path = tmp_path / "r.csv"
    export_responses(service, demo, path)
    drop_column(path, "respondent_id")
    before = db_digest(kit)
    with pytest.raises(SheetImportError) as info:
        import_responses(service, demo, path)
    assert "the same answers as respondent 1" in info.value.user_message()
    assert "… and 20 more problems." in info.value.user_message()
    assert db_digest(kit) == before
