"""Print rules: what goes wrong between the file and the paper on a poster press.

- out-of-gamut  print formats: a brand colour the render uses does not survive the round trip
                through the press profile (FOGRA39, coated offset; encode/press.py) within
                CIEDE2000 3.0 -> warning naming the colour and the nearest colour the press prints.
                3.0 is about where most viewers see two flat colours side by side as different;
                brand guides usually allow 2 to 3.
- panel-join    48- and 96-sheets are pasted up from paper panels (`print.panel_mm`, usually
                1016 x 1524 mm) with unprinted overlaps, and a join can sit a few millimetres off.
                Small copy crossing a join: the call to action or hashtag with capitals under
                100 mm at full size (where a few millimetres' step is a large part of a stroke)
                -> warning with the join's position. Bigger type survives a join, and copy wider
                than a panel cannot avoid every join, so neither is judged.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...encode import press
from ...render.colour import hex_rgb
from ..findings import Finding
from .context import Context, role_name, rule

GAMUT_DELTA_E = 3.0
SMALL_ROLES = ("cta", "hashtag")
SMALL_CAP_MM = 100.0  # capitals under this height at full size count as small copy at a join


def _colours_used(ctx: Context) -> list[tuple[str, str]]:
    """(brand field, #RRGGBB) for every brand colour this render shows, in a stable order."""
    b = ctx.campaign.brand
    used = [("background", b.background), ("background_2", b.background_2), ("accent", b.accent)]
    for block in ctx.result.texts:
        if block.role == "slogan":
            used.append(("text", b.text))
        elif block.role == "cta":
            used.append(("cta_text", b.cta_text))
            if block.pill:
                used.append(("cta_background", b.cta_background))
    seen: set[str] = set()
    out = []
    for field, colour in used:
        key = colour.upper()
        if key not in seen:
            seen.add(key)
            out.append((field, key))
    return out


@rule
def out_of_gamut(ctx: Context) -> Iterator[Finding]:
    if ctx.format.print_spec is None:
        return
    for field, colour in _colours_used(ctx):
        de, printed = press.gamut_error(hex_rgb(colour))
        if de > GAMUT_DELTA_E:
            near = "#{:02X}{:02X}{:02X}".format(*printed)
            yield ctx.finding(
                "out-of-gamut",
                "warning",
                f"Brand colour {field} {colour} cannot be printed on a coated-paper press (FOGRA39): it prints "
                f"as {near}, a difference of {de:.1f} (CIEDE2000, over {GAMUT_DELTA_E:.0f}); choose a printable "
                f"colour such as {near}, or approve the shift in a soft proof",
            )


def joins(ctx: Context) -> tuple[list[float], list[float]]:
    """The paste-up joins of a print format, in full-size pixels: (x positions, y positions)."""
    spec = ctx.format.print_spec
    if spec is None or spec.panel_mm is None:
        return [], []
    pw, ph = spec.panel_mm
    kx, ky = ctx.format.width / spec.width_mm, ctx.format.height / spec.height_mm
    xs = [i * pw * kx for i in range(1, int(spec.width_mm / pw + 1e-6)) if i * pw < spec.width_mm - 1e-6]
    ys = [j * ph * ky for j in range(1, int(spec.height_mm / ph + 1e-6)) if j * ph < spec.height_mm - 1e-6]
    return xs, ys


@rule
def panel_join(ctx: Context) -> Iterator[Finding]:
    xs, ys = joins(ctx)
    if not xs and not ys:
        return
    spec = ctx.format.print_spec
    assert spec is not None
    for block in ctx.result.texts:
        if block.role not in SMALL_ROLES or block.ink is None:
            continue
        cap_mm = block.cap_px / ctx.scale * spec.width_mm / ctx.format.width
        if cap_mm >= SMALL_CAP_MM:
            continue
        x0, y0, x1, y1 = ctx.full(block.ink)
        across = [("from the left", x, x * spec.width_mm / ctx.format.width) for x in xs if x0 < x < x1]
        across += [("from the top", y, y * spec.height_mm / ctx.format.height) for y in ys if y0 < y < y1]
        if not across:
            continue
        where = ", ".join(f"{mm:.0f} mm {side}" for side, _, mm in across)
        pw, ph = spec.panel_mm or (0, 0)
        yield ctx.finding(
            "panel-join",
            "warning",
            f"{role_name(block.role)} ({cap_mm:.0f} mm capitals) crosses a paste-up join ({where}); the poster "
            f"is pasted as {pw:.0f} x {ph:.0f} mm panels and a join can sit a few millimetres off: move it off "
            f"the join or set it larger",
            (x0, y0, x1, y1),
            full_size=True,
        )
