"""Colour arithmetic shared by the engine, the mockups and the checks (sRGB, WCAG 2.x)."""

from __future__ import annotations

from functools import lru_cache

RGB = tuple[int, int, int]


def hex_rgb(c: str) -> RGB:
    """'#RRGGBB' (or 'RRGGBB') to an (r, g, b) tuple."""
    c = c.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


@lru_cache(maxsize=65536)
def luminance(rgb: RGB) -> float:
    """WCAG 2.x relative luminance of an sRGB colour."""

    def ch(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = rgb[:3]
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)
