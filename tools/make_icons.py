"""Make the platform icon files from assets/icons/app.svg: app.ico (Windows), app.icns (macOS).

    .venv/bin/python tools/make_icons.py          # rewrite assets/icons/app.ico and app.icns
    .venv/bin/python tools/make_icons.py --check  # exit 1 if the committed files are stale
                                                  # (they show something else than app.svg)

PyInstaller wants these two formats for the executable and the .app bundle; the SVG stays the
one drawing we edit. Qt renders the SVG (QSvgRenderer, in PySide6-Essentials' QtSvg) into PNGs
at each size, and we write the two containers ourselves: both are a small header and a table
of PNG images, so no image library is needed. Run offscreen (no display): the script sets
QT_QPA_PLATFORM=offscreen if nothing is set.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "assets" / "icons"
SOURCE = ICONS / "app.svg"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types holding PNG data, by pixel size (Apple's names; retina types reuse sizes).
ICNS_TYPES = (
    (b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256),
    (b"ic09", 512), (b"ic10", 1024), (b"ic11", 32), (b"ic12", 64), (b"ic13", 256),
    (b"ic14", 512),
)


def render_png(svg: Path, size: int) -> bytes:
    """The SVG drawn into a transparent size x size square, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a drawable SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO file whose images are PNG-compressed (read by Windows Vista and later)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries, images = b"", b""
    for size in sizes:
        png = pngs[size]
        side = 0 if size >= 256 else size  # 0 means 256 in the ICO directory
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        images += png
        offset += len(png)
    return header + entries + images


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICNS file: 'icns', total length, then (type, length, PNG) elements."""
    body = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
                    for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def ico_images(data: bytes) -> list[tuple[int, bytes]]:
    """(side, PNG) of each image in an ICO file, in directory order."""
    count = struct.unpack("<HHH", data[:6])[2]
    images = []
    for i in range(count):
        side, _h, _c, _r, _p, _b, size, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * i: 22 + 16 * i])
        images.append((side or 256, data[offset: offset + size]))
    return images


def icns_images(data: bytes) -> list[tuple[bytes, bytes]]:
    """(type, PNG) of each element of an ICNS file, in order."""
    pos, images = 8, []
    while pos < len(data):
        kind, length = data[pos: pos + 4], struct.unpack(">I", data[pos + 4: pos + 8])[0]
        images.append((kind, data[pos + 8: pos + length]))
        pos += length
    return images


def same_picture(a: bytes, b: bytes, budget: float = 0.02) -> bool:
    """Whether two PNGs show the same picture. Their bytes may differ for the same pixels
    (zlib level, PNG chunks), and a Qt update may move a few antialiased pixels: up to
    `budget` of the pixels may differ."""
    from PySide6.QtGui import QImage

    first, second = (QImage.fromData(x).convertToFormat(QImage.Format.Format_ARGB32)
                     for x in (a, b))
    if first.isNull() or second.isNull() or first.size() != second.size():
        return False
    pixels = [memoryview(bytes(img.constBits())).cast("I") for img in (first, second)]
    differing = sum(1 for p, q in zip(*pixels, strict=True) if p != q)
    return differing <= budget * first.width() * first.height()


def shows_the_same(name: str, committed: bytes, fresh: bytes) -> bool:
    """Whether a committed icon file holds the same images, pictures and sizes as `fresh`."""
    read = ico_images if name.endswith(".ico") else icns_images
    try:
        old, new = read(committed), read(fresh)
    except struct.error:
        return False
    return ([key for key, _png in old] == [key for key, _png in new]
            and all(same_picture(a, b) for (_k, a), (_j, b) in zip(old, new, strict=True)))


def stale_files(files: dict[str, bytes], icons: Path = ICONS) -> list[str]:
    return [name for name, data in files.items()
            if not (icons / name).is_file()
            or not shows_the_same(name, (icons / name).read_bytes(), data)]


def build(svg: Path = SOURCE) -> dict[str, bytes]:
    from PySide6.QtGui import QGuiApplication

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    sizes = sorted(set(ICO_SIZES) | {size for _kind, size in ICNS_TYPES})
    pngs = {size: render_png(svg, size) for size in sizes}
    return {
        "app.ico": ico_bytes({s: pngs[s] for s in ICO_SIZES}),
        "app.icns": icns_bytes(pngs),
    }


def main(argv: list[str], svg: Path = SOURCE, icons: Path = ICONS) -> int:
    files = build(svg)
    if "--check" in argv:
        stale = stale_files(files, icons)
        for name in stale:
            print(f"{name} is missing or stale: run tools/make_icons.py", file=sys.stderr)
        return 1 if stale else 0
    for name, data in files.items():
        (icons / name).write_bytes(data)
        print(f"wrote {icons / name} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
