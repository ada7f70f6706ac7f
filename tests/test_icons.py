"""The platform icons (.ico, .icns) are made from app.svg and kept in step with it."""

import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import make_icons  # noqa: E402


def reencoded(png: bytes) -> bytes:
    """The same pixels saved with another zlib level: other bytes, same picture."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    QImage.fromData(png).save(buffer, "PNG", 0)  # quality 0: strongest compression
    buffer.close()
    return bytes(data.data())


def test_committed_icons_show_the_svg(qapp):
    """Drawn again from app.svg, every image of both files looks the same (a Qt update may
    move a few antialiased pixels, so this compares pictures, not bytes)."""
    assert make_icons.stale_files(make_icons.build()) == []


def test_check_accepts_fresh_icons_whose_bytes_differ(qapp, tmp_path, capsys):
    fresh = make_icons.build()
    pngs = {side: reencoded(png) for side, png in make_icons.ico_images(fresh["app.ico"])}
    pngs.update({size: reencoded(png) for (_k, size), (_j, png) in
                 zip(make_icons.ICNS_TYPES, make_icons.icns_images(fresh["app.icns"]))})
    (tmp_path / "app.ico").write_bytes(
        ico := make_icons.ico_bytes({s: pngs[s] for s in make_icons.ICO_SIZES}))
    (tmp_path / "app.icns").write_bytes(icns := make_icons.icns_bytes(pngs))
    assert ico != fresh["app.ico"] and icns != fresh["app.icns"]  # a byte check says stale
    assert make_icons.main(["--check"], icons=tmp_path) == 0
    assert "stale" not in capsys.readouterr().err


def test_check_finds_icons_of_another_drawing(qapp, tmp_path, capsys):
    other = tmp_path / "other.svg"
    other.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
                     '<rect x="1" y="1" width="8" height="8" fill="#c00"/></svg>',
                     encoding="utf-8")
    assert make_icons.main([], svg=other, icons=tmp_path) == 0
    assert make_icons.main(["--check"], icons=tmp_path) == 1
    assert "app.ico is missing or stale" in capsys.readouterr().err
    (tmp_path / "app.ico").write_bytes(b"not an icon")
    assert make_icons.main(["--check"], icons=tmp_path) == 1


def test_ico_lists_every_size_as_png(qapp):
    data = (make_icons.ICONS / "app.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind, count) == (0, 1, len(make_icons.ICO_SIZES))
    sides = []
    for i in range(count):
        width, _h, _c, _r, _p, _b, size, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * i: 22 + 16 * i])
        assert data[offset: offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + size <= len(data)
        sides.append(width or 256)
    assert sides == sorted(make_icons.ICO_SIZES)


def test_icns_elements_add_up_to_the_file(qapp):
    data = (make_icons.ICONS / "app.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    pos, kinds = 8, []
    while pos < len(data):
        kind, length = data[pos: pos + 4], struct.unpack(">I", data[pos + 4: pos + 8])[0]
        assert data[pos + 8: pos + 16] == b"\x89PNG\r\n\x1a\n"
        kinds.append(kind)
        pos += length
    assert pos == len(data)
    assert kinds == [k for k, _size in make_icons.ICNS_TYPES]
