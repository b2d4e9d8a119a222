"""Icons drawn on a 24-unit grid at 4x, cached per size (no icon fonts, no platform assets)."""

from __future__ import annotations

import math
from functools import lru_cache

from PIL import Image, ImageDraw

from .kit import RGB, SS, iround, with_opacity

# -- icons: drawn on a 24-unit grid at 4x, cached per size ---------------------------------------


def _heart(u: float) -> list[tuple[float, float]]:
    pts = []
    for i in range(48):
        t = 2 * math.pi * i / 48
        x = 16 * math.sin(t) ** 3
        y = 13 * math.cos(t) - 5 * math.cos(2 * t) - 2 * math.cos(3 * t) - math.cos(4 * t)
        pts.append(((12 + x * 0.56) * u, (11.2 - y * 0.56) * u))
    return pts


@lru_cache(maxsize=256)
def _icon(name: str, px: int, weight: float = 2.0) -> Image.Image:
    n = max(1, px) * SS
    u = n / 24
    m = Image.new("L", (n, n), 0)
    d = ImageDraw.Draw(m)
    w = max(1, iround(weight * u))

    def rr(box, radius, **kw):
        x0, y0, x1, y1 = box
        if x1 - x0 < 2 * w + 2 or y1 - y0 < 2 * w + 2:  # too small for an outline: a solid block
            kw.pop("outline", None), kw.pop("width", None)
            kw["fill"] = 255
            radius = 0
        d.rounded_rectangle((x0, y0, max(x0, x1), max(y0, y1)), radius=radius, **kw)

    def P(pts):
        return [(x * u, y * u) for x, y in pts]

    def stroke(pts, closed=False):
        pp = P(pts) + (P(pts[:1]) if closed else [])
        d.line(pp, fill=255, width=w, joint="curve")
        for x, y in pp if not closed else []:
            d.ellipse((x - w / 2, y - w / 2, x + w / 2, y + w / 2), fill=255)

    def ring(b):
        d.ellipse([v * u for v in b], outline=255, width=w)

    def dot(cx, cy, r):
        d.ellipse(((cx - r) * u, (cy - r) * u, (cx + r) * u, (cy + r) * u), fill=255)

    if name == "like":  # thumb up, outline
        stroke([(3, 10.5), (6.5, 10.5), (6.5, 20.5), (3, 20.5)], closed=True)
        stroke(
            [
                (6.5, 11),
                (10.5, 3.5),
                (12.3, 3.6),
                (13.3, 5),
                (12.6, 9.2),
                (19, 9.2),
                (21, 11),
                (19.3, 19.2),
                (17.3, 20.5),
                (6.5, 20.5),
            ]
        )
    elif name == "comment":  # speech bubble
        ring((2.5, 3, 21.5, 19))
        stroke([(6.5, 17), (4.5, 21.5), (10.5, 18.7)])
    elif name == "share":  # curved arrow to the right
        stroke(
            [
                (13, 4.5),
                (21, 11.5),
                (13, 18.5),
                (13, 14.5),
                (10, 14.5),
                (6, 16),
                (3, 19.5),
                (3.5, 15),
                (6.5, 10.5),
                (13, 8.5),
            ],
            closed=True,
        )
    elif name == "reply":
        rr((2.5 * u, 3.5 * u, 21.5 * u, 16.5 * u), radius=6 * u, outline=255, width=w)
        stroke([(8, 16.5), (6, 21), (12.5, 16.5)])
    elif name == "repost":
        stroke([(5, 17.5), (5, 5.5)])
        stroke([(2, 8.5), (5, 5.2), (8, 8.5)])
        stroke([(5, 17.5), (13, 17.5)])
        stroke([(19, 6.5), (19, 18.5)])
        stroke([(16, 15.5), (19, 18.8), (22, 15.5)])
        stroke([(19, 6.5), (11, 6.5)])
    elif name == "heart":
        d.line(_heart(u) + _heart(u)[:1], fill=255, width=w, joint="curve")
    elif name == "heart-fill":
        d.polygon(_heart(u), fill=255)
    elif name == "views":
        stroke([(5, 20), (5, 12)])
        stroke([(12, 20), (12, 4)])
        stroke([(19, 20), (19, 9)])
    elif name == "bookmark":
        stroke([(6, 3.5), (18, 3.5), (18, 20.5), (12, 16), (6, 20.5)], closed=True)
    elif name == "upload":
        stroke([(12, 3.5), (12, 15)])
        stroke([(7, 8.5), (12, 3.5), (17, 8.5)])
        stroke([(4, 14), (4, 20), (20, 20), (20, 14)])
    elif name == "globe":
        ring((3, 3, 21, 21))
        ring((8.5, 3, 15.5, 21))
        stroke([(3.5, 12), (20.5, 12)])
    elif name == "close":
        stroke([(6, 6), (18, 18)])
        stroke([(18, 6), (6, 18)])
    elif name == "chevron-up":
        stroke([(5, 15.5), (12, 8.5), (19, 15.5)])
    elif name == "arrow-up":
        stroke([(12, 20), (12, 5)])
        stroke([(6, 11), (12, 5), (18, 11)])
    elif name == "dots":
        for cx in (5, 12, 19):
            dot(cx, 12, 2)
    elif name == "lock":
        rr((5 * u, 10.5 * u, 19 * u, 21 * u), radius=2 * u, fill=255)
        d.arc((8 * u, 3.5 * u, 16 * u, 14.5 * u), 180, 360, fill=255, width=w)
        stroke([(8.1, 9), (8.1, 11)])
        stroke([(15.9, 9), (15.9, 11)])
    elif name == "back":
        stroke([(15, 5), (8, 12), (15, 19)])
    elif name == "forward":
        stroke([(9, 5), (16, 12), (9, 19)])
    elif name == "reload":
        d.arc((4 * u, 4 * u, 20 * u, 20 * u), 30, 330, fill=255, width=w)
        d.polygon(P([(21.5, 3.5), (21.5, 10.5), (14.5, 10.5)]), fill=255)
    elif name == "menu":
        for y in (6, 12, 18):
            stroke([(4, y), (20, y)])
    elif name == "search":
        ring((3, 3, 17, 17))
        stroke([(15, 15), (21, 21)])
    elif name == "signal":
        for i, x in enumerate((3, 8.5, 14, 19.5)):
            rr((x * u, (16 - i * 3.5) * u, (x + 3.5) * u, 20 * u), radius=u, fill=255)
    elif name == "wifi":
        for r in (10, 6.5):
            d.arc(((12 - r) * u, (18 - r) * u, (12 + r) * u, (18 + r) * u), 225, 315, fill=255, width=iround(w + u / 2))
        dot(12, 17, 2.2)
    elif name == "battery":
        rr((1 * u, 6.5 * u, 20.5 * u, 17.5 * u), radius=3 * u, outline=255, width=max(1, iround(1.3 * u)))
        rr((3 * u, 8.5 * u, 16.5 * u, 15.5 * u), radius=1.5 * u, fill=255)
        rr((21.5 * u, 10 * u, 23 * u, 14 * u), radius=u, fill=255)
    else:  # pragma: no cover - a typo in this module
        raise ValueError(f"unknown icon {name}")
    return m.resize((max(1, px), max(1, px)), Image.Resampling.BOX)


def icon(
    img: Image.Image, name: str, x: float, y: float, px: float, color: RGB, opacity: float = 1.0, weight: float = 2.0
) -> None:
    """Draw an icon with its top-left at (x, y), `px` pixels square."""
    s = max(1, iround(px))
    x0, y0 = iround(x), iround(y)
    img.paste(color, (x0, y0, x0 + s, y0 + s), with_opacity(_icon(name, s, weight), opacity))
