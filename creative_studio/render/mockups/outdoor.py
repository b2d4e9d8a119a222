"""Outdoor scenes drawn to scale in metres: roadside billboards, a bus shelter, a D6 screen,
with a person beside them for size."""

from __future__ import annotations

import math
import random
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFilter

from ...model.types import Campaign, Format
from ..distance import D6_SCREEN_M, physical_size_m
from ..engine import RenderResult
from .kit import (
    PERSON_HEIGHT_M,
    RGB,
    SS,
    WHITE,
    Rect,
    disc,
    int_box,
    iround,
    paint,
    rrect,
    scene,
    shade,
    soft_shadow,
    vgrad,
)
from .lettering import text_mid, text_w

# ==============================================================================================
# Outdoor scenes, drawn to scale in metres
# ==============================================================================================


class _Scene:
    """Metres to pixels: x from the left edge, heights above the ground line."""

    def __init__(self, ppm: float, width_m: float, height_m: float, ground_m: float):
        self.ppm = ppm
        self.w, self.h = max(1, iround(width_m * ppm)), max(1, iround(height_m * ppm))
        self.ground = ground_m * ppm  # y pixel of the ground line

    def X(self, m: float) -> float:
        return m * self.ppm

    def Y(self, m: float) -> float:
        return self.ground - m * self.ppm

    def box(self, x0: float, h0: float, x1: float, h1: float) -> tuple[float, float, float, float]:
        """A box from (x0, height h0) to (x1, height h1) in metres (h1 > h0)."""
        return self.X(x0), self.Y(h1), self.X(x1), self.Y(h0)


def _size_m(fmt: Format, default: tuple[float, float]) -> tuple[float, float]:
    """The face's physical size (the same numbers the distance view uses), else a typical one."""
    try:
        return physical_size_m(fmt)
    except ValueError:
        return default


def _poster(im: Image.Image, max_w: int) -> Image.Image:
    """The creative at most max_w wide: scaled down (never up) to the scene."""
    if im.width <= max_w:
        return im
    h = max(1, iround(im.height * max_w / im.width))
    return im.resize((max_w, h), Image.Resampling.LANCZOS, reducing_gap=2.0)


@lru_cache(maxsize=32)
def _person_mask(h: int, pose: int = 0) -> Image.Image:
    """A standing (pose 0, front-on) or walking (pose 1, side-on) figure, h px tall, anti-aliased."""
    H = h * SS
    w = max(1, iround(H * 0.42))
    m = Image.new("L", (w, max(1, H)), 0)
    d = ImageDraw.Draw(m)
    c = w / 2

    def pt(x: float, y: float) -> tuple[float, float]:
        return c + x * H, y * H

    def limb(p0: tuple[float, float], p1: tuple[float, float], r0: float, r1: float) -> None:
        """A tapered capsule from p0 (radius r0) to p1 (radius r1), in units of height."""
        (x0, y0), (x1, y1) = pt(*p0), pt(*p1)
        dx, dy = x1 - x0, y1 - y0
        n = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / n, dx / n
        a0, a1 = r0 * H, r1 * H
        d.polygon(
            [
                (x0 + nx * a0, y0 + ny * a0),
                (x1 + nx * a1, y1 + ny * a1),
                (x1 - nx * a1, y1 - ny * a1),
                (x0 - nx * a0, y0 - ny * a0),
            ],
            fill=255,
        )
        d.ellipse((x0 - a0, y0 - a0, x0 + a0, y0 + a0), fill=255)
        d.ellipse((x1 - a1, y1 - a1, x1 + a1, y1 + a1), fill=255)

    def ell(x: float, y: float, rx: float, ry: float) -> None:
        cx, cy = pt(x, y)
        d.ellipse((cx - rx * H, cy - ry * H, cx + rx * H, cy + ry * H), fill=255)

    ell(0, 0.066, 0.046, 0.063)  # head
    limb((0, 0.11), (0, 0.16), 0.022, 0.024)  # neck
    if pose == 0:
        d.polygon(
            [pt(-0.112, 0.185), pt(0.112, 0.185), pt(0.086, 0.40), pt(0.098, 0.53), pt(-0.098, 0.53), pt(-0.086, 0.40)],
            fill=255,
        )  # coat
        ell(0, 0.205, 0.112, 0.045)  # rounded shoulders
        for sgn in (-1, 1):
            limb((sgn * 0.108, 0.215), (sgn * 0.13, 0.46), 0.026, 0.019)  # arm
            ell(sgn * 0.134, 0.482, 0.02, 0.028)  # hand
            limb((sgn * 0.05, 0.52), (sgn * 0.045, 0.955), 0.047, 0.026)  # leg
            ell(sgn * 0.052, 0.978, 0.04, 0.02)  # shoe
    else:
        d.polygon(
            [pt(-0.066, 0.21), pt(0.06, 0.21), pt(0.055, 0.4), pt(0.062, 0.53), pt(-0.058, 0.53), pt(-0.06, 0.4)],
            fill=255,
        )
        ell(-0.003, 0.215, 0.064, 0.045)
        limb((-0.01, 0.2), (-0.1, 0.45), 0.025, 0.018)  # back arm
        limb((0.01, 0.2), (0.1, 0.44), 0.025, 0.018)  # front arm
        limb((0.0, 0.52), (0.03, 0.73), 0.05, 0.036)  # front thigh
        limb((0.03, 0.73), (0.12, 0.955), 0.036, 0.024)  # front shin
        limb((0.0, 0.52), (-0.05, 0.74), 0.05, 0.036)  # back thigh
        limb((-0.05, 0.74), (-0.13, 0.95), 0.036, 0.024)  # back shin
        ell(0.15, 0.978, 0.045, 0.02)
        ell(-0.125, 0.972, 0.04, 0.021)
    return m.resize((max(1, w // SS), max(1, h)), Image.Resampling.BOX)


def _person(
    out: Image.Image, sc: _Scene, x_m: float, color: RGB = (44, 48, 56), pose: int = 0, ground_px: float | None = None
) -> None:
    h = max(2, iround(PERSON_HEIGHT_M * sc.ppm))
    m = _person_mask(h, pose)
    gy = sc.ground if ground_px is None else ground_px
    x = iround(sc.X(x_m) - m.width / 2)
    # a soft contact shadow, then the figure
    disc_w = m.width * 0.9
    sh = Image.new("L", (max(1, iround(disc_w)), max(1, iround(h * 0.03))), 0)
    ImageDraw.Draw(sh).ellipse((0, 0, sh.width - 1, sh.height - 1), fill=70)
    out.paste(
        (0, 0, 0),
        (
            iround(x + m.width / 2 - sh.width / 2),
            iround(gy - sh.height / 2),
            iround(x + m.width / 2 - sh.width / 2) + sh.width,
            iround(gy - sh.height / 2) + sh.height,
        ),
        sh,
    )
    paint(out, color, (x, iround(gy) - m.height, x + m.width, iround(gy)), m)


def _treeline(out: Image.Image, sc: _Scene, horizon: float, seed: int, color: RGB, height_m: float) -> None:
    """Distant hedgerows and trees: overlapping round canopies along the horizon."""
    rnd = random.Random(seed)
    draw = ImageDraw.Draw(out)
    draw.rectangle((0, horizon - height_m * 0.25 * sc.ppm, sc.w, horizon), fill=color)
    x = -rnd.random() * sc.ppm
    while x < sc.w + sc.ppm:
        r = height_m * sc.ppm * (0.3 + 0.4 * rnd.random()) * (1.4 if rnd.random() < 0.12 else 1.0)
        cy = horizon - r * (0.55 + 0.5 * rnd.random())
        draw.ellipse((x - r * 1.15, cy - r, x + r * 1.15, cy + r * 1.4), fill=color)
        x += r * (0.9 + rnd.random() * 1.6)


def _sky(sc: _Scene, horizon: float) -> Image.Image:
    img = vgrad(sc.w, sc.h, [(0, (118, 168, 214)), (max(0.01, horizon / sc.h), (214, 230, 240)), (1, (214, 230, 240))])
    # a few soft clouds, drawn small and blurred (cheap)
    q = 8
    m = Image.new("L", (max(1, sc.w // q), max(1, iround(horizon) // q + 1)), 0)
    d = ImageDraw.Draw(m)
    rnd = random.Random(11)
    for _ in range(5):
        cx, cy = rnd.random() * m.width, (0.15 + 0.45 * rnd.random()) * m.height
        rw, rh = (0.08 + 0.08 * rnd.random()) * m.width, 0.05 * m.width * (0.6 + 0.5 * rnd.random())
        for j in range(4):
            ox = (j - 1.5) * rw * 0.45
            d.ellipse(
                (cx + ox - rw * 0.5, cy - rh * (0.7 + 0.3 * (j % 2)), cx + ox + rw * 0.5, cy + rh * 0.5), fill=150
            )
    m = m.filter(ImageFilter.GaussianBlur(max(1.0, m.width / 120))).resize(
        (sc.w, iround(horizon) + 1), Image.Resampling.BILINEAR
    )
    paint(img, WHITE, (0, 0, sc.w, iround(horizon) + 1), m)
    return img


def _scale_note(out: Image.Image, sc: _Scene, text_s: str) -> None:
    """A small caption stating the sizes the scene is drawn to, on a translucent pill."""
    size = max(6.0, 0.011 * sc.w)
    draw = ImageDraw.Draw(out)
    tw = text_w(text_s, "ui", size)
    pad = size * 0.6
    x1, y1 = sc.w - size * 0.8, sc.h - size * 0.8
    rrect(out, (x1 - tw - 2 * pad, y1 - size * 1.7, x1, y1), size * 0.85, (0, 0, 0), 0.45)
    text_mid(draw, x1 - pad, y1 - size * 0.85, text_s, "ui", size, WHITE, anchor="r")


@scene("billboard-48", "billboard-96")
def billboard(campaign: Campaign, result: RenderResult) -> tuple[Image.Image, Rect]:
    fmt = result.format
    pw_m, ph_m = _size_m(fmt, (6.096, 3.048))
    wide = pw_m / ph_m > 3
    ref_w = 1150 if wide else 720  # poster px at the reference scene width
    poster = _poster(result.image, 1800 if wide else 1150)
    ppm = poster.width / pw_m
    k = poster.width / ref_w
    scene_w_m = pw_m * (1600 / ref_w)
    lift = 2.4  # poster bottom above the ground (m)
    sky_m = 1.5
    ground_m = sky_m + ph_m + lift + 0.35
    sc = _Scene(ppm, scene_w_m, ground_m + 1.6, ground_m)
    horizon = sc.Y(1.6)
    out = _sky(sc, horizon)
    _treeline(out, sc, horizon + 2, 5, (140, 160, 146), 0.8)
    _treeline(out, sc, horizon + 2, 9, (104, 130, 106), 0.5)
    # fields to the ground line, then a verge, kerb and road in front
    out.paste(
        vgrad(sc.w, iround(sc.ground - horizon) + 1, [(0, (146, 168, 112)), (1, (104, 138, 76))]), (0, iround(horizon))
    )
    road_top = sc.Y(-0.55)
    out.paste(
        vgrad(sc.w, iround(road_top - sc.ground) + 1, [(0, (98, 132, 70)), (1, (84, 116, 60))]), (0, iround(sc.ground))
    )
    out.paste((170, 170, 165), int_box((0, road_top, sc.w, sc.Y(-0.7))))
    out.paste(
        vgrad(sc.w, max(1, sc.h - iround(sc.Y(-0.7))), [(0, (88, 90, 94)), (1, (64, 66, 70))]), (0, iround(sc.Y(-0.7)))
    )
    dash_y = sc.Y(-1.25)
    x = 0.4
    while sc.X(x) < sc.w:
        out.paste((230, 230, 224), int_box((sc.X(x), dash_y, sc.X(x + 1.8), dash_y + max(1, 0.08 * ppm))))
        x += 4.5
    # the hoarding: two legs, a frame, the poster, lamps on the top edge
    px0 = (scene_w_m - pw_m) / 2 + (0.6 if not wide else 0)
    fr = 0.14
    frame_col = (46, 58, 52)
    for lx in (px0 + pw_m * 0.22, px0 + pw_m * 0.78):
        lw = 0.34
        out.paste((30, 33, 36), int_box(sc.box(lx - lw / 2 - 0.03, 0, lx + lw / 2 + 0.03, lift)))
        out.paste((72, 78, 84), int_box(sc.box(lx - lw / 2, 0, lx + lw / 2, lift - fr)))
        out.paste((104, 110, 116), int_box(sc.box(lx - lw / 2 + 0.05, 0, lx - lw / 2 + 0.11, lift - fr)))
        out.paste((150, 150, 146), int_box(sc.box(lx - 0.4, -0.05, lx + 0.4, 0.12)))  # concrete footing
        # a back brace
        out.paste((58, 62, 66), int_box(sc.box(px0 + pw_m * 0.1, lift - 0.55, px0 + pw_m * 0.9, lift - 0.45)))
    fb = sc.box(px0 - fr, lift - fr, px0 + pw_m + fr, lift + ph_m + fr)
    soft_shadow(out, fb, 0, 0.12 * ppm, 0.35, dy=0.06 * ppm)
    out.paste(frame_col, int_box(fb))
    out.paste((70, 86, 78), int_box((fb[0], fb[1], fb[2], fb[1] + max(1, 0.035 * ppm))))
    x0, y0 = iround(sc.X(px0)), iround(sc.Y(lift + ph_m))
    out.paste(poster, (x0, y0))
    rect = (x0, y0, x0 + poster.width, y0 + poster.height)
    # light wash from the lamps, strongest at the top edge
    shade(out, (rect[0], rect[1], rect[2], rect[1] + poster.height * 0.18), (255, 250, 230), 38, 0)
    n_lamps = 6 if wide else 3
    for j in range(n_lamps):
        lx = px0 + pw_m * (j + 0.5) / n_lamps
        top = lift + ph_m + fr
        out.paste((40, 44, 48), int_box(sc.box(lx - 0.03, top - 0.1, lx + 0.03, top + 0.3)))
        rrect(out, sc.box(lx - 0.4, top + 0.22, lx + 0.4, top + 0.4), 0.05 * ppm, (52, 56, 60))
        out.paste((255, 244, 200), int_box(sc.box(lx - 0.36, top + 0.22, lx + 0.36, top + 0.26)))
    out.paste((255, 246, 214), int_box((fb[0], fb[1], fb[2], fb[1] + max(1, 0.025 * ppm))))  # the lit edge
    # a person to scale by the left leg, another walking along the verge
    _person(out, sc, px0 + pw_m * 0.22 - 0.75, pose=0)
    _person(out, sc, px0 + pw_m + 1.6, color=(62, 60, 70), pose=1)
    _scale_note(out, sc, f"{pw_m:.2f} × {ph_m:.2f} m · person {PERSON_HEIGHT_M:.2f} m")
    del k
    return out, rect


def _street_backdrop(sc: _Scene, seed: int) -> Image.Image:
    """A sandstone street front behind a pavement: coursed stone, sash windows, a door; kerb and road."""
    ppm = sc.ppm
    out = Image.new("RGB", (sc.w, sc.h), (198, 183, 158))
    draw = ImageDraw.Draw(out)
    lw = max(1, iround(0.012 * ppm))
    hm = 0.0
    while sc.Y(hm) > 0:  # stone courses
        draw.line((0, sc.Y(hm), sc.w, sc.Y(hm)), fill=(180, 163, 138), width=lw)
        hm += 0.34
    out.paste((156, 144, 126), int_box((0, sc.Y(0.45), sc.w, sc.ground)))  # plinth course
    rnd = random.Random(seed)
    x = 0.25 + rnd.random() * 0.6
    n = 0
    while sc.X(x) < sc.w:
        if n % 3 == 2:  # a panelled door
            out.paste((228, 224, 216), int_box(sc.box(x - 0.06, 0, x + 1.06, 2.5)))
            out.paste((38, 52, 60), int_box(sc.box(x, 0, x + 1.0, 2.44)))
            for dx in (0.12, 0.56):
                out.paste((48, 64, 72), int_box(sc.box(x + dx, 0.25, x + dx + 0.32, 1.05)))
                out.paste((48, 64, 72), int_box(sc.box(x + dx, 1.25, x + dx + 0.32, 2.2)))
        else:  # a sash window with sill and lintel
            out.paste((214, 202, 180), int_box(sc.box(x - 0.12, 0.84, x + 1.12, 0.94)))
            out.paste((214, 202, 180), int_box(sc.box(x - 0.08, 2.62, x + 1.08, 2.78)))
            out.paste((236, 232, 224), int_box(sc.box(x, 0.94, x + 1.0, 2.62)))
            g = int_box(sc.box(x + 0.06, 1.0, x + 0.94, 2.56))
            out.paste(vgrad(g[2] - g[0], g[3] - g[1], [(0, (66, 80, 94)), (1, (112, 126, 138))]), g[:2])
            out.paste((236, 232, 224), int_box(sc.box(x, 1.75, x + 1.0, 1.81)))
            out.paste((236, 232, 224), int_box(sc.box(x + 0.48, 1.0, x + 0.52, 2.56)))
        x += 2.0 + rnd.random() * 0.5
        n += 1
    # pavement slabs, kerb, road
    depth = sc.h / ppm - sc.ground / ppm
    kerb = -depth * 0.72
    out.paste(
        vgrad(sc.w, iround(sc.Y(kerb) - sc.ground) + 1, [(0, (170, 168, 162)), (1, (196, 194, 188))]),
        (0, iround(sc.ground)),
    )
    yy, step = sc.ground + 0.1 * ppm, 0.14 * ppm
    while yy < sc.Y(kerb) - 2:
        draw.line((0, yy, sc.w, yy), fill=(156, 154, 148), width=lw)
        step *= 1.45
        yy += step
    out.paste((150, 150, 146), int_box((0, sc.Y(kerb), sc.w, sc.Y(kerb - 0.1))))
    out.paste((84, 86, 90), int_box((0, sc.Y(kerb - 0.1), sc.w, sc.h)))
    return out


@scene("bus-shelter")
def bus_shelter(campaign: Campaign, result: RenderResult) -> tuple[Image.Image, Rect]:
    fmt = result.format
    pw_m, ph_m = _size_m(fmt, (1.2, 1.8))
    poster = _poster(result.image, 720)
    ppm = poster.width / pw_m
    scene_w_m, scene_h_m = 5.0, 3.45
    sc = _Scene(ppm, scene_w_m, scene_h_m, 2.85)
    out = _street_backdrop(sc, 3)
    # shelter: two glass bays with a roof, the advertising panel as the right-hand end
    sx0, bay = 0.3, 1.12
    roof_h = 2.45
    panel_x0 = sx0 + 2 * bay + 0.05
    panel = (panel_x0, 0.35, panel_x0 + pw_m + 0.2, 0.35 + ph_m + 0.2)  # metres: x0, h0, x1, h1
    alu = (184, 188, 192)
    # glass panes: a translucent tint and an edge highlight
    for b in range(2):
        gx = sx0 + b * bay
        g = int_box(sc.box(gx + 0.06, 0.12, gx + bay - 0.02, roof_h - 0.05))
        tint = vgrad(g[2] - g[0], g[3] - g[1], [(0, (238, 246, 250)), (1, (206, 224, 234))])
        out.paste(tint, g[:2], Image.new("L", tint.size, 96))
        out.paste(alu, int_box(sc.box(gx, 0, gx + 0.06, roof_h)))
        out.paste(alu, int_box(sc.box(gx, 0.1, gx + bay, 0.14)))
    # bench and timetable case
    out.paste((120, 124, 130), int_box(sc.box(sx0 + 0.3, 0.48, sx0 + 2 * bay - 0.3, 0.54)))
    out.paste((100, 104, 110), int_box(sc.box(sx0 + 0.5, 0.0, sx0 + 0.56, 0.48)))
    out.paste((100, 104, 110), int_box(sc.box(sx0 + 2 * bay - 0.56, 0.0, sx0 + 2 * bay - 0.5, 0.48)))
    out.paste((40, 44, 50), int_box(sc.box(sx0 + 0.25, 1.1, sx0 + 0.75, 1.75)))
    out.paste((236, 236, 230), int_box(sc.box(sx0 + 0.28, 1.13, sx0 + 0.72, 1.72)))
    for r in range(6):
        out.paste((160, 162, 166), int_box(sc.box(sx0 + 0.32, 1.62 - r * 0.08, sx0 + 0.68, 1.64 - r * 0.08)))
    # the advertising panel: aluminium housing, backlit poster
    hb = sc.box(panel[0] - 0.04, 0, panel[2] + 0.04, panel[3] + 0.04)
    soft_shadow(out, hb, 0.03 * ppm, 0.1 * ppm, 0.35, dy=0.03 * ppm)
    out.paste(
        vgrad(iround(hb[2] - hb[0]), iround(hb[3] - hb[1]), [(0, (206, 210, 214)), (1, (160, 164, 168))]),
        (iround(hb[0]), iround(hb[1])),
    )
    out.paste((120, 124, 128), int_box(sc.box(panel[0] + 0.02, panel[1] - 0.02, panel[2] - 0.02, panel[3] - 0.02)))
    x0, y0 = iround(sc.X(panel[0] + 0.1)), iround(sc.Y(panel[3] - 0.1))
    gl = 0.012 * ppm
    out.paste((250, 248, 236), int_box((x0 - gl, y0 - gl, x0 + poster.width + gl, y0 + poster.height + gl)))
    out.paste(poster, (x0, y0))
    rect = (x0, y0, x0 + poster.width, y0 + poster.height)
    # roof over everything
    rb = sc.box(sx0 - 0.25, roof_h, panel[2] + 0.3, roof_h + 0.14)
    out.paste((60, 64, 70), int_box(rb))
    out.paste((96, 100, 106), int_box((rb[0], rb[3] - max(1, 0.03 * ppm), rb[2], rb[3])))
    out.paste(alu, int_box(sc.box(panel[2] - 0.02, panel[3] + 0.04, panel[2] + 0.04, roof_h)))
    # people to scale
    _person(out, sc, panel[2] + 0.5, pose=0)
    _person(out, sc, sx0 + 0.95, color=(70, 66, 76), pose=1)
    _scale_note(out, sc, f"{pw_m:.2f} × {ph_m:.2f} m · person {PERSON_HEIGHT_M:.2f} m")
    return out, rect


@scene("d6-screen")
def d6_screen(campaign: Campaign, result: RenderResult) -> tuple[Image.Image, Rect]:
    sw_m, sh_m = _size_m(result.format, D6_SCREEN_M)
    poster = _poster(result.image, 520)
    ppm = poster.width / sw_m
    sc = _Scene(ppm, 3.6, 3.05, 2.55)
    out = _street_backdrop(sc, 8)
    sx0 = (3.6 - sw_m) / 2 + 0.2
    bottom = 0.62
    housing = (sx0 - 0.07, bottom - 0.09, sx0 + sw_m + 0.07, bottom + sh_m + 0.1)
    # plinth / pole to the ground
    out.paste((30, 32, 35), int_box(sc.box(sx0 + sw_m / 2 - 0.16, 0.0, sx0 + sw_m / 2 + 0.16, housing[1] + 0.01)))
    out.paste((150, 150, 146), int_box(sc.box(sx0 + sw_m / 2 - 0.3, -0.03, sx0 + sw_m / 2 + 0.3, 0.05)))
    hb = sc.box(*housing)
    soft_shadow(out, hb, 0.04 * ppm, 0.1 * ppm, 0.4, dy=0.03 * ppm)
    rrect(out, hb, 0.045 * ppm, (22, 23, 26))
    rrect(
        out,
        (hb[0] + 0.012 * ppm, hb[1] + 0.012 * ppm, hb[2] - 0.012 * ppm, hb[3] - 0.012 * ppm),
        0.035 * ppm,
        (12, 12, 14),
    )
    x0, y0 = iround(sc.X(sx0)), iround(sc.Y(bottom + sh_m))
    out.paste(poster, (x0, y0))
    rect = (x0, y0, x0 + poster.width, y0 + poster.height)
    # glare: a faint diagonal sheen across the upper left of the glass
    gw, gh = poster.size
    q = 4
    g = Image.new("L", (max(1, gw // q), max(1, gh // q)), 0)
    ImageDraw.Draw(g).polygon([(0, 0), (g.width * 0.62, 0), (0, g.height * 0.42)], fill=30)
    g = g.filter(ImageFilter.GaussianBlur(max(0.5, g.width / 40))).resize((gw, gh), Image.Resampling.BILINEAR)
    paint(out, WHITE, rect, g)
    # a small sensor / logo-free badge under the screen
    disc(out, sc.X(sx0 + sw_m / 2), sc.Y(bottom - 0.045), 0.012 * ppm, (70, 72, 76))
    _person(out, sc, sx0 + sw_m + 0.55, pose=0)
    _person(out, sc, sx0 - 0.6, color=(70, 66, 76), pose=1)
    _scale_note(out, sc, f"{sw_m:.2f} × {sh_m:.2f} m screen · person {PERSON_HEIGHT_M:.2f} m")
    return out, rect
