"""Damaged and hostile packages are refused with a message, and the database is unchanged."""

import io
import json
import random
import zipfile

import pytest

from tests.exchange_helpers import (
    db_digest,
    make_session,
    open_kit,
    original_key,
    signature_for,
)
from toolkit.errors import ToolkitError
from toolkit.exchange import package as fmt
from toolkit.exchange.export import export_package, preview
from toolkit.exchange.importer import import_file, import_package


@pytest.fixture
def source(kit, tmp_path):
    session = make_session(kit)
    pv = preview(kit.store, [session.id], "responses", 5)
    path = tmp_path / "good.ccsc"
    export_package(kit.store, pv, path)
    return path


@pytest.fixture
def hub_kit(tmp_path):
    kit = open_kit(tmp_path / "hub")
    yield kit
    kit.close(backup=False)


def db_files(kit):
    folder = kit.store.path.parent
    return {p.name: p.read_bytes() for p in folder.glob("toolkit.sqlite*")}


def rezip(original: bytes, change=None, extra=None, manifest_change=None,
          fix_checksums=False, resign=True) -> bytes:
    """Rebuild a package with members changed (valid zip, so the content checks are tested),
    signed again with its maker's key (so the checks after the signature's are reached)."""
    with zipfile.ZipFile(io.BytesIO(original)) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    if change:
        change(members)
    manifest = json.loads(members["manifest.json"])
    if fix_checksums:
        manifest["members"] = {n: {"sha256": fmt.sha256(d), "size": len(d)}
                               for n, d in members.items()
                               if n not in ("manifest.json", "signature.json")}
    if manifest_change:
        manifest_change(manifest)
    members["manifest.json"] = json.dumps(manifest).encode()
    if resign and "signature.json" in members:
        members["signature.json"] = signature_for(members["manifest.json"],
                                                  original_key(original))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buffer.getvalue()


def refused(hub_kit, tmp_path, data: bytes, passphrase=None, kind=fmt.PackageError):
    path = tmp_path / "bad.ccsc"
    path.write_bytes(data)
    before_rows, before_files = db_digest(hub_kit), db_files(hub_kit)
    with pytest.raises(kind) as err:
        import_file(hub_kit.store, path, passphrase)
    message = err.value.user_message()
    assert "bad.ccsc" in message and "Traceback" not in message
    assert db_digest(hub_kit) == before_rows
    assert db_files(hub_kit) == before_files
    return message


def _set(member, key, value):
    def change(members):
        data = json.loads(members[member])
        data[key] = value
        members[member] = json.dumps(data).encode()
    return change


def test_good_package_imports(hub_kit, source):
    assert import_file(hub_kit.store, source).counts.respondents_added == 3


def test_truncated(hub_kit, tmp_path, source):
    data = source.read_bytes()
    for cut in (0, 10, len(data) // 2, len(data) - 1):
        refused(hub_kit, tmp_path, data[:cut])


def test_not_a_package(hub_kit, tmp_path):
    assert "not a package" in refused(hub_kit, tmp_path, b"hello, this is a letter")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("photo.jpg", b"...")
    refused(hub_kit, tmp_path, buffer.getvalue())


def test_damaged_bytes(hub_kit, tmp_path, source):
    data = bytearray(source.read_bytes())
    data[len(data) // 3] ^= 0xFF
    refused(hub_kit, tmp_path, bytes(data))


def test_tampered_member_fails_its_checksum(hub_kit, tmp_path, source):
    def change(members):
        members["sessions.json"] = members["sessions.json"].replace(b'"safe_night": 3',
                                                                    b'"safe_night": 1')
    message = refused(hub_kit, tmp_path, rezip(source.read_bytes(), change))
    assert "checksum" in message


def test_free_text_smuggled_into_a_responses_package(hub_kit, tmp_path, source):
    def change(members):
        data = json.loads(members["sessions.json"])
        data["sessions"][0]["respondents"][0]["answers"]["best_idea"] = "a name"
        members["sessions.json"] = json.dumps(data).encode()
    refused(hub_kit, tmp_path, rezip(source.read_bytes(), change, fix_checksums=True))


@pytest.mark.parametrize("name", ["../evil.json", "/etc/passwd", "instruments/../../x.json",
                                  "C:/windows/x.json", "a\\..\\b.json"])
def test_unsafe_paths(hub_kit, tmp_path, source, name):
    message = refused(hub_kit, tmp_path, rezip(source.read_bytes(), extra={name: b"{}"}))
    assert "unsafe" in message or "unexpected" in message


def test_unexpected_member(hub_kit, tmp_path, source):
    refused(hub_kit, tmp_path, rezip(source.read_bytes(), extra={"run.sh": b"rm -rf /"}))


def test_zip_bomb_is_refused_without_inflating_it(hub_kit, tmp_path, source):
    bomb = b"\0" * (fmt.LIMITS.member_bytes + 1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as zf, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for n in zf.namelist():
            out.writestr(n, bomb if n == "sessions.json" else zf.read(n))
    assert len(buffer.getvalue()) < 1_000_000
    assert "too large" in refused(hub_kit, tmp_path, buffer.getvalue())


def test_oversized_file(hub_kit, tmp_path, source):
    limits = fmt.Limits(file_bytes=1000)
    with pytest.raises(fmt.PackageError):
        fmt.read_package(source, limits=limits)


def test_too_many_members(hub_kit, tmp_path, source):
    extra = {f"instruments/{i:064x}.json": b"{}" for i in range(fmt.LIMITS.members + 1)}
    refused(hub_kit, tmp_path, rezip(source.read_bytes(), extra=extra))


def test_newer_format_version(hub_kit, tmp_path, source):
    message = refused(hub_kit, tmp_path, rezip(
        source.read_bytes(), manifest_change=lambda m: m.update(format_version=99)))
    assert "newer version" in message


@pytest.mark.parametrize("key,value", [
    ("sharing_level", "everything"), ("export_id", "not-a-uuid"), ("community", "x"),
    ("sessions", []), ("counts", {"sessions": -1}), ("created_at", "yesterday"),
    ("format", "something-else"), ("threshold", True),
])
def test_invalid_manifest_fields(hub_kit, tmp_path, source, key, value):
    refused(hub_kit, tmp_path, rezip(source.read_bytes(),
                                     manifest_change=lambda m: m.update({key: value})))


def test_counts_must_match(hub_kit, tmp_path, source):
    def change(m):
        m["counts"]["respondents"] = 2
    assert "counts" in refused(hub_kit, tmp_path, rezip(source.read_bytes(),
                                                        manifest_change=change))


def test_invalid_answer_is_refused(hub_kit, tmp_path, source):
    def change(members):
        data = json.loads(members["sessions.json"])
        data["sessions"][0]["respondents"][0]["answers"]["safe_day"] = 9
        members["sessions.json"] = json.dumps(data).encode()
    refused(hub_kit, tmp_path, rezip(source.read_bytes(), change, fix_checksums=True))


def test_tampered_questionnaire_is_refused(hub_kit, tmp_path, source):
    def change(members):
        name = next(n for n in members if n.startswith("instruments/"))
        data = json.loads(members[name])
        data["version"] = data["version"] + 1
        members[name] = json.dumps(data).encode()
    refused(hub_kit, tmp_path, rezip(source.read_bytes(), change, fix_checksums=True))


def test_tampered_encrypted_package(kit, hub_kit, tmp_path):
    session = make_session(kit, community="Enc")
    path = tmp_path / "e.ccsc"
    export_package(kit.store, preview(kit.store, [session.id], "responses", 5), path,
                   "a good passphrase")
    data = bytearray(path.read_bytes())
    data[-5] ^= 1
    refused(hub_kit, tmp_path, bytes(data), "a good passphrase", fmt.WrongPassphraseError)
    refused(hub_kit, tmp_path, path.read_bytes(), "not the one", fmt.WrongPassphraseError)
    refused(hub_kit, tmp_path, path.read_bytes()[:30], "a good passphrase")


def test_fuzz_mutated_packages_never_crash_never_half_import(hub_kit, tmp_path, source):
    """Hundreds of random mutations of a real package: each one is either refused with a
    ToolkitError and the database untouched, or (if the bytes still form a valid package)
    imported whole."""
    original = source.read_bytes()
    rng = random.Random(20261126)
    refusals = 0
    for i in range(400):
        data = bytearray(original)
        kind = rng.choice(("flip", "cut", "insert", "zero", "manifest"))
        if kind == "flip":
            for _ in range(rng.randint(1, 4)):
                data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        elif kind == "cut":
            del data[rng.randrange(len(data)):]
        elif kind == "insert":
            at = rng.randrange(len(data))
            data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 20)))
        elif kind == "zero":
            at = rng.randrange(len(data))
            data[at:at + rng.randint(1, 200)] = b"\0" * len(data[at:at + rng.randint(1, 200)])
        else:
            data = bytearray(rezip(original, manifest_change=lambda m: _mutate_json(m, rng)))
        before = db_digest(hub_kit)
        try:
            package = fmt.parse_package(bytes(data), f"fuzz-{i}.ccsc")
        except ToolkitError as exc:
            assert exc.user_message()
            assert db_digest(hub_kit) == before
            refusals += 1
            continue
        result = import_package(hub_kit.store, package)  # a valid package imports whole
        assert result.counts.respondents_added + result.counts.respondents_unchanged == 3
    assert refusals > 300


def _mutate_json(value, rng):
    """Replace one random leaf (or key) of a JSON tree by a value of another type."""
    node = value
    while True:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not keys:
            return
        key = rng.choice(keys)
        child = node[key]
        if isinstance(child, (dict, list)) and child and rng.random() < 0.6:
            node = child
            continue
        node[key] = rng.choice([None, -1, 2 ** 70, "", "x" * 1000, [], {}, True, 1.5,
                                "../../etc", "2026-13-45"])
        return


def test_summary_with_inconsistent_counts_is_refused(kit, hub_kit, tmp_path):
    session = make_session(kit, community="Sum", people=5)
    path = tmp_path / "s.ccsc"
    export_package(kit.store, preview(kit.store, [session.id], "summary", 5), path)

    def change(members):
        data = json.loads(members["sessions.json"])
        data["sessions"][0]["summary"]["respondents"] = 50
        members["sessions.json"] = json.dumps(data).encode()
    refused(hub_kit, tmp_path, rezip(path.read_bytes(), change, fix_checksums=True))

    def smuggle(members):
        data = json.loads(members["sessions.json"])
        data["sessions"][0]["summary"]["questions"][0]["words"] = ["a name"]
        members["sessions.json"] = json.dumps(data).encode()
    # an unknown key inside a summary is refused (toolkit.summary_format)
    refused(hub_kit, tmp_path, rezip(path.read_bytes(), smuggle, fix_checksums=True))

    def extra(members):
        data = json.loads(members["sessions.json"])
        data["sessions"][0]["respondents"] = [{"id": "x"}]
        members["sessions.json"] = json.dumps(data).encode()
    # unknown keys beside the summary are refused (strict shapes): nothing smuggled is stored
    message = refused(hub_kit, tmp_path, rezip(path.read_bytes(), extra, fix_checksums=True))
    assert "sessions.json" in message


def test_forged_ids_that_clash_with_the_hub_are_refused_whole(kit, hub_kit, tmp_path):
    """A respondent id already used by another session here: refused, nothing half-done."""
    first = make_session(kit, community="One")
    a = tmp_path / "a.ccsc"
    export_package(kit.store, preview(kit.store, [first.id], "responses", 5), a)
    import_file(hub_kit.store, a)
    other = make_session(kit, community="One", date="2026-11-01")
    b = tmp_path / "b.ccsc"
    export_package(kit.store, preview(kit.store, [other.id], "responses", 5), b)
    stolen = json.loads(zipfile.ZipFile(a).read("sessions.json"))
    taken = stolen["sessions"][0]["respondents"][0]["id"]

    def change(members):
        data = json.loads(members["sessions.json"])
        data["sessions"][0]["respondents"][2]["id"] = taken
        members["sessions.json"] = json.dumps(data).encode()
    message = refused(hub_kit, tmp_path, rezip(b.read_bytes(), change, fix_checksums=True),
                      kind=fmt.PackageConflictError)
    assert "clash" in message


def test_respondent_ids_unique_across_the_package(kit, hub_kit, tmp_path):
    s1 = make_session(kit, community="Two", date="2026-10-01")
    s2 = make_session(kit, community="Two", date="2026-10-02")
    path = tmp_path / "two.ccsc"
    export_package(kit.store, preview(kit.store, [s1.id, s2.id], "responses", 5), path)

    def change(members):
        data = json.loads(members["sessions.json"])
        data["sessions"][1]["respondents"][0]["id"] = data["sessions"][0]["respondents"][0]["id"]
        members["sessions.json"] = json.dumps(data).encode()
    refused(hub_kit, tmp_path, rezip(path.read_bytes(), change, fix_checksums=True))


def test_forged_encryption_header_cannot_demand_huge_memory(kit, hub_kit, tmp_path):
    session = make_session(kit, community="Mem")
    path = tmp_path / "m.ccsc"
    export_package(kit.store, preview(kit.store, [session.id], "responses", 5), path,
                   "a good passphrase")
    data = bytearray(path.read_bytes())
    data[len(fmt.MAGIC) + 1] = 20  # log2(N) = 20 with r = 8: 1 GiB
    assert "header" in refused(hub_kit, tmp_path, bytes(data), "a good passphrase")


def test_packages_encrypted_by_the_pyca_library_still_open():
    """The format is standard AES-256-GCM with scrypt: a blob made with `cryptography`
    (earlier builds) decrypts with today's library, and a wrong passphrase is refused."""
    from pathlib import Path

    import pytest

    from toolkit.exchange import package

    blob = (Path(__file__).parent / "data" / "encrypted-by-pyca.bin").read_bytes()
    plain = package.decrypt(blob, "correct horse battery", "old.ccsc")
    assert plain.decode("utf-8").endswith("ᐃᖃᓗᐃᑦ")
    with pytest.raises(package.WrongPassphraseError):
        package.decrypt(blob, "wrong horse battery", "old.ccsc")


def test_the_remembered_answer_checks_agree_with_check_answer():
    """package._AnswerChecker remembers verdicts on short values: for every question of the
    bundled questionnaires and many candidate values, asked twice (the second time from its
    memory), it accepts exactly what check_answer accepts, with the same clean value."""
    from toolkit.questionnaire import bundled_instruments
    from toolkit.questionnaire.answers import AnswerError, check_answer

    candidates = [0, 1, 3, 5, 6, -1, 10 ** 6, "dk", "", "yes", "no", "other", "x" * 65,
                  [], ["other"], ["a", "a"], 2.5, {"a": 1}]
    for instrument in bundled_instruments():
        checker = fmt._AnswerChecker(instrument)
        for question in instrument.questions:
            values = candidates + [c.id for c in question.choices] + [
                [c.id for c in question.choices[:2]], [c.id for c in question.choices[:1]] * 2]
            for value in values:
                try:
                    expected = ("ok", check_answer(question, value))
                except AnswerError:
                    expected = ("refused", None)
                plan = checker.plan(question.id)
                if plan[1]:
                    continue  # free text is never remembered
                for _ in range(2):
                    try:
                        got = ("ok", checker.check(question.id, plan, value, 10_000))
                    except AnswerError:
                        got = ("refused", None)
                    assert got == expected, (instrument.id, question.id, value)
