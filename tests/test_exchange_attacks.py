"""The seven attacks of issue 15, each as a crafted package or a careless use, and the trust
features that answer them: signatures, ownership, questionnaire versions, strict shapes,
revisions and conflicts, names, receipts."""

import io
import json
import shutil
import subprocess
import sys
import zipfile

import pytest

from tests.exchange_helpers import (
    SEEDS,
    db_digest,
    make_session,
    open_kit,
    signature_for,
)
from toolkit.exchange import package as fmt
from toolkit.exchange import signing
from toolkit.exchange.export import export_history, export_package, preview
from toolkit.exchange.importer import (
    KeyMismatchError,
    OwnershipError,
    UnsignedPackageError,
    conflict_log,
    import_file,
)
from toolkit.exchange.receipts import ReceiptError, import_receipt, write_receipt
from toolkit.sessions import SessionService


def export(kit, tmp_path, sessions, level="responses", name="p.ccsc", **kw):
    path = tmp_path / name
    export_package(kit.store, preview(kit.store, [s.id for s in sessions], level, 5, **kw), path)
    return path


def members_of(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def repack(members: dict[str, bytes], seed: str | None, change_manifest=None) -> bytes:
    """A package rebuilt from members, checksums fixed, signed with `seed` (None: unsigned)."""
    manifest = json.loads(members["manifest.json"])
    manifest["members"] = {n: {"sha256": fmt.sha256(d), "size": len(d)}
                           for n, d in members.items()
                           if n not in ("manifest.json", "signature.json")}
    if change_manifest:
        change_manifest(manifest)
    members = dict(members, **{"manifest.json": json.dumps(manifest).encode()})
    members.pop("signature.json", None)
    if seed:
        members["signature.json"] = signature_for(members["manifest.json"], seed)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for n, d in members.items():
            zf.writestr(n, d)
    return buffer.getvalue()


def refused_whole(hub, tmp_path, data: bytes, kind=fmt.PackageError) -> str:
    path = tmp_path / "crafted.ccsc"
    path.write_bytes(data)
    before = db_digest(hub)
    with pytest.raises(kind) as err:
        import_file(hub.store, path)
    assert db_digest(hub) == before
    return err.value.user_message()


def edit_sessions(members, change):
    data = json.loads(members["sessions.json"])
    change(data)
    members["sessions.json"] = json.dumps(data).encode()


# 1. another community reuses a session id ---------------------------------------------------
def test_attack1_another_communitys_package_cannot_rewrite_a_session(kit, other, hub, tmp_path):
    mine = make_session(kit, community="Kahnawà:ke")
    import_file(hub.store, export(kit, tmp_path, [mine], name="mine.ccsc"))
    theirs = make_session(other, community="Wendake", people=2)
    members = members_of(export(other, tmp_path, [theirs], name="theirs.ccsc"))

    def steal(data):
        data["sessions"][0]["id"] = mine.id
        data["sessions"][0]["title"] = "Rewritten"
        data["sessions"][0]["revision"] = 10_000
    edit_sessions(members, steal)
    forged = repack(members, SEEDS[signing.public_key(other.store)],
                    lambda m: m.__setitem__("sessions", [mine.id]))
    message = refused_whole(hub, tmp_path, forged, OwnershipError)
    assert "Diagnostic" in message and "Kahnawà:ke" in message
    assert SessionService(hub.store).get(mine.id).title == "Diagnostic"


def test_a_known_installation_under_another_key_is_refused(kit, other, hub, tmp_path):
    session = make_session(kit)
    path = export(kit, tmp_path, [session])
    import_file(hub.store, path)
    members = members_of(path)
    # the same manifest (same installation id), signed by another laptop's key
    forged = repack(members, SEEDS[signing.public_key(other.store)],
                    lambda m: m.__setitem__("public_key", signing.public_key(other.store)))
    message = refused_whole(hub, tmp_path, forged, KeyMismatchError)
    assert signing.fingerprint(signing.public_key(kit.store)) in message
    assert signing.fingerprint(signing.public_key(other.store)) in message


def test_tampering_without_the_key_breaks_the_signature(kit, hub, tmp_path):
    session = make_session(kit)
    members = members_of(export(kit, tmp_path, [session]))
    keep = members["signature.json"]
    data = repack(members, None)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        rebuilt = {n: zf.read(n) for n in zf.namelist()}
    rebuilt["signature.json"] = keep
    manifest = json.loads(rebuilt["manifest.json"])
    manifest["threshold"] = 1
    rebuilt["manifest.json"] = json.dumps(manifest).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for n, d in rebuilt.items():
            zf.writestr(n, d)
    assert "signature" in refused_whole(hub, tmp_path, buffer.getvalue())


def test_unsigned_packages_need_an_explicit_confirmation(kit, hub, tmp_path):
    session = make_session(kit)
    members = members_of(export(kit, tmp_path, [session]))

    def as_version_1(m):
        m["format_version"] = 1
        del m["public_key"]
    old = tmp_path / "old.ccsc"
    old.write_bytes(repack(members, None, as_version_1))
    before = db_digest(hub)
    with pytest.raises(UnsignedPackageError) as err:
        import_file(hub.store, old)
    assert "--allow-unsigned" in err.value.user_message()
    assert db_digest(hub) == before
    result = import_file(hub.store, old, allow_unsigned=True)
    assert result.counts.respondents_added == 3 and result.fingerprint == ""


def test_the_hub_records_a_new_key_and_says_its_fingerprint(kit, hub, tmp_path):
    session = make_session(kit)
    result = import_file(hub.store, export(kit, tmp_path, [session]))
    fingerprint = signing.fingerprint(signing.public_key(kit.store))
    assert result.new_key and fingerprint in result.describe()
    row = hub.store.conn.execute("SELECT fingerprint FROM installations WHERE id = ?",
                                 (kit.store.installation_id,)).fetchone()
    assert row == (fingerprint,)


# 2. a relabelled copy of the questionnaire ---------------------------------------------------
def test_attack2_a_relabelled_questionnaire_never_relabels_other_communities(
        kit, other, hub, tmp_path):
    from tests.hub_helpers import community_session
    from toolkit.exchange.hub import overview
    from toolkit.reports.hub_report import load_hub_parts
    from toolkit.reports.summary import ReportOptions

    honest = community_session(kit, "Honest", 6, 0, "2026-10-01")
    import_file(hub.store, export(kit, tmp_path, [honest], name="honest.ccsc"))
    forger = community_session(other, "Forger", 6, 0, "2026-10-02")
    members = members_of(export(other, tmp_path, [forger], name="forger.ccsc"))
    (old,) = [n for n in members if n.startswith("instruments/")]
    definition = json.loads(members.pop(old))
    question = next(q for section in definition["sections"] for q in section["questions"]
                    if q["id"] == "safe_day")
    question["label"] = {"en": "FORGED LABEL", "fr": "ÉTIQUETTE FALSIFIÉE"}
    digest = fmt.sha256(json.dumps(definition, sort_keys=True, ensure_ascii=False,
                                   separators=(",", ":")).encode())
    members[f"instruments/{digest}.json"] = json.dumps(definition).encode()
    edit_sessions(members, lambda d: d["sessions"][0].__setitem__("instrument_hash", digest))
    forged = tmp_path / "forged.ccsc"
    forged.write_bytes(repack(members, SEEDS[signing.public_key(other.store)],
                              lambda m: m.__setitem__("instruments", [digest])))
    import_file(hub.store, forged)  # a community may use another version: it is kept apart
    data = load_hub_parts(hub.store, overview(hub.store), ReportOptions(lang="en", threshold=5))
    assert len(data.parts) == 2
    for part in data.parts:
        label = part.instrument.question("safe_day").label["en"]
        communities = {i.community for i in part.sessions}
        assert (label == "FORGED LABEL") == (communities == {"Forger"})
        assert communities in ({"Forger"}, {"Honest"})


# 3. summary figures: unknown keys, types, NaN, infinity, huge --------------------------------
@pytest.mark.parametrize("mutation", [
    # unknown count keys are refused by toolkit.summary_format (issue 12)
    "nan", "infinity", "huge", "type", "unknown_key",
])
def test_attack3_summary_with_impossible_figures_is_refused(kit, hub, tmp_path, mutation):
    session = make_session(kit, people=6)
    members = members_of(export(kit, tmp_path, [session], level="summary"))
    text = members["sessions.json"].decode()
    data = json.loads(text)
    question = next(q for q in data["sessions"][0]["summary"]["questions"]
                    if q.get("counts"))
    key = next(iter(question["counts"]))
    if mutation == "nan":
        question["counts"][key] = "__NAN__"
    elif mutation == "infinity":
        question["counts"][key] = "__INF__"
    elif mutation == "huge":
        question["counts"][key] = 10 ** 30
    elif mutation == "type":
        question["counts"][key] = "many"
    else:
        question["counts"]["not-a-choice"] = 1
    text = json.dumps(data).replace('"__NAN__"', "NaN").replace('"__INF__"', "Infinity")
    members["sessions.json"] = text.encode()
    refused_whole(hub, tmp_path, repack(members, SEEDS[signing.public_key(kit.store)]))


# 4. a small package inflating to 128 MB ------------------------------------------------------
PEAK = r"""
def peak_kib():
    # VmHWM: this process's own high-water mark (ru_maxrss would include the memory of the
    # test process it was forked from, which Linux carries across exec)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""


BOMB = PEAK + r"""
import json, sys
from toolkit.exchange import package as fmt
try:
    fmt.read_package(sys.argv[1])
except fmt.PackageError as exc:
    message = exc.user_message()
print(json.dumps({"peak": peak_kib(), "message": message}))
"""


def test_attack4_a_member_inflating_to_128_mb_is_refused_in_bounded_memory(tmp_path):
    bomb = tmp_path / "bomb.ccsc"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("manifest.json", json.dumps({"format": "ccsc-toolkit-package"}))
        # the header's size is written after the data, and honestly; a forged header is
        # caught too (test_exchange_hostile), here the streaming limit is what stops it
        with zf.open("sessions.json", "w", force_zip64=True) as fh:
            fh.write(b'{"sessions": [')
            for _ in range(128):
                fh.write(b" " * (1024 * 1024))
            fh.write(b"]}")
    out = subprocess.run([sys.executable, "-c", BOMB, str(bomb)], capture_output=True,
                         text=True, check=True, timeout=300)
    result = json.loads(out.stdout)
    assert bomb.stat().st_size < 400_000  # about 130 KB on disk
    assert "too large" in result["message"]
    # the whole process's peak in KiB: Python, the toolkit's modules and the zip included
    print("peak KiB", result["peak"])
    assert result["peak"] < 200 * 1024, result


# 5. revisions beyond 2^53 -------------------------------------------------------------------
@pytest.mark.parametrize("revision", [2 ** 53, 2 ** 64, 0, -1])
def test_attack5_revisions_outside_the_exact_range_are_refused(kit, hub, tmp_path, revision):
    session = make_session(kit)
    members = members_of(export(kit, tmp_path, [session]))
    edit_sessions(members, lambda d: d["sessions"][0].__setitem__("revision", revision))
    message = refused_whole(hub, tmp_path, repack(members, SEEDS[signing.public_key(kit.store)]))
    assert "revision" in message


def test_the_largest_exact_revision_is_accepted(kit, hub, tmp_path):
    session = make_session(kit)
    members = members_of(export(kit, tmp_path, [session]))
    edit_sessions(members, lambda d: d["sessions"][0].__setitem__("revision", 2 ** 53 - 1))
    path = tmp_path / "max.ccsc"
    path.write_bytes(repack(members, SEEDS[signing.public_key(kit.store)]))
    assert import_file(hub.store, path).counts.sessions_added == 1


# 6. two laptops, the same respondent, the same revision ----------------------------------------
def two_laptops(kit, tmp_path):
    """A session copied to a second laptop (the data folder copied), then the same
    respondent edited once on each: equal revisions, different answers."""
    session = make_session(kit, people=2)
    kit.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copytree(kit.folder, tmp_path / "laptop-b")
    b = open_kit(tmp_path / "laptop-b")
    rid = SessionService(kit.store).respondents(session.id)[0].id
    for laptop, value in ((kit, 1), (b, 5)):
        laptop.store.conn.execute("UPDATE sessions SET status = 'open' WHERE id = ?",
                                  (session.id,))
        service = SessionService(laptop.store)
        service.save_answer(rid, "safe_night", value)
    pa = export(kit, tmp_path, [session], name="a.ccsc")
    pb = export(b, tmp_path, [session], name="b.ccsc")
    b.close(backup=False)
    return session, rid, pa, pb


def test_attack6_equal_revisions_are_a_conflict_resolved_whatever_the_order(kit, tmp_path):
    session, rid, pa, pb = two_laptops(kit, tmp_path)
    results = []
    for name, order in (("hub-ab", (pa, pb)), ("hub-ba", (pb, pa))):
        hub = open_kit(tmp_path / name)
        first = import_file(hub.store, order[0])
        second = import_file(hub.store, order[1])
        assert first.counts.conflicts == 0 and second.counts.conflicts >= 1
        assert "nothing changed" not in second.describe()
        assert "conflict" in second.describe()
        log = conflict_log(hub.store)
        assert any(c.record_id == rid and c.kind == "respondent" for c in log)
        record = next(c for c in log if c.record_id == rid)
        assert "a.ccsc" in record.here_source + record.package_source
        assert "b.ccsc" in record.here_source + record.package_source
        conn = hub.store.conn  # the content (answers' own edit counters are local)
        results.append((conn.execute("SELECT * FROM sessions").fetchall(),
                        conn.execute("SELECT * FROM respondents ORDER BY id").fetchall(),
                        conn.execute("SELECT respondent_id, question_id, value FROM answers "
                                     "ORDER BY 1, 2").fetchall()))
        hub.close(backup=False)
    assert results[0] == results[1]


def test_attack6_a_closed_session_is_not_reopened_by_older_saves(kit, tmp_path):
    session = make_session(kit, people=1)
    service = SessionService(kit.store)
    service.reopen(session.id)
    kit.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copytree(kit.folder, tmp_path / "laptop-b")
    b = open_kit(tmp_path / "laptop-b")
    rid = service.respondents(session.id)[0].id
    b_service = SessionService(b.store)
    for value in (1, 2, 3, 4, 5, 1, 2):  # many saves on B: a higher revision
        b_service.save_answer(rid, "safe_night", value)
    b.store.conn.execute("UPDATE sessions SET updated_at = '2026-01-01T00:00:00+00:00' "
                         "WHERE id = ?", (session.id,))  # B's saves came first
    pb = export(b, tmp_path, [session], name="b.ccsc")
    b.close(backup=False)
    service.close(session.id)  # A closes it afterwards
    pa = export(kit, tmp_path, [session], name="a.ccsc")
    for name, order in (("hub-ab", (pa, pb)), ("hub-ba", (pb, pa))):
        hub = open_kit(tmp_path / name)
        for path in order:
            import_file(hub.store, path)
        assert SessionService(hub.store).get(session.id).status == "closed", name
        hub.close(backup=False)


# 7. names with escapes, NUL, bidirectional overrides, lone surrogates --------------------------
HOSTILE = "Evil\x1b[31mRed\x00\u202eesrever\u2066 Town\x07"


def test_attack7_names_are_cleaned_in_packages(kit, hub, tmp_path):
    session = make_session(kit)
    members = members_of(export(kit, tmp_path, [session]))
    edit_sessions(members, lambda d: d["sessions"][0].update(title=HOSTILE, place=HOSTILE))
    path = tmp_path / "names.ccsc"
    path.write_bytes(repack(members, SEEDS[signing.public_key(kit.store)],
                            lambda m: m["community"].__setitem__("name", HOSTILE)))
    import_file(hub.store, path)
    got = SessionService(hub.store).get(session.id)
    for text in (got.title, got.place, got.community):
        assert text == "Evil[31mRedesrever Town"


def test_attack7_names_are_cleaned_by_the_service(kit):
    service = SessionService(kit.store)
    session = service.create_session(HOSTILE, "local-diagnosis", "2026-10-01", title=HOSTILE,
                                     place=HOSTILE, facilitator=HOSTILE)
    assert {session.title, session.place, session.facilitator, session.community} == {
        "Evil[31mRedesrever Town"}


def test_attack7_a_lone_surrogate_gets_a_clear_message(kit, hub, tmp_path):
    from toolkit.errors import InputError

    with pytest.raises(InputError) as err:
        SessionService(kit.store).create_session("Bad\udcff", "local-diagnosis", "2026-10-01")
    assert "broken character" in err.value.user_message()
    session = make_session(kit)
    members = members_of(export(kit, tmp_path, [session]))
    members["sessions.json"] = members["sessions.json"].replace(
        b'"Diagnostic"', b'"Diag\\udcffnostic"')
    message = refused_whole(hub, tmp_path, repack(members, SEEDS[signing.public_key(kit.store)]))
    assert "sessions.json" in message and "unexpected" not in message


def test_attack7_the_cli_escapes_what_it_prints(data_dir, capsys):
    from toolkit.cli import main
    from toolkit.context import Toolkit

    kit = Toolkit(data_dir)
    kit.open_store()
    # an older database may hold a raw name: the CLI still prints it harmlessly
    now = "2026-10-01T00:00:00+00:00"
    kit.store.conn.execute("INSERT INTO communities(id, name, created_at, updated_at) VALUES "
                           "('c', ?, ?, ?)", ("Raw\x1b[2J\u202ename", now, now))
    kit.close(backup=False)
    assert main(["--data-dir", str(data_dir), "session", "new", "--community", "Raw",
                 "--date", "2026-10-01"]) in (0, 1)
    capsys.readouterr()
    main(["--data-dir", str(data_dir), "exchange", "hub"])
    assert main(["--data-dir", str(data_dir), "session", "new", "--community", "X\udcff",
                 "--date", "2026-10-01"]) == 1
    out = capsys.readouterr()
    assert "\x1b" not in out.out + out.err and "\u202e" not in out.out + out.err
    assert "broken character" in out.err and "unexpected" not in out.err.lower()


def test_terminal_escapes_controls_and_bidi():
    from toolkit.safetext import terminal

    assert terminal("a\x1b[2Jb\u202ec\td") == "a\\x1b[2Jb\\u202ec\td"
    assert terminal("Kahnawà:ke ᐃᖃᓗᐃᑦ") == "Kahnawà:ke ᐃᖃᓗᐃᑦ"


# what leaves: the facilitator's name ---------------------------------------------------------
def test_the_facilitators_name_leaves_only_at_full_or_when_chosen(kit, tmp_path):
    session = make_session(kit)  # facilitated by Marie

    def carried(level, **kw):
        pv = preview(kit.store, [session.id], level, 5, **kw)
        return "Marie" in pv.content_text(), pv
    assert carried("responses")[0] is False
    assert carried("responses")[1].sessions[0].facilitator_withheld
    assert carried("responses", with_facilitator=True)[0] is True
    assert carried("full")[0] is True
    assert carried("summary")[0] is False


# receipts -----------------------------------------------------------------------------------
def test_round_trip_community_hub_receipt_community(kit, hub, tmp_path):
    session = make_session(kit, people=4)
    path = export(kit, tmp_path, [session])
    result = import_file(hub.store, path)
    receipt = write_receipt(hub.store, result, tmp_path)
    assert receipt.name == "p.receipt.json"
    back = import_receipt(kit.store, receipt)
    assert back.respondents == 4
    assert back.hub_fingerprint == signing.fingerprint(signing.public_key(hub.store))
    (record,) = export_history(kit.store)
    assert record.received_respondents == 4 and record.received_at == result.imported_at
    from toolkit.exchange.export import receipt_text
    assert receipt_text(record).startswith("received by CCSC on ")
    assert import_receipt(kit.store, receipt).already


def test_a_receipt_that_matches_no_export_is_refused(kit, other, hub, tmp_path):
    session = make_session(kit)
    result = import_file(hub.store, export(kit, tmp_path, [session]))
    receipt = write_receipt(hub.store, result, tmp_path)
    before = db_digest(other)
    with pytest.raises(ReceiptError) as err:
        import_receipt(other.store, receipt)
    assert "matches no package" in err.value.user_message()
    assert db_digest(other) == before


def test_an_altered_receipt_is_refused(kit, hub, tmp_path):
    session = make_session(kit)
    result = import_file(hub.store, export(kit, tmp_path, [session]))
    receipt = write_receipt(hub.store, result, tmp_path)
    data = json.loads(receipt.read_text())
    data["receipt"]["respondents"] = 300
    receipt.write_text(json.dumps(data))
    before = db_digest(kit)
    with pytest.raises(ReceiptError) as err:
        import_receipt(kit.store, receipt)
    assert "signature" in err.value.user_message()
    assert db_digest(kit) == before


def test_cli_import_writes_a_receipt_and_the_community_reads_it(data_dir, tmp_path, capsys):
    from toolkit.cli import main

    src, hub = ["--data-dir", str(data_dir)], ["--data-dir", str(tmp_path / "hub")]
    main([*src, "demo"])
    out = tmp_path / "birch.ccsc"
    assert main([*src, "export", "--share", "responses", "--out", str(out)]) == 0
    capsys.readouterr()
    assert main([*hub, "import", str(out)]) == 0
    text = capsys.readouterr().out
    assert "birch.receipt.json" in text and "fingerprint" in text
    assert main([*src, "import", str(tmp_path / "birch.receipt.json")]) == 0
    assert "received by CCSC" in capsys.readouterr().out
    main([*src, "exchange", "history"])
    assert "received by CCSC on" in capsys.readouterr().out
    assert main([*hub, "exchange", "keys"]) == 0
    assert "fingerprint" in capsys.readouterr().out


WORST = PEAK + r"""
import json, sys
from toolkit.exchange import package as fmt
data = open(sys.argv[1], "rb").read()
try:
    fmt.parse_package(data, "worst.ccsc")
    message = "imported"
except fmt.PackageError as exc:
    message = exc.user_message()
print(json.dumps({"peak": peak_kib(), "message": message}))
"""


@pytest.mark.parametrize("values", [1_400_000, 3_000_000])
def test_the_costliest_json_within_the_limits_stays_under_200_mb(kit, tmp_path, values):
    """Small values decode to many objects (7 MB of "a", is 110 MB of Python strings): a
    signed summary package whose summary holds as many tiny values as the limits allow (or
    twice as many) is refused with the process under 200 MB."""
    session = make_session(kit, people=6)
    members = members_of(export(kit, tmp_path, [session], level="summary"))
    data = json.loads(members["sessions.json"])
    data["sessions"][0]["summary"]["questions"] = "__HUGE__"
    members["sessions.json"] = json.dumps(data).encode().replace(
        b'"__HUGE__"', b"[" + b",".join([b'"a"'] * values) + b"]")
    path = tmp_path / "worst.ccsc"
    path.write_bytes(repack(members, SEEDS[signing.public_key(kit.store)]))
    out = subprocess.run([sys.executable, "-c", WORST, str(path)], capture_output=True,
                         text=True, check=True, timeout=300)
    result = json.loads(out.stdout)
    assert result["message"] != "imported"
    print("peak KiB", result["peak"])
    assert result["peak"] < 200 * 1024, result
