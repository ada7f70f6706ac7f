"""Responses as CSV: exact round trips in every layout, quoting against every separator,
what spreadsheets save (separators, BOM, CRLF, Windows-1252), errors as the spreadsheet
numbers rows and columns, in English and French."""

import csv
import io

import pytest

from tests.exchange_helpers import db_digest
from toolkit import i18n
from toolkit.demo import add_demo
from toolkit.exchange.responses import export_responses, import_responses
from toolkit.exchange.responses_csv import decode_rows
from toolkit.exchange.spreadsheet import SheetImportError, SheetOptions
from toolkit.sessions import SessionService

LAYOUTS = [SheetOptions(m, v, lang) for m in ("columns", "cell") for v in ("labels", "codes")
           for lang in ("en", "fr")]


@pytest.fixture
def service(kit):
    return SessionService(kit.store)


@pytest.fixture
def demo(service):
    return add_demo(service)[0]


def answers_by_number(service, session):
    data = service.all_answers(session.id)
    return [(r.number, r.paper_number, r.status, data[r.id])
            for r in service.respondents(session.id)]


def normalised(rows, multi):
    """Multiple choices compared as sets: a 0/1 column per option keeps no tick order."""
    return [(number, paper, status, {k: sorted(v) if k in multi else v
                                     for k, v in answers.items()})
            for number, paper, status, answers in rows]


@pytest.mark.parametrize("options", LAYOUTS, ids=lambda o: f"{o.multi}-{o.values}-{o.language}")
def test_round_trip_into_a_new_session_gives_the_same_answers(service, demo, tmp_path, options):
    multi = {q.id for q in service.instrument(demo).questions if q.type == "multi"}
    first = tmp_path / "first.csv"
    assert export_responses(service, demo, first, options=options) == 30
    raw = first.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    copy = service.create_session("Copy", session_date="2026-11-01")
    plan = import_responses(service, service.get(copy.id), first)
    assert len(plan.new) == 30 and not plan.updated
    got, want = answers_by_number(service, copy), answers_by_number(service, demo)
    if options.multi == "cell":
        assert got == want  # even the order choices were ticked in
    assert normalised(got, multi) == normalised(want, multi)
    second = tmp_path / "second.csv"
    export_responses(service, service.get(copy.id), second, options=options)
    # the same file but for the respondents' ids, revisions, community and date
    strip = lambda b: [r[:-4] for r in csv.reader(io.StringIO(b.decode("utf-8-sig")))]  # noqa
    if options.multi == "cell":
        assert strip(second.read_bytes()) == strip(raw)


def cells_of(path):
    rows, _enc = decode_rows(path.read_bytes())
    return rows


def split_on_any(text, separators=",;\t"):
    """Rows as a CSV import that takes comma, semicolon and tab all as separators (the
    defaults of LibreOffice's dialog) splits them, honouring double quotes."""
    rows, row, cell, quoted, i = [], [], "", False, 0
    while i < len(text):
        c = text[i]
        if quoted:
            if c == '"' and text[i + 1:i + 2] == '"':
                cell += '"'
                i += 1
            elif c == '"':
                quoted = False
            else:
                cell += c
        elif c == '"':
            quoted = True
        elif c in separators:
            row.append(cell)
            cell = ""
        elif c == "\r" and text[i + 1:i + 2] == "\n":
            rows.append(row + [cell])
            row, cell = [], ""
            i += 1
        else:
            cell += c
        i += 1
    return rows


def test_no_separator_of_either_locale_can_split_a_cell(service, demo, tmp_path):
    rid = service.respondents(demo.id)[0].id
    service.save_answer(rid, "unsafe_places", "Near the dock; the bridge, at night\tand\nmore")
    for options in (SheetOptions("cell", "labels", "fr"), SheetOptions("cell", "codes"),
                    SheetOptions("columns", "labels")):
        path = tmp_path / f"{options.multi}{options.values}.csv"
        export_responses(service, demo, path, options=options)
        rows = split_on_any(path.read_bytes().decode("utf-8-sig"))
        assert len(rows) == 31
        assert {len(r) for r in rows} == {len(rows[0])}
        assert rows[1][rows[0].index("unsafe_places")] == (
            "Near the dock; the bridge, at night\tand\nmore")


def test_leading_zeros_of_paper_numbers_survive(service, tmp_path):
    s = service.create_session("X", mode="paper")
    r = service.add_respondent(s.id, paper_number="001")
    service.save_answer(r.id, "safe_day", 4)
    path = tmp_path / "p.csv"
    export_responses(service, service.get(s.id), path)
    assert "001" in path.read_text(encoding="utf-8-sig")
    copy = service.create_session("Y", mode="paper")
    import_responses(service, service.get(copy.id), path)
    assert [r.paper_number for r in service.respondents(copy.id)] == ["001"]
    # a spreadsheet that saved 001 as 1 still names the same form
    text = path.read_text(encoding="utf-8-sig").replace(",001,", ",1,")
    path.write_text(text, encoding="utf-8")
    plan = import_responses(service, service.get(copy.id), path)
    assert plan.unchanged == 1 and not plan.changes
    assert [r.paper_number for r in service.respondents(copy.id)] == ["001"]


def write(path, text, encoding="utf-8-sig"):
    path.write_bytes(text.encode(encoding))
    return path


def test_bad_cells_change_nothing_and_are_named_as_the_spreadsheet_shows_them(
        service, kit, tmp_path):
    s = service.create_session("X")
    bad = write(tmp_path / "bad.csv",
                "respondent,paper_number,safe_day,community_kind\n"
                "1,A1,4,city\n"
                "2,A2,9,city\n"
                "3,A3,2,atlantis\n")
    before = db_digest(kit)
    with pytest.raises(SheetImportError) as info:
        import_responses(service, service.get(s.id), bad)
    message = info.value.user_message()
    assert "Row 3, column C (safe_day)" in message
    assert "Row 4, column D (community_kind)" in message
    assert db_digest(kit) == before
    i18n.set_language("fr")
    message = info.value.user_message()
    assert "Ligne 3, colonne C (safe_day)" in message and "n’a pas été importé" in message


def test_whole_file_errors_name_no_row(service, tmp_path):
    s = service.create_session("X")
    for content, encoding in (("", "utf-8"), ("\r\n\r\n", "utf-8"),
                              ("unsafe_places\nPr\x81s\n", "latin-1")):
        with pytest.raises(SheetImportError) as info:
            import_responses(service, s, write(tmp_path / "f.csv", content, encoding))
        message = info.value.user_message()
        assert "Row 0" not in message and "Row" not in message.split("\n", 1)[1]


def test_a_split_row_says_what_probably_happened(service, tmp_path):
    s = service.create_session("X")
    f = write(tmp_path / "split.csv", "respondent_role,safe_day\nyouth,parent,4\n")
    with pytest.raises(SheetImportError) as info:
        import_responses(service, s, f)
    assert "Row 2, column C: this row has more cells" in info.value.user_message()
    f = write(tmp_path / "h.csv", "shoe_size,safe_day\n9,4\n")
    with pytest.raises(SheetImportError) as info:
        import_responses(service, s, f)
    assert "Row 1, column A (shoe_size): not a question" in info.value.user_message()


@pytest.mark.parametrize("sep,eol,bom", [(",", "\r\n", True), (";", "\r\n", False),
                                         (";", "\n", True), ("\t", "\n", False)])
def test_what_spreadsheets_save_is_read(service, tmp_path, sep, eol, bom):
    s = service.create_session("X")
    text = eol.join([sep.join(["paper_number", "respondent_role", "unsafe_places",
                               "safe_day"]),
                     sep.join(["007", '"youth;parent"', '"Près du quai, ""vieux"" pont"',
                               "Strongly agree"]),
                     sep.join(["008", "Jeune", "ᐃᖃᓗᐃᑦ", "d'accord"]), ""])
    f = write(tmp_path / "s.csv", text, "utf-8-sig" if bom else "utf-8")
    plan = import_responses(service, s, f)
    assert len(plan.new) == 2
    got = [service.answers(r.id) for r in service.respondents(s.id)]
    assert got[0] == {"respondent_role": ["youth", "parent"], "safe_day": 5,
                      "unsafe_places": 'Près du quai, "vieux" pont'}
    assert got[1] == {"respondent_role": ["youth"], "unsafe_places": "ᐃᖃᓗᐃᑦ", "safe_day": 4}


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_windows_1252_and_latin_1_are_read(service, tmp_path, encoding):
    s = service.create_session("X")
    words = "Près du quai à Trois-Rivières" + ("\u2019s “bridge” – €" if encoding == "cp1252"
                                                 else " ½ ñ ß")
    f = write(tmp_path / "w.csv", f"unsafe_places;safe_day\r\n{words};4\r\n", encoding)
    plan = import_responses(service, s, f)
    assert plan.encoding == "windows-1252" and "Windows-1252" in "\n".join(plan.lines())
    assert service.answers(service.respondents(s.id)[0].id)["unsafe_places"] == words


def test_mixed_or_unknown_encodings_are_refused_with_how_to_save_as_utf8(service, kit,
                                                                        tmp_path):
    s = service.create_session("X")
    before = db_digest(kit)
    mixed = "unsafe_places\n".encode() + "Près".encode("utf-8") + b" et pr\xe8s\n"
    for raw in (mixed, b"unsafe_places\nab\x81cd\n", "\ufeffsafe_day\n4\n".encode("utf-16-le")
                [:-1]):
        (tmp_path / "m.csv").write_bytes(raw)
        with pytest.raises(SheetImportError) as info:
            import_responses(service, s, tmp_path / "m.csv")
        assert "UTF-8" in info.value.user_message()
    i18n.set_language("fr")
    assert "Unicode (UTF-8)" in info.value.user_message() and "enregistrez" in \
        info.value.user_message().lower()
    assert db_digest(kit) == before


def test_utf16_from_excel_unicode_text_is_read(service, tmp_path):
    s = service.create_session("X")
    f = write(tmp_path / "u.txt", "\ufeffunsafe_places\tsafe_day\r\nᐃᖃᓗᐃᑦ\t2\r\n", "utf-16-le")
    import_responses(service, s, f)
    assert service.answers(service.respondents(s.id)[0].id) == {"unsafe_places": "ᐃᖃᓗᐃᑦ",
                                                                "safe_day": 2}


def test_excel_sep_line_is_obeyed_and_hidden_from_row_numbers(service, tmp_path):
    s = service.create_session("X")
    f = write(tmp_path / "sep.csv", "sep=;\r\nsafe_day;unsafe_places\r\n4;a, b\r\n9;c\r\n")
    with pytest.raises(SheetImportError) as info:
        import_responses(service, s, f)
    assert "Row 3, column A (safe_day)" in info.value.user_message()
    f.write_text("sep=;\r\nsafe_day;unsafe_places\r\n4;a, b\r\n", encoding="utf-8")
    import_responses(service, s, f)
    assert service.answers(service.respondents(s.id)[0].id) == {"safe_day": 4,
                                                                "unsafe_places": "a, b"}
