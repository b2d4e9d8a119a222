"""The one renderer: (campaign, message, format, scale) -> pixels plus where everything went.

Every face of the product calls this: the GUI preview (at screen scale), thumbnails, export (at
full size), the checks (which read the layout boxes and pixels it returns) and the sign-off sheet.
So what a reviewer approves is exactly what is exported.

Everything is placed in units of the canvas, so any format renders at any scale: a 96-sheet
(14400x3600) renders at preview scale in milliseconds and at full size for print.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any

from PIL import Image, ImageDraw

from ..model.platforms import registry
from ..model.types import Campaign, Format, Layout, Message, TextSlot
from ..model.variants import ResolvedCopy, resolve_message
from . import text as textmod
from .blocks import Planned, plan_text
from .colour import hex_rgb as _hex
from .colour import luminance
from .compose import glow_mask, paste
from .face import render_face, visible_crack_px
from .face_edge import ring_layer
from .placement import FRect, box_f, face_ink, place_logo
from .recording import Recording, RecordingDraw

Rect = tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels of the render


class RenderError(Exception):
    """Something in the campaign cannot be drawn (unknown id, an emoji with no artwork...)."""


@dataclass(frozen=True)
class Line:
    text: str
    ink: Rect | None  # the pixels the glyphs cover (None for a blank line)


@dataclass(frozen=True)
class TextBlock:
    """One text role as set: its box, chosen size, lines and what went wrong."""

    role: str
    text: str
    box: Rect  # the layout's box for it
    size_px: int  # font size in render pixels
    cap_px: int  # height of a capital letter in render pixels
    lines: tuple[Line, ...]
    overflow: bool
    missing: tuple[str, ...]  # clusters no bundled font can draw
    pill: Rect | None = None  # the call-to-action button, when drawn
    min_px: int = 0
    fill: str = ""  # the colour the glyphs were drawn in (#RRGGBB)

    @property
    def ink(self) -> Rect | None:
        """Everything this block puts on the image: glyph ink and its button."""
        boxes = [ln.ink for ln in self.lines if ln.ink] + ([self.pill] if self.pill else [])
        if not boxes:
            return None
        return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


@dataclass(frozen=True)
class RenderResult:
    image: Image.Image  # RGB, exactly the format's size x scale
    campaign_id: str
    message_id: str
    format: Format
    layout_id: str
    scale: float
    safe: Rect  # the safe area in render pixels
    face: Rect  # the face's square
    texts: tuple[TextBlock, ...]
    language: str = ""  # the language rendered ("" only for results made by hand)
    copy: ResolvedCopy | None = None  # every copy field as rendered, and where each came from
    face_ink: Rect | None = None  # the face's art inside its square (a hat reaches further than a disc)
    logo: Rect | None = None  # where the partner logo went (None: no logo on this render)

    def block(self, role: str) -> TextBlock | None:
        for t in self.texts:
            if t.role == role:
                return t
        return None


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    r, g, b_ = (round(x + (y - x) * t) for x, y in zip(a, b, strict=True))
    return r, g, b_


def _background(w: int, h: int, top: str, bottom: str) -> Image.Image:
    """A vertical gradient: one column computed, then stretched (cheap at poster size).

    Screen-size grounds are cached (a copy is returned, since the engine draws on it): previews,
    thumbnails and animation frames redraw the same ground many times.
    """
    if w * h <= 4_000_000:
        return _background_cached(w, h, top, bottom).copy()
    return _make_background(w, h, top, bottom)


@lru_cache(maxsize=32)
def _background_cached(w: int, h: int, top: str, bottom: str) -> Image.Image:
    return _make_background(w, h, top, bottom)


def _make_background(w: int, h: int, top: str, bottom: str, rows: tuple[int, int] | None = None) -> Image.Image:
    """The ground, or only its rows y0..y1 (a region render): the same colour per row either way."""
    a, b = _hex(top), _hex(bottom)
    y0, y1 = rows or (0, h)
    col = Image.new("RGB", (1, y1 - y0))
    col.putdata([_mix(a, b, y / max(1, h - 1)) for y in range(y0, y1)])
    return col.resize((w, y1 - y0), Image.Resampling.NEAREST)


@lru_cache(maxsize=8)
def _placed_logo(path: str, mtime_ns: int, bw: int, bh: int) -> Image.Image:
    """The logo decoded and scaled to fit a bw x bh box: only the placed copy is kept.

    The declared size is checked before a pixel is decoded; a JPEG is decoded straight at about
    the placed size (draft), a PNG is reduced by whole factors before the LANCZOS resize, so a
    logo costs its placed size in the cache and at most its capped declared size for a moment.
    """
    from ..base.inputs import open_regular
    from ..model.campaign_files import MAX_LOGO_PIXELS, MAX_LOGO_SIDE

    with open_regular(path, "logo") as fh, Image.open(fh) as im:
        sw, sh = im.size
        if sw > MAX_LOGO_SIDE or sh > MAX_LOGO_SIDE or sw * sh > MAX_LOGO_PIXELS:
            raise RenderError(f"{path}: the logo is {sw}x{sh}, past the logo caps; scale it down")
        k = min(bw / sw, bh / sh)
        w, h = max(1, round(sw * k)), max(1, round(sh * k))
        if im.format == "JPEG":
            im.draft("RGB", (w, h))
        im.load()
        src: Image.Image = im if im.mode in ("RGB", "RGBA", "L", "LA") else im.convert("RGBA")
        factor = min(src.width // w, src.height // h) // 2
        if factor >= 2:  # shrink in the file's own mode first: no full-size RGBA copy
            src = src.reduce(factor)
        src = src.convert("RGBA")
    return src.resize((w, h), Image.Resampling.LANCZOS)


def _safe_rect(fmt: Format, w: int, h: int) -> Rect:
    sx, sy = w / fmt.width, h / fmt.height
    s = fmt.safe
    return (round(s.left * sx), round(s.top * sy), w - round(s.right * sx), h - round(s.bottom * sy))


def _px(r: FRect, scale: float) -> Rect:
    """A format-unit rectangle in whole render pixels (the same rounding everywhere)."""
    return round(r[0] * scale), round(r[1] * scale), round(r[2] * scale), round(r[3] * scale)


def _clip(r: Rect, to: Rect) -> Rect:
    return max(r[0], to[0]), max(r[1], to[1]), min(r[2], to[2]), min(r[3], to[3])


def _set_text(
    img: Image.Image | None,
    p: Planned,
    scale: float,
    canvas: Rect,
    draw: ImageDraw.ImageDraw | None = None,
    origin: tuple[int, int] = (0, 0),
) -> TextBlock:
    """Rasterise a planned block at `scale` (or only measure it when img is None).

    Nothing leaves the block's box: ink that would (a tall accent from a fallback font, an
    emoji's art) is clipped to the box, and the block is reported as overflowing. With an
    `origin`, `img` is the part of the canvas from there (a region render, render/region.py).
    """
    role = p.slot.role
    box = _clip(_px(p.box, scale), canvas)
    size = p.fit.size * scale
    pill = _px(p.pill, scale) if p.pill else None
    xs = [x * scale for x in p.xs]
    bls = [b * scale for b in p.baselines]
    inks = [
        textmod.line_ink(x, b, ln, role, size, p.rtl, p.keep) for ln, x, b in zip(p.fit.lines, xs, bls, strict=True)
    ]
    # Side bearings and accents may reach a pixel past the advance box the layout placed: nudge
    # such a line (or the block) back inside when there is room, so only real overflow is cut.
    for i, ink in enumerate(inks):
        if ink and ink[2] - ink[0] <= box[2] - box[0]:
            dx = box[0] - ink[0] if ink[0] < box[0] else box[2] - ink[2] if ink[2] > box[2] else 0
            if dx:
                xs[i] += dx
                inks[i] = (ink[0] + dx, ink[1], ink[2] + dx, ink[3])
    present = [i for i in inks if i]
    if present:
        top, bottom = min(i[1] for i in present), max(i[3] for i in present)
        dy = box[1] - top if top < box[1] else box[3] - bottom if bottom > box[3] else 0
        if dy and bottom - top <= box[3] - box[1]:
            bls = [b + dy for b in bls]
            inks = [(i[0], i[1] + dy, i[2], i[3] + dy) if i else None for i in inks]

    def beyond(tol: float) -> bool:
        return any(
            i and (i[0] < box[0] - tol or i[1] < box[1] - tol or i[2] > box[2] + tol or i[3] > box[3] + tol)
            for i in inks
        )

    # A glyph's overshoot (a round letter's bearing, anti-aliasing) is trimmed silently; more than
    # that is text that does not fit, cut and reported.
    escapes = beyond(max(1.0, 0.04 * size))
    clip = escapes or beyond(0)
    recorded = isinstance(draw, RecordingDraw)
    if img is not None and origin != (0, 0):
        from .region import draw_block

        draw_block(img, origin, p, xs, bls, inks, size, pill, box, clip)
    elif img is not None:
        target, dx, dy = img, 0, 0
        if clip and not recorded:  # print records vectors: nothing to clip there
            target, dx, dy = img.crop(box), box[0], box[1]
            draw = ImageDraw.Draw(target)
        elif draw is None:
            draw = ImageDraw.Draw(target)
        if pill and pill[2] - pill[0] >= 2 and pill[3] - pill[1] >= 2:
            draw.rounded_rectangle(
                (pill[0] - dx, pill[1] - dy, pill[2] - dx - 1, pill[3] - dy - 1),
                radius=(pill[3] - pill[1]) / 2,
                fill=p.pill_fill,
            )
        for ln, x, b in zip(p.fit.lines, xs, bls, strict=True):
            textmod.draw_line(draw, x - dx, b - dy, ln, role, size, p.fill, p.rtl, p.keep)
        if target is not img:
            img.paste(target, box[:2])
    if clip:
        inks = [_clip(i, box) if i else None for i in inks]
        inks = [i if i and i[2] > i[0] and i[3] > i[1] else None for i in inks]
    from . import fonts

    _, missing = fonts.runs(textmod.clean(p.text), role)
    return TextBlock(
        role=role,
        text=p.text,
        box=box,
        size_px=max(1, round(size)),
        cap_px=textmod.cap_height(role, size),
        lines=tuple(Line(ln, ink) for ln, ink in zip(p.fit.lines, inks, strict=True)),
        overflow=p.fit.overflow or escapes,
        missing=missing,
        pill=pill,
        min_px=max(1, round(p.min_px * scale)),
        fill=p.fill,
    )


def _draw_logo(img: Image.Image, path: str, rect: Rect, recording: Recording | None = None) -> None:
    """The partner logo at its placed rectangle (decoded and scaled once, only that copy kept)."""
    import os

    w, h = max(1, rect[2] - rect[0]), max(1, rect[3] - rect[1])
    try:
        logo = _placed_logo(path, os.stat(path).st_mtime_ns, w, h)
    except RenderError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged file raises many types inside Pillow
        raise RenderError(f"{path}: cannot read the logo ({type(exc).__name__}: {str(exc)[:80]})") from None
    paste(img, logo, rect[:2], logo, recording)


@lru_cache(maxsize=8)
def _logo_header(path: str, mtime_ns: int) -> tuple[int, int]:
    from ..base.inputs import open_regular

    with open_regular(path, "logo") as fh, Image.open(fh) as im:
        return im.size


def _logo_size(path: str) -> tuple[int, int]:
    """The logo's declared size (its header only: placing it needs the aspect, not the pixels)."""
    import os

    try:
        return _logo_header(path, os.stat(path).st_mtime_ns)
    except Exception as exc:  # noqa: BLE001 - a damaged file raises many types inside Pillow
        raise RenderError(f"{path}: cannot read the logo ({type(exc).__name__}: {str(exc)[:80]})") from None


def _content(message: Message, slot: TextSlot) -> str:
    src = slot.source or slot.role
    return message.text_for(src) if src != "slogan" else message.slogan


def check_canvas(fmt: Format, scale: float, w: int, h: int) -> None:
    """Refuse, before allocating, a canvas past the pixel cap (any scale, any caller)."""
    from ..model.loader import MAX_PIXELS, MAX_SIDE_PX

    if w > MAX_SIDE_PX or h > MAX_SIDE_PX or w * h > MAX_PIXELS:
        fit = min(MAX_SIDE_PX / fmt.width, MAX_SIDE_PX / fmt.height, (MAX_PIXELS / (fmt.width * fmt.height)) ** 0.5)
        raise RenderError(
            f"at scale {scale:g}, {fmt.id} would be {w}x{h} px ({w * h / 1e6:.0f} MP), past the engine's cap of "
            f"{MAX_SIDE_PX} px a side and {MAX_PIXELS / 1e6:.0f} MP; use a scale of at most {int(fit * 100) / 100:g}"
        )


def render_message(
    campaign: Campaign,
    message: Message,
    fmt: Format,
    scale: float = 1.0,
    language: str | None = None,
    crack_progress: float | None = None,
    *,
    recording: Recording | None = None,
    hide: frozenset[str] = frozenset(),
) -> RenderResult:
    """Render a message (possibly not yet in the campaign) on a format, in a language (default:
    the campaign's first), with the copy that language, platform and format resolve to.

    ``hide`` leaves out the text roles it names (an animation's frames before the slogan or the
    call to action appear); everything else stays where the still has it.

    ``crack_progress`` (0.0 intact .. 3.0 shattered) draws the face at any instant of its
    cracking instead of the message's stage (None): the stages are keyframes of one progression
    with the message's seed, so ``crack_progress=2.0`` is exactly ``crack_stage: 2``, and any
    instant renders deterministically (the frames of an animation).

    With `recording`, the render is taken apart for print (see render/recording.py): nothing is
    painted (`image` is None); the art, the outline text and the buttons are appended to
    `recording`, and what must stay pixels comes from `recording.leftovers()`.
    """
    return _render(campaign, message, fmt, scale, True, language, recording, crack_progress, hide)


def layout_message(
    campaign: Campaign, message: Message, fmt: Format, scale: float = 1.0, language: str | None = None
) -> RenderResult:
    """Where everything goes at `scale`, exactly as render_message puts it, without the pixels
    (`image` is None): cheap enough to lay out a 96-sheet at full size in milliseconds."""
    return _render(campaign, message, fmt, scale, False, language)


def _render(
    campaign: Campaign,
    message: Message,
    fmt: Format,
    scale: float,
    paint: bool,
    language: str | None = None,
    recording: Recording | None = None,
    crack_progress: float | None = None,
    hide: frozenset[str] = frozenset(),
    region: Rect | None = None,
) -> RenderResult:
    """The one render; with `region` (x0, y0, x1, y1 in render pixels) only that part of the
    canvas is painted, pixel for pixel as the full render has it (render/region.py)."""
    if not (0 < scale <= 4):
        raise RenderError(f"scale {scale} is out of range; use a value above 0 and at most 4")
    try:
        copy = resolve_message(campaign, message, fmt, language)
    except KeyError:
        raise RenderError(f"unknown language '{language}'; the campaign has: {', '.join(campaign.languages)}") from None
    message = copy.apply(message)
    try:
        layout: Layout = campaign.layout_for(fmt)
    except KeyError as exc:
        raise RenderError(f"no layout for format {fmt.id}: {exc}") from None
    # Every decision is made in format units (the format at 1x); only drawing uses the scale.
    W, H = fmt.width, fmt.height
    w, h = fmt.size_at(scale)
    if paint:
        check_canvas(fmt, scale, w, h)
    sx = w / W  # == scale but for the 1 px floor of tiny thumbnails
    sr = _safe_rect(fmt, W, H)
    safe1: FRect = (float(sr[0]), float(sr[1]), float(sr[2]), float(sr[3]))
    short1 = min(W, H)
    brand = campaign.brand
    canvas = (0, 0, w, h)

    fb = box_f(layout.face, safe1)
    fw, fh = fb[2] - fb[0], fb[3] - fb[1]
    side1 = max(1.0, min(fw, fh))
    fx, fy = fb[0] + (fw - side1) / 2, fb[1] + (fh - side1) / 2
    if layout.face_align == "left":
        fx = fb[0]
    elif layout.face_align == "right":
        fx = fb[2] - side1
    elif layout.face_align == "top":
        fy = fb[1]
    elif layout.face_align == "bottom":
        fy = fb[3] - side1
    side = max(1, round(side1 * sx))
    face_rect = (round(fx * sx), round(fy * sx), round(fx * sx) + side, round(fy * sx) + side)
    fm = message.face
    try:
        # The art's reach at the furthest stage this render shows (shards drift as it cracks).
        stage = fm.crack_stage if crack_progress is None else min(3, max(0, math.ceil(crack_progress)))
        ink = face_ink(fm.emoji, stage, fm.seed)
    except ValueError as exc:
        raise RenderError(f"message '{message.id}': {exc}") from None
    face_ink1 = (fx + ink[0] * side1, fy + ink[1] * side1, fx + ink[2] * side1, fy + ink[3] * side1)

    keep = campaign.keep_together
    planned: list[Planned] = []
    for slot in layout.texts:
        if slot.role in hide:
            continue
        content = _content(message, slot)
        if not content.strip():
            continue
        box = box_f(slot.box, safe1)
        fill = getattr(brand, registry().role_colour(slot.role))  # templates/platforms.yaml text_roles
        pill_fill = brand.cta_background if slot.pill else None
        p = plan_text(slot, content, box, short1, keep, fill, pill_fill)
        if slot.fallback and p.fit.overflow and message.text_for(slot.fallback).strip():
            p = plan_text(slot, message.text_for(slot.fallback), box, short1, keep, fill, pill_fill)
        planned.append(p)

    logo1 = None
    if brand.logo and layout.logo is not None:
        logo1 = place_logo(_logo_size(brand.logo), layout, safe1, W, H, [face_ink1, *[p.extent for p in planned]])
    logo_rect = _px(logo1, sx) if logo1 else None

    img: Any = None  # an image, or the RecordingDraw that stands in for it while recording
    draw: Any = None
    ox, oy = region[:2] if region else (0, 0)  # the painted image starts there on the canvas
    if paint:
        if region is not None:
            from . import region as part

            img = part.background(region, h, brand.background, brand.background_2)
            draw = ImageDraw.Draw(img)
        elif recording is None:
            img = _background(w, h, brand.background, brand.background_2)
            draw = ImageDraw.Draw(img)
        else:
            img = draw = RecordingDraw((w, h), recording)  # records; allocates no frame (render/recording.py)
        if side >= 8:
            # A soft light behind the face lifts it off the dark ground.
            gs = int(side * 1.5)
            gx, gy = face_rect[0] + side // 2 - gs // 2, face_rect[1] + side // 2 - gs // 2
            mask = glow_mask(gs) if region is None else part.glow(region, (gx, gy, gx + gs, gy + gs))
            if mask is not None:  # a colour: no layer
                paste(img, _hex(brand.accent), (gx - ox, gy - oy, gx + gs - ox, gy + gs - oy), mask, recording)
        fx0, fy0 = face_rect[:2]
        try:
            draw_face = partial(
                render_face,
                fm.emoji,
                side,
                fm.crack_stage,
                fm.seed,
                progress=crack_progress,
                min_crack_px=visible_crack_px(fmt, scale),
            )
            # A region draws only a face it shows, and keeps it for the next region.
            face_img = draw_face() if region is None else part.face(region, face_rect, draw_face)
            ground = _mix(_hex(brand.background), _hex(brand.background_2), (fy0 + side / 2) / max(1, h - 1))
            ring = ring_layer(fm.emoji, fm.ring, side, ground)
        except ValueError as exc:
            raise RenderError(f"message '{message.id}': {exc}") from None
        if ring is not None:  # the optional outline or shadow, under the face
            layer, off = ring
            paste(img, layer, (fx0 - off - ox, fy0 - off - oy), layer, recording)
        if face_img is not None:
            paste(img, face_img, (fx0 - ox, fy0 - oy), face_img, recording)
        del face_img
        if logo_rect:
            _draw_logo(
                img, brand.logo, (logo_rect[0] - ox, logo_rect[1] - oy, logo_rect[2] - ox, logo_rect[3] - oy), recording
            )
    blocks = tuple(_set_text(img, p, sx, canvas, draw, (ox, oy)) for p in planned)

    if draw is not None and fmt.border_on_white and luminance(_hex(brand.background)) > 0.85:
        # Google: an image ad on a white ground needs a visible border.
        draw.rectangle((-ox, -oy, w - 1 - ox, h - 1 - oy), outline=(128, 128, 128), width=max(1, round(scale)))
    return RenderResult(
        image=img if recording is None else None,  # type: ignore[arg-type]
        campaign_id=campaign.id,
        message_id=message.id,
        format=fmt,
        layout_id=layout.id,
        scale=scale,
        safe=_safe_rect(fmt, w, h),
        face=face_rect,
        texts=blocks,
        language=copy.language,
        copy=copy,
        face_ink=_clip(_px(face_ink1, sx), canvas),
        logo=logo_rect,
    )


def render_detailed(
    campaign: Campaign,
    message_id: str,
    format_id: str,
    scale: float = 1.0,
    language: str | None = None,
    crack_progress: float | None = None,
) -> RenderResult:
    """A message of the campaign on one of its formats; ``language`` and ``crack_progress`` as in
    :func:`render_message`."""
    try:
        message = campaign.message(message_id)
    except KeyError:
        raise RenderError(
            f"unknown message '{message_id}'; the campaign has: {', '.join(campaign.message_ids)}"
        ) from None
    try:
        fmt = campaign.format(format_id)
    except KeyError:
        raise RenderError(f"unknown format '{format_id}'; run 'main.py formats' for the list") from None
    return render_message(campaign, message, fmt, scale, language, crack_progress)


def render(
    campaign: Campaign,
    message_id: str,
    format_id: str,
    scale: float = 1.0,
    language: str | None = None,
    crack_progress: float | None = None,
) -> Image.Image:
    """The image alone: exactly the format's pixel size x scale, RGB.

    ``language``: None renders the campaign's default language. ``crack_progress``: None draws
    the message's crack stage; a float in 0.0..3.0 draws that instant of the face cracking (stage
    k is progress k), e.g. ``render(campaign, "family", "snapchat-snap-ad", 0.5, crack_progress=1.5)``.
    """
    return render_detailed(campaign, message_id, format_id, scale, language, crack_progress).image


def localized(campaign: Campaign, result: RenderResult) -> Campaign:
    """The campaign as this render saw it: its message, brand name and url in the render's
    language and placement (for mockups and checks, which read copy from the campaign)."""
    if result.copy is None:
        return campaign
    from dataclasses import replace

    out = campaign
    brand_name, url = result.copy.text("brand_name"), result.copy.text("url")
    if (brand_name, url) != (campaign.brand_name, campaign.url):
        out = replace(out, brand_name=brand_name, url=url)
    try:
        message = campaign.message(result.message_id)
    except KeyError:
        return out
    local = result.copy.apply(message)
    return out if local is message else out.with_message(local)


def fit_scale(fmt: Format, max_w: int, max_h: int) -> float:
    """The scale at which a format fits a max_w x max_h area (for previews and thumbnails)."""
    return min(max_w / fmt.width, max_h / fmt.height, 4.0)
