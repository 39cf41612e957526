"""The pixel size of an image file, read from its header (PNG, GIF, JPEG, WebP, SVG)."""

from __future__ import annotations

import re
import struct

HEAD_BYTES = 64 * 1024  # enough for every header, and for an SVG's root element
SVG_ROOT = re.compile(rb"<svg\b[^>]*>", re.S)
SVG_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(px)?\s*$")
JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def image_size(path) -> tuple[int, int] | None:
    """Return ``(width, height)`` of the image at ``path``, or None when not known."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError:
        return None
    for reader in (_png, _gif, _webp, _jpeg, _svg):
        try:
            size = reader(head)
        except (struct.error, ValueError, IndexError):
            size = None
        if size:
            return size if size[0] > 0 and size[1] > 0 else None
    return None


def _png(head):
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
        return struct.unpack(">II", head[16:24])
    return None


def _gif(head):
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return struct.unpack("<HH", head[6:10])
    return None


def _webp(head):
    if not (head.startswith(b"RIFF") and head[8:12] == b"WEBP"):
        return None
    chunk = head[12:16]
    if chunk == b"VP8X":
        width = int.from_bytes(head[24:27], "little") + 1
        height = int.from_bytes(head[27:30], "little") + 1
        return width, height
    if chunk == b"VP8L":
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8 ":
        width, height = struct.unpack("<HH", head[26:30])
        return width & 0x3FFF, height & 0x3FFF
    return None


def _jpeg(head):
    if not head.startswith(b"\xff\xd8"):
        return None
    at = 2
    while at + 9 < len(head):
        if head[at] != 0xFF:
            return None
        marker = head[at + 1]
        if marker in JPEG_FRAMES:
            height, width = struct.unpack(">HH", head[at + 5 : at + 9])
            return width, height
        length = struct.unpack(">H", head[at + 2 : at + 4])[0]
        at += 2 + length
    return None


def _svg(head):
    """An SVG's size when its root gives ``width`` and ``height`` in pixels."""
    root = SVG_ROOT.search(head)
    if not root:
        return None
    attributes = dict(
        re.findall(r'\s([\w:-]+)\s*=\s*"([^"]*)"', root.group().decode("utf-8", "replace"))
    )
    lengths = [SVG_LENGTH.match(attributes.get(name, "")) for name in ("width", "height")]
    if not all(lengths):
        return None  # a viewBox alone gives a ratio, not a size
    return tuple(round(float(length.group(1))) for length in lengths)
