"""A translation travels in packages: a laptop's translators' files ride along with the
sessions, are checked like every member, and replace the receiving laptop's copy (backed up
first). A package without translations is the same as before."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from tests.exchange_helpers import make_session, open_kit, original_key, signature_for
from tests.test_languages import add_pseudo_language
from toolkit import i18n, languages
from toolkit.exchange import package as fmt
from toolkit.exchange.export import export_package, preview
from toolkit.exchange.importer import import_file
from toolkit.store.backups import language_backups


@pytest.fixture
def laptops(tmp_path):
    source, target = open_kit(tmp_path / "a"), open_kit(tmp_path / "b")
    yield source, target
    for kit in (source, target):
        kit.close(backup=False)
    languages.use_data_folder(None)
    i18n.reload()


def export(kit, tmp_path, name="p.ccsc"):
    session = make_session(kit)
    pv = preview(kit.store, [session.id], "responses", 5)
    out = tmp_path / name
    export_package(kit.store, pv, out)
    return out, pv


def test_translations_travel_to_another_laptop(laptops, tmp_path):
    source, target = laptops
    add_pseudo_language(source.folder, "qaa")
    out, pv = export(source, tmp_path)
    assert pv.manifest["languages"] == ["languages/qaa/language.toml", "languages/qaa/toolkit.po"]
    result = import_file(target.store, out)
    assert result.languages == ["Pséüdö"] and "Pséüdö" in result.describe()
    received = target.folder / "languages" / "qaa"
    assert (received / "toolkit.po").read_bytes() == (
        source.folder / "languages" / "qaa" / "toolkit.po").read_bytes()
    languages.use_data_folder(target.folder)
    assert i18n.translate("qaa", "Settings") == "Séttíngs"
    again = import_file(target.store, out)  # the same files: nothing to install
    assert again.languages == [] and language_backups(target.folder) == []


def test_a_received_translation_replaces_the_local_one_after_a_backup(laptops, tmp_path):
    source, target = laptops
    add_pseudo_language(source.folder, "qaa")
    local = add_pseudo_language(target.folder, "qaa")
    (local / "toolkit.po").write_text((local / "toolkit.po").read_text(encoding="utf-8")
                                      .replace("Séttíngs", "Óld"), encoding="utf-8")
    out, _pv = export(source, tmp_path)
    assert import_file(target.store, out).languages == ["Pséüdö"]
    kept = language_backups(target.folder)
    assert len(kept) == 1 and "before_package" in kept[0].name
    with zipfile.ZipFile(kept[0]) as archive:
        assert "Óld" in archive.read("languages/qaa/toolkit.po").decode("utf-8")


def test_no_translation_no_languages_in_the_manifest(laptops, tmp_path):
    source, _target = laptops
    _out, pv = export(source, tmp_path)
    assert "languages" not in pv.manifest
    assert not any(m.startswith("languages/") for m in pv.members)


def _repack(path, change):
    """Rewrite a package's members and manifest and sign it again with its own key, as a
    forger with the key (or a bug) would: only the content checks stand in the way."""
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    seed = original_key(path.read_bytes())
    change(members)
    manifest = json.loads(members["manifest.json"])
    listed = {n: {"sha256": fmt.sha256(d), "size": len(d)} for n, d in members.items()
              if n not in ("manifest.json", "signature.json")}
    manifest["members"] = listed
    manifest["languages"] = sorted(n for n in listed if n.startswith("languages/"))
    members["manifest.json"] = json.dumps(manifest).encode()
    members["signature.json"] = signature_for(members["manifest.json"], seed)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    path.write_bytes(buffer.getvalue())


@pytest.mark.parametrize("member, data", [
    ("languages/qaa/toolkit.po", b'msgid "a"\nmsgstr "b\n\n\xff'),
    ("languages/qaa/language.toml", b'code = "qab"\nnative_name = "X"\nscript = "Latn"\n'),
    ("languages/qaa/language.toml", b"not = [toml"),
])
def test_a_damaged_translation_file_refuses_the_package(laptops, tmp_path, member, data):
    source, target = laptops
    add_pseudo_language(source.folder, "qaa")
    out, _pv = export(source, tmp_path)
    _repack(out, lambda members: members.__setitem__(member, data))
    with pytest.raises(fmt.PackageError) as caught:
        import_file(target.store, out)
    assert "damaged" in caught.value.user_message()
    assert not (target.folder / "languages").exists()


def test_an_unlisted_file_under_languages_is_refused(laptops, tmp_path):
    source, target = laptops
    add_pseudo_language(source.folder, "qaa")
    out, _pv = export(source, tmp_path)
    _repack(out, lambda members: members.__setitem__("languages/qaa/run.sh", b"rm -rf /"))
    with pytest.raises(fmt.PackageError):
        import_file(target.store, out)
    assert not (target.folder / "languages").exists()
