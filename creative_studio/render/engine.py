"""The one renderer: (campaign, message, format, scale) -> pixels plus where everything went.

Every face of the product calls this: the GUI preview (at screen scale), thumbnails, export (at
full size), the checks (which read the layout boxes and pixels it returns) and the sign-off sheet.
So what a reviewer approves is exactly what is exported.

Everything is placed in units of the canvas, so any format renders at any scale: a 96-sheet
(14400x3600) renders at preview scale in milliseconds and at full size for print.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFilter

from ..model.platforms import registry
from ..model.types import Campaign, Format, Layout, Message, TextSlot
from ..model.variants import ResolvedCopy, resolve_message
from . import text as textmod
from .colour import hex_rgb as _hex
from .colour import luminance
from .face import render_face, visible_crack_px
from .face_edge import ring_layer
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
    face: Rect
    texts: tuple[TextBlock, ...]
    language: str = ""  # the language rendered ("" only for results made by hand)
    copy: ResolvedCopy | None = None  # every copy field as rendered, and where each came from

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


def _make_background(w: int, h: int, top: str, bottom: str) -> Image.Image:
    a, b = _hex(top), _hex(bottom)
    col = Image.new("RGB", (1, h))
    col.putdata([_mix(a, b, y / max(1, h - 1)) for y in range(h)])
    return col.resize((w, h), Image.Resampling.NEAREST)


def _glow_mask(size: int) -> Image.Image:
    """A soft round light: a blurred disc drawn small, then scaled (cheap at any size).

    Screen-size masks are cached for the preview; print-size ones (20 MB at a 96-sheet) are not.
    """
    return _glow_mask_cached(size) if size <= 1600 else _make_glow_mask(size)


@lru_cache(maxsize=16)
def _glow_mask_cached(size: int) -> Image.Image:
    return _make_glow_mask(size)


def _make_glow_mask(size: int) -> Image.Image:
    small = Image.new("L", (128, 128), 0)
    ImageDraw.Draw(small).ellipse((24, 24, 104, 104), fill=64)
    small = small.filter(ImageFilter.GaussianBlur(14))
    return small.resize((size, size), Image.Resampling.BILINEAR)


@lru_cache(maxsize=8)
def _placed_logo(path: str, mtime_ns: int, bw: int, bh: int) -> Image.Image:
    """The logo decoded and scaled to fit a bw x bh box: only the placed copy is kept.

    The declared size is checked before a pixel is decoded; a JPEG is decoded straight at about
    the placed size (draft), a PNG is reduced by whole factors before the LANCZOS resize, so a
    logo costs its placed size in the cache and at most its capped declared size for a moment.
    """
    from ..base.inputs import open_regular
    from ..model.loader import MAX_LOGO_PIXELS, MAX_LOGO_SIDE

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


def _paste(img: Image.Image, src, box, mask: Image.Image, recording: Recording | None = None) -> None:
    """Paste through a mask (recorded instead when rendering for print)."""
    if recording is not None:
        recording.paste(src, box, mask)
        return
    if img.mode != "RGBA":
        img.paste(src, box, mask)
        return
    if isinstance(src, tuple):
        layer = Image.new("RGBA", mask.size, src)
        layer.putalpha(mask)
    else:
        layer = src if src.mode == "RGBA" else src.convert("RGBA")
        if mask is not src:
            layer = layer.copy()
            layer.putalpha(mask)
    x, y = int(box[0]), int(box[1])
    # alpha_composite takes no negative offsets: cut off what lies left of or above the canvas.
    cx, cy = max(0, -x), max(0, -y)
    if cx >= layer.width or cy >= layer.height:
        return
    img.alpha_composite(layer, (x + cx, y + cy), (cx, cy))


def _draw_logo(img: Image.Image, path: str, box: Rect, align: str, recording: Recording | None = None) -> None:
    """The partner logo, scaled to fit its box (never stretched), aligned right by default."""
    import os

    bw, bh = box[2] - box[0], box[3] - box[1]
    try:
        logo = _placed_logo(path, os.stat(path).st_mtime_ns, max(1, bw), max(1, bh))
    except RenderError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged file raises many types inside Pillow
        raise RenderError(f"{path}: cannot read the logo ({type(exc).__name__}: {str(exc)[:80]})") from None
    w, h = logo.size
    x = box[0] if align == "left" else box[2] - w if align == "right" else box[0] + (bw - w) // 2
    _paste(img, logo, (x, box[1] + (bh - h) // 2), logo, recording)


def _safe_rect(fmt: Format, w: int, h: int) -> Rect:
    sx, sy = w / fmt.width, h / fmt.height
    s = fmt.safe
    return (round(s.left * sx), round(s.top * sy), w - round(s.right * sx), h - round(s.bottom * sy))


def _box_px(box, safe: Rect) -> Rect:
    sw, sh = safe[2] - safe[0], safe[3] - safe[1]
    x0 = safe[0] + box.x * sw
    y0 = safe[1] + box.y * sh
    return round(x0), round(y0), round(x0 + box.w * sw), round(y0 + box.h * sh)


def _set_text(
    draw: ImageDraw.ImageDraw, slot: TextSlot, text: str, box: Rect, short: int, fill: str, pill_fill: str | None
) -> TextBlock:
    role = slot.role
    bw, bh = box[2] - box[0], box[3] - box[1]
    pad_x = pad_y = 0
    if slot.pill:
        # The button: text inside with padding proportional to the text size (found iteratively).
        pad_y = round(bh * 0.18)
        pad_x = round(bh * 0.35)
    min_px = max(1, round(slot.min_size * short))
    max_px = max(min_px, round(slot.max_size * short))
    fit = textmod.fit_text(
        text, role, bw - 2 * pad_x, bh - 2 * pad_y, min_px, max_px, slot.max_lines, slot.line_spacing
    )
    lines = fit.lines
    total_h = fit.line_height * len(lines)
    asc, desc = textmod.metrics(role, fit.size)
    widest = max(fit.widths, default=0)
    # Vertical placement of the text block (inside the pill when there is one).
    if slot.pill:
        pill_h = min(bh, total_h + 2 * pad_y)
        pill_w = min(bw, widest + 2 * pad_x) if not fit.overflow else widest + 2 * pad_x
        px0: float
        if slot.align == "left":
            px0 = box[0]
        elif slot.align == "right":
            px0 = box[2] - pill_w
        else:
            px0 = box[0] + (bw - pill_w) / 2
        py0 = box[1] + (bh - pill_h) / 2
        pill = (round(px0), round(py0), round(px0 + pill_w), round(py0 + pill_h))
        draw.rounded_rectangle(pill, radius=pill_h / 2, fill=pill_fill)
        inner = (pill[0] + pad_x, pill[1] + (pill_h - total_h) / 2, pill[2] - pad_x)
        top = inner[1]
        left, right = inner[0], inner[2]
        align = "center"
    else:
        pill = None
        if slot.valign == "top":
            top = box[1]
        elif slot.valign == "bottom":
            top = box[3] - total_h
        else:
            top = box[1] + (bh - total_h) / 2
        left, right = box[0], box[2]
        align = slot.align
    # Centre the glyphs optically inside each line's slot: put half the leading above.
    extra = fit.line_height - (asc + desc)
    out_lines = []
    rtl = textmod.is_rtl(text)
    x: float
    for i, (ln, lw) in enumerate(zip(lines, fit.widths, strict=True)):
        baseline = top + i * fit.line_height + extra / 2 + asc
        if align == "left" and not rtl:
            x = left
        elif align == "right" or (align == "left" and rtl):
            x = right - lw
        else:
            x = left + ((right - left) - lw) / 2
        ink = textmod.draw_line(draw, x, baseline, ln, role, fit.size, fill)
        out_lines.append(Line(ln, ink))
    from . import fonts

    _, missing = fonts.runs(textmod.clean(text), role)
    return TextBlock(
        role=role,
        text=text,
        box=box,
        size_px=fit.size,
        cap_px=textmod.cap_height(role, fit.size),
        lines=tuple(out_lines),
        overflow=fit.overflow,
        missing=missing,
        pill=pill,
        min_px=min_px,
        fill=fill,
    )


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

    With `recording`, the render is taken apart for print (see render/recording.py): the image
    comes back RGBA with a transparent ground and without the outline text and buttons, which are
    appended to `recording` as vector operations instead.
    """
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
    w, h = fmt.size_at(scale)
    check_canvas(fmt, scale, w, h)
    brand = campaign.brand
    if recording is None:
        img = _background(w, h, brand.background, brand.background_2)
        draw = ImageDraw.Draw(img)
    else:
        img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
        draw = RecordingDraw(img, recording)
    safe = _safe_rect(fmt, w, h)
    short = min(w, h)

    # The face: the largest square in its box, aligned as the layout says.
    fb = _box_px(layout.face, safe)
    fw, fh = fb[2] - fb[0], fb[3] - fb[1]
    side = max(1, min(fw, fh))
    fx = fb[0] + (fw - side) // 2
    fy = fb[1] + (fh - side) // 2
    if layout.face_align == "left":
        fx = fb[0]
    elif layout.face_align == "right":
        fx = fb[2] - side
    elif layout.face_align == "top":
        fy = fb[1]
    elif layout.face_align == "bottom":
        fy = fb[3] - side
    face_rect = (fx, fy, fx + side, fy + side)
    if side >= 8:
        # A soft light behind the face lifts it off the dark ground.
        gs = int(side * 1.5)
        gx, gy = fx + side // 2 - gs // 2, fy + side // 2 - gs // 2
        _paste(img, _hex(brand.accent), (gx, gy, gx + gs, gy + gs), _glow_mask(gs), recording)  # a colour: no layer
    fm = message.face
    try:
        face_img = render_face(
            fm.emoji,
            side,
            fm.crack_stage,
            fm.seed,
            progress=crack_progress,
            min_crack_px=visible_crack_px(fmt, scale),
        )
        ground = _mix(_hex(brand.background), _hex(brand.background_2), (fy + side / 2) / max(1, h - 1))
        ring = ring_layer(fm.emoji, fm.ring, side, ground)
    except ValueError as exc:
        raise RenderError(f"message '{message.id}': {exc}") from None
    if ring is not None:  # the optional outline or shadow, under the face
        layer, off = ring
        _paste(img, layer, (fx - off, fy - off), layer, recording)
    _paste(img, face_img, (fx, fy), face_img, recording)
    del face_img

    if brand.logo and layout.logo is not None:
        _draw_logo(img, brand.logo, _box_px(layout.logo, safe), layout.logo_align, recording)

    blocks = []
    for slot in layout.texts:
        if slot.role in hide:
            continue
        src = slot.source or slot.role
        content = message.text_for(src) if src != "slogan" else message.slogan
        if not content.strip():
            continue
        box = _box_px(slot.box, safe)
        fill = getattr(brand, registry().role_colour(slot.role))  # templates/platforms.yaml text_roles
        pill_fill = brand.cta_background if slot.pill else None
        if slot.fallback and message.text_for(slot.fallback).strip():
            # Try the preferred text on a scratch canvas first; fall back when it overflows.
            probe = _set_text(ImageDraw.Draw(Image.new("RGB", (1, 1))), slot, content, box, short, fill, pill_fill)
            if probe.overflow:
                content = message.text_for(slot.fallback)
        blocks.append(_set_text(draw, slot, content, box, short, fill, pill_fill))

    if fmt.border_on_white and luminance(_hex(brand.background)) > 0.85:
        # Google: an image ad on a white ground needs a visible border.
        draw.rectangle((0, 0, w - 1, h - 1), outline=(128, 128, 128), width=max(1, round(scale)))
    return RenderResult(
        image=img,
        campaign_id=campaign.id,
        message_id=message.id,
        format=fmt,
        layout_id=layout.id,
        scale=scale,
        safe=safe,
        face=face_rect,
        texts=tuple(blocks),
        language=copy.language,
        copy=copy,
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
