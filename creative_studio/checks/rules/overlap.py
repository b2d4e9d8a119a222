"""Overlap rules: two elements of a render on top of each other.

- overlap  face art, logo and text blocks that share pixels -> error.

The elements are the face (the box of its art, which for an emoji with a hat or hands reaches
past the disc), the partner logo, and each text block's ink (its lines and the call-to-action
button). The engine keeps them apart (text inside its box, the logo moved or shrunk within its
layout box); this rule reports what it could not resolve, with advice the designer can act on.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...render.engine import Rect
from ..findings import Finding
from .context import Context, rule

_NAMES = {
    "face": "the face",
    "logo": "the logo",
    "slogan": "the slogan",
    "cta": "the call to action",
    "hashtag": "the hashtag",
}


def _advice(a: str, b: str) -> str:
    pair = {a, b}
    if "logo" in pair:
        return "use a logo with less empty margin, or give the layout's logo box more room"
    if "face" in pair:
        other = (pair - {"face"}).pop()
        return f"shorten {_NAMES.get(other, other)} or choose an emoji whose art stays inside the disc"
    return "shorten one of them"


def elements(ctx: Context) -> list[tuple[str, Rect]]:
    r = ctx.result
    out: list[tuple[str, Rect]] = [("face", r.face_ink or r.face)]
    if r.logo:
        out.append(("logo", r.logo))
    for b in r.texts:
        if b.ink:
            out.append((b.role, b.ink))
    return out


def _area(a: Rect, b: Rect) -> Rect | None:
    x0, y0, x1, y1 = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
    return (x0, y0, x1, y1) if x1 > x0 and y1 > y0 else None


@rule
def overlap(ctx: Context) -> Iterator[Finding]:
    els = elements(ctx)
    for i, (na, ra) in enumerate(els):
        for nb, rb in els[i + 1 :]:
            hit = _area(ra, rb)
            if hit is None:
                continue
            yield ctx.finding(
                "overlap",
                "error",
                f"{_NAMES.get(na, na).capitalize()} overlaps {_NAMES.get(nb, nb)}; {_advice(na, nb)}",
                hit,
            )
