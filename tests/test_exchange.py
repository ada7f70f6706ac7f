"""Exchange packages: sharing levels, round trip, idempotent merge, revisions, history."""

import json
import zipfile

import pytest

from tests.exchange_helpers import (
    COMMUNITY,
    closed_answers,
    db_digest,
    make_session,
    open_kit,
    review,
)
from toolkit.exchange import hub
from toolkit.exchange import package as fmt
from toolkit.exchange.export import ExportError, export_history, export_package, preview
from toolkit.exchange.importer import import_file, import_log
from toolkit.sessions import SessionService


@pytest.fixture
def hub_kit(tmp_path):
    kit = open_kit(tmp_path / "hub")
    yield kit
    kit.close(backup=False)


def export(kit, sessions, level, path, passphrase=None):
    pv = preview(kit.store, [s.id for s in sessions], level, kit.settings.small_group_threshold)
    return export_package(kit.store, pv, path, passphrase)


def members(path):
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def test_responses_round_trip_into_an_empty_folder(kit, hub_kit, tmp_path):
    session = make_session(kit)
    out = tmp_path / "k.ccsc"
    record = export(kit, [session], "responses", out)
    assert out.exists() and record.level == "responses"
    result = import_file(hub_kit.store, out)
    assert result.counts.sessions_added == 1 and result.counts.respondents_added == 3
    assert closed_answers(hub_kit, session.id) == closed_answers(kit, session.id)
    got = SessionService(hub_kit.store).get(session.id)
    assert got.community == COMMUNITY and got.respondents == 3
    assert got.instrument_hash == session.instrument_hash
    assert hub_kit.store.conn.execute("SELECT name FROM communities").fetchall() == [(COMMUNITY,)]


def test_free_text_never_leaves_at_responses(kit, tmp_path):
    session = make_session(kit)
    service = SessionService(kit.store)
    r = service.respondents(session.id)[0]
    review(kit, r.id, "best_idea", "include")  # even reviewed text stays at this level
    out = tmp_path / "r.ccsc"
    export(kit, [session], "responses", out)
    blob = b"".join(members(out).values()).decode("utf-8")
    for secret in ("Secret village", "Behind Jean", "Idée numéro"):
        assert secret not in blob
    data = json.loads(members(out)["sessions.json"])
    for person in data["sessions"][0]["respondents"]:
        assert not any(k.endswith(".other") for k in person["answers"])
        assert "unsafe_places" not in person["answers"] and "best_idea" not in person["answers"]
        assert person["answers"]["community_kind"] == "other"


def test_full_carries_only_reviewed_and_included_text(kit, hub_kit, tmp_path):
    session = make_session(kit)
    service = SessionService(kit.store)
    r1, r2, r3 = service.respondents(session.id)
    review(kit, r1.id, "best_idea", "include", text="Une idée pour les jeunes")  # reworded
    review(kit, r1.id, "unsafe_places", "exclude")
    review(kit, r2.id, "unsafe_places", "include", original="something said earlier")  # stale
    review(kit, r3.id, "community_kind.other", "include", text="A village")
    pv = preview(kit.store, [session.id], "full", 5)
    assert sorted(c.text for c in pv.comments) == ["A village", "Une idée pour les jeunes"]
    assert pv.withheld == 9 - 2
    out = tmp_path / "f.ccsc"
    export_package(kit.store, pv, out)
    blob = b"".join(members(out).values()).decode("utf-8")
    assert "Idée numéro" not in blob and "Behind Jean" not in blob
    assert "Secret village" not in blob
    assert "Une idée pour les jeunes" in blob and "A village" in blob
    import_file(hub_kit.store, out)
    hub_service = SessionService(hub_kit.store)
    assert hub_service.answers(r1.id)["best_idea"] == "Une idée pour les jeunes"
    assert "unsafe_places" not in hub_service.answers(r2.id)
    # imported comments count as reviewed at the hub, in the shared wording
    row = hub_kit.store.conn.execute(
        "SELECT decision, text FROM comment_reviews WHERE respondent_id = ? AND question_id = ?",
        (r1.id, "best_idea")).fetchone()
    assert row == ("include", "Une idée pour les jeunes")


def test_preview_is_exactly_what_leaves(kit, tmp_path):
    session = make_session(kit)
    pv = preview(kit.store, [session.id], "responses", 5)
    out = tmp_path / "p.ccsc"
    export_package(kit.store, pv, out)
    got = members(out)
    assert got["sessions.json"] == pv.members["sessions.json"]
    manifest = json.loads(got["manifest.json"])
    assert {k: v for k, v in manifest.items() if k != "members"} == pv.manifest
    assert json.loads(pv.content_text())["manifest"]["sharing_level"] == "responses"


def test_reimport_is_a_no_op_and_says_so(kit, hub_kit, tmp_path):
    session = make_session(kit)
    out = tmp_path / "k.ccsc"
    export(kit, [session], "responses", out)
    import_file(hub_kit.store, out)
    before = db_digest(hub_kit, skip=("imports", "sqlite_sequence"))
    again = import_file(hub_kit.store, out)
    assert not again.changed and again.seen_before
    assert "already imported" in again.describe()
    # only the import log grew, by a line that says nothing changed
    assert db_digest(hub_kit, skip=("imports", "sqlite_sequence")) == before
    rows = hub_kit.store.conn.execute("SELECT changed FROM imports ORDER BY id").fetchall()
    assert rows == [(1,), (0,)]


def test_two_exports_of_the_same_data_import_as_one(kit, hub_kit, tmp_path):
    session = make_session(kit)
    a, b = tmp_path / "a.ccsc", tmp_path / "b.ccsc"
    ra, rb = export(kit, [session], "responses", a), export(kit, [session], "responses", b)
    assert ra.id != rb.id and a.read_bytes() != b.read_bytes()
    import_file(hub_kit.store, a)
    second = import_file(hub_kit.store, b)
    assert not second.changed and not second.seen_before
    assert second.counts.sessions_unchanged == 1
    assert SessionService(hub_kit.store).get(session.id).respondents == 3


def test_newer_revision_wins_older_never_overwrites(kit, hub_kit, tmp_path):
    session = make_session(kit)
    service = SessionService(kit.store)
    old = tmp_path / "old.ccsc"
    export(kit, [session], "responses", old)
    r1 = service.respondents(session.id)[0]
    service.reopen(session.id)
    service.save_answer(r1.id, "safe_day", 5)
    service.save_answer(r1.id, "safe_home", 2)
    new_person = service.add_respondent(session.id)
    service.save_answer(new_person.id, "safe_day", 4)
    new = tmp_path / "new.ccsc"
    export(kit, [session], "responses", new)

    import_file(hub_kit.store, old)
    result = import_file(hub_kit.store, new)
    assert result.counts.sessions_updated == 1
    assert result.counts.respondents_updated == 1 and result.counts.respondents_added == 1
    hub_service = SessionService(hub_kit.store)
    assert hub_service.answers(r1.id)["safe_day"] == 5
    assert hub_service.answers(r1.id)["safe_home"] == 2

    older = import_file(hub_kit.store, old)  # the old package again: nothing goes back
    assert not older.changed
    assert hub_service.answers(r1.id)["safe_day"] == 5
    assert hub_service.get(session.id).respondents == 4


def test_older_package_first_then_newer_in_another_hub(kit, tmp_path):
    """Order of arrival does not matter: newer-then-older ends like older-then-newer."""
    session = make_session(kit)
    service = SessionService(kit.store)
    old = tmp_path / "old.ccsc"
    export(kit, [session], "responses", old)
    r1 = service.respondents(session.id)[0]
    service.reopen(session.id)
    service.save_answer(r1.id, "safe_night", 1)
    new = tmp_path / "new.ccsc"
    export(kit, [session], "responses", new)
    hubs = []
    for name, order in (("h1", (old, new)), ("h2", (new, old))):
        h = open_kit(tmp_path / name)
        for path in order:
            import_file(h.store, path)
        hubs.append(closed_answers(h, session.id))
        h.close(backup=False)
    assert hubs[0] == hubs[1] == closed_answers(kit, session.id)


def test_full_after_responses_adds_the_comments(kit, hub_kit, tmp_path):
    session = make_session(kit)
    r1 = SessionService(kit.store).respondents(session.id)[0]
    review(kit, r1.id, "best_idea", "include")
    a, b = tmp_path / "a.ccsc", tmp_path / "b.ccsc"
    export(kit, [session], "responses", a)
    export(kit, [session], "full", b)
    import_file(hub_kit.store, a)
    result = import_file(hub_kit.store, b)
    assert result.counts.respondents_updated == 1
    assert SessionService(hub_kit.store).answers(r1.id)["best_idea"].startswith("Idée")
    rows = hub.overview(hub_kit.store)
    assert [r.level for r in rows] == ["full"]


def test_nothing_is_deleted_by_an_import(kit, hub_kit, tmp_path):
    s1 = make_session(kit, date="2026-10-01")
    s2 = make_session(kit, date="2026-10-02")
    both, one = tmp_path / "both.ccsc", tmp_path / "one.ccsc"
    export(kit, [s1, s2], "responses", both)
    export(kit, [s1], "responses", one)
    import_file(hub_kit.store, both)
    import_file(hub_kit.store, one)
    assert len(SessionService(hub_kit.store).list_sessions()) == 2


def test_community_with_the_same_name_is_matched_and_remembered(kit, hub_kit, tmp_path):
    SessionService(hub_kit.store).community_id("KAHNAWÀ:KE")  # known at the hub already
    session = make_session(kit)
    out = tmp_path / "k.ccsc"
    export(kit, [session], "responses", out)
    import_file(hub_kit.store, out)
    assert hub_kit.store.conn.execute("SELECT count(*) FROM communities").fetchone()[0] == 1
    alias = hub_kit.store.conn.execute("SELECT remote_id FROM community_aliases").fetchall()
    assert alias == [(session.community_id,)]


def test_syllabics_and_diacritics_round_trip(kit, hub_kit, tmp_path):
    name = "ᐃᖃᓗᐃᑦ (Iqaluit) — Saint-Élie"
    session = make_session(kit, community=name)
    out = tmp_path / "s.ccsc"
    export(kit, [session], "responses", out)
    import_file(hub_kit.store, out)
    assert SessionService(hub_kit.store).get(session.id).community == name


def test_encrypted_round_trip_and_wrong_passphrase(kit, hub_kit, tmp_path):
    session = make_session(kit)
    out = tmp_path / "e.ccsc"
    record = export(kit, [session], "responses", out, passphrase="correct horse")
    assert record.encrypted and fmt.file_is_encrypted(out)
    assert b"Diagnostic" not in out.read_bytes()
    before = db_digest(hub_kit)
    with pytest.raises(fmt.PassphraseRequiredError):
        import_file(hub_kit.store, out)
    with pytest.raises(fmt.WrongPassphraseError) as err:
        import_file(hub_kit.store, out, "wrong passphrase")
    assert "passphrase" in err.value.user_message()
    assert db_digest(hub_kit) == before
    result = import_file(hub_kit.store, out, "correct horse")
    assert result.counts.respondents_added == 3


def test_short_passphrase_is_refused_before_writing(kit, tmp_path):
    session = make_session(kit)
    out = tmp_path / "e.ccsc"
    with pytest.raises(fmt.PassphraseError):
        export(kit, [session], "responses", out, passphrase="short")
    assert not out.exists() and export_history(kit.store) == []


def test_export_history_and_import_log(kit, hub_kit, tmp_path):
    session = make_session(kit)
    out = tmp_path / "k.ccsc"
    record = export(kit, [session], "responses", out)
    history = export_history(kit.store, session.community_id)
    assert [h.id for h in history] == [record.id]
    assert history[0].level == "responses" and history[0].sessions == [session.id]
    assert history[0].sha256 == fmt.sha256(out.read_bytes())
    assert history[0].counts["respondents"] == 3
    import_file(hub_kit.store, out)
    log = import_log(hub_kit.store)
    assert len(log) == 1 and log[0].export_id == record.id
    assert log[0].sha256 == record.sha256 and log[0].community == COMMUNITY
    assert log[0].counts["respondents_added"] == 3
    assert log[0].source_installation == kit.store.installation_id


def test_a_package_holds_one_community(kit, tmp_path):
    a = make_session(kit, community="A")
    b = make_session(kit, community="B")
    with pytest.raises(ExportError):
        preview(kit.store, [a.id, b.id], "responses", 5)
    with pytest.raises(ExportError):
        preview(kit.store, [], "responses", 5)  # two communities, none named


def test_hub_overview_filters(kit, hub_kit, tmp_path):
    s1 = make_session(kit, date="2026-09-01")
    other = open_kit(tmp_path / "other")
    s2 = make_session(other, community="Birch Lake", date="2026-10-01")
    export(kit, [s1], "responses", tmp_path / "1.ccsc")
    export(other, [s2], "responses", tmp_path / "2.ccsc")
    for p in ("1.ccsc", "2.ccsc"):
        import_file(hub_kit.store, tmp_path / p)
    rows = hub.overview(hub_kit.store)
    assert [r.community for r in rows] == ["Birch Lake", COMMUNITY]
    assert rows[0].respondents == 3 and rows[0].installation_id == other.store.installation_id
    assert [r.community for r in hub.overview(hub_kit.store, date_to="2026-09-30")] == [COMMUNITY]
    assert hub.overview(hub_kit.store, level="full") == []
    cid = rows[0].community_id
    assert [r.session_id for r in hub.overview(hub_kit.store, community_id=cid)] == [s2.id]
    other.close(backup=False)


def test_summary_carries_no_respondent_rows_and_suppresses_small_groups(kit, hub_kit, tmp_path):
    session = make_session(kit, people=6)
    service = SessionService(kit.store)
    service.reopen(session.id)
    lone = service.respondents(session.id)[0]
    service.save_answer(lone.id, "safe_home", 4)  # answered by one person only
    pv = preview(kit.store, [session.id], "summary", 5)
    out = tmp_path / "s.ccsc"
    export_package(kit.store, pv, out)
    got = members(out)
    data = json.loads(got["sessions.json"])["sessions"][0]
    assert "respondents" not in data and data["respondent_count"] == 6
    blob = b"".join(got.values()).decode("utf-8")
    for secret in ("Secret village", "Behind Jean", "Idée numéro", lone.id, "Marie"):
        assert secret not in blob
    questions = {q["id"]: q for q in data["summary"]["questions"]}
    assert questions["safe_home"]["suppressed"] and "counts" not in questions["safe_home"]
    assert questions["safe_home"]["n"] is None  # not even how many answered
    assert not questions["safe_night"]["suppressed"]
    assert questions["safe_night"]["counts"]["3"] == 6

    result = import_file(hub_kit.store, out)
    assert result.counts.sessions_added == 1
    assert hub_kit.store.conn.execute("SELECT count(*) FROM respondents").fetchone()[0] == 0
    rows = hub.overview(hub_kit.store)
    assert [(r.level, r.respondents) for r in rows] == [("summary", 6)]
    assert not import_file(hub_kit.store, out).changed
    service.save_answer(lone.id, "safe_night", 5)
    newer = tmp_path / "s2.ccsc"
    export(kit, [session], "summary", newer)
    assert import_file(hub_kit.store, newer).counts.sessions_updated == 1
    assert not import_file(hub_kit.store, out).changed  # the older one changes nothing
    stored = json.loads(hub_kit.store.conn.execute(
        "SELECT summary FROM summary_sessions").fetchone()[0])
    night = next(q for q in stored["questions"] if q["id"] == "safe_night")
    assert night["counts"]["5"] == 1


def test_package_carries_a_questionnaire_the_hub_does_not_have(kit, hub_kit, tmp_path):
    """A session made with an older or edited questionnaire imports with its own definition."""
    import copy

    from toolkit.questionnaire import bundled_instrument, instrument_from_definition

    definition = copy.deepcopy(bundled_instrument("local-diagnosis").definition)
    definition["title"] = {"en": "Diagnosis, 2025 edition", "fr": "Diagnostic, édition 2025"}
    edited = instrument_from_definition(definition, "test")
    session = make_session(kit)
    service = SessionService(kit.store)
    with kit.store.transaction() as conn:
        service.snapshot(edited)
        conn.execute("UPDATE sessions SET instrument_hash = ? WHERE id = ?",
                     (edited.content_hash, session.id))
    out = tmp_path / "old.ccsc"
    export(kit, [service.get(session.id)], "responses", out)
    result = import_file(hub_kit.store, out)
    assert result.counts.instruments_added == 1
    hub_service = SessionService(hub_kit.store)
    assert hub_service.instrument(hub_service.get(session.id)).label("fr") == \
        "Diagnostic, édition 2025"
