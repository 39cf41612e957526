"""Colour arithmetic for WCAG contrast: parse, mix, measure."""

from __future__ import annotations

import re

HEX = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
WHITE = (255, 255, 255)
#: The theme's page backgrounds (``--bg`` in theme/static/css/site.css).
LIGHT_BACKGROUND = "#ffffff"
DARK_BACKGROUND = "#0f1419"
#: WCAG 2 AA for normal text.
AA = 4.5

RGB = tuple[int, int, int]


def parse(text: str) -> RGB | None:
    """Return the RGB of ``#rgb`` or ``#rrggbb``, or None if ``text`` is neither."""
    match = HEX.match(str(text).strip())
    if not match:
        return None
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(digit * 2 for digit in digits)
    return tuple(int(digits[i : i + 2], 16) for i in (0, 2, 4))


def hex_of(rgb: RGB) -> str:
    return "#" + "".join(f"{channel:02x}" for channel in rgb)


def luminance(rgb: RGB) -> float:
    """Return the WCAG relative luminance of ``rgb``."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: RGB, second: RGB) -> float:
    """Return the WCAG contrast ratio of two colours (1 to 21)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def mix(rgb: RGB, other: RGB, share: float) -> RGB:
    """Return ``rgb`` with ``share`` (0 to 1) of ``other`` mixed in."""
    return tuple(round(a + (b - a) * share) for a, b in zip(rgb, other, strict=True))


def lighten_until(rgb: RGB, background: RGB, ratio: float) -> RGB:
    """Return ``rgb`` mixed with the least white that reaches ``ratio`` on ``background``."""
    for step in range(101):
        candidate = mix(rgb, WHITE, step / 100)
        if contrast(candidate, background) >= ratio:
            return candidate
    return WHITE
