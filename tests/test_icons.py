"""The platform icons (.ico, .icns) are made from app.svg and kept in step with it."""

import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import make_icons  # noqa: E402


def largest_png(ico: bytes) -> bytes:
    count = struct.unpack("<HHH", ico[:6])[2]
    entries = [struct.unpack("<BBBBHHII", ico[6 + 16 * i: 22 + 16 * i]) for i in range(count)]
    *_rest, size, offset = max(entries, key=lambda e: e[0] or 256)
    return ico[offset: offset + size]


def test_committed_icons_show_the_svg(qapp):
    """Drawn again from app.svg, the icon looks the same (a Qt update may move a few
    antialiased pixels, so this compares pictures, not bytes)."""
    from PySide6.QtGui import QImage

    committed = QImage.fromData(largest_png((make_icons.ICONS / "app.ico").read_bytes()))
    fresh = QImage.fromData(make_icons.render_png(make_icons.SOURCE, 256))
    assert committed.size() == fresh.size()
    differing = sum(
        1 for y in range(0, 256, 2) for x in range(0, 256, 2)
        if committed.pixel(x, y) != fresh.pixel(x, y))
    assert differing < 0.02 * 128 * 128, "app.ico is stale: run tools/make_icons.py"


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
