"""Text for the chrome: widths, one-line and wrapped text, avatars, the copy a scene shows."""

from __future__ import annotations

from functools import lru_cache

from PIL import Image, ImageDraw

from ...model.types import Campaign, Message
from .. import fonts
from .. import text as textmod
from .kit import AVATAR, RGB, WHITE, disc, iround

# -- text ----------------------------------------------------------------------------------------


def _px(size: float) -> int:
    return max(1, iround(size))


@lru_cache(maxsize=4096)
def _simple(s: str, role: str) -> bool:
    """True when the role's own font draws every character (no fallback runs needed)."""
    cov = fonts.coverage(fonts.ROLE_FONTS[role])
    return all(ord(ch) in cov for ch in s)


@lru_cache(maxsize=4096)
def text_w(s: str, role: str, size: float) -> float:
    if not s:
        return 0.0
    try:
        if _simple(s, role):
            return float(fonts.font(fonts.ROLE_FONTS[role], _px(size)).getlength(s))
        return textmod.line_width(s, role, _px(size))
    except (OSError, ValueError, RuntimeError):
        return 0.55 * size * len(s)  # a string the shaper refuses: an estimate keeps layout going


def cap(role: str, size: float) -> int:
    return textmod.cap_height(role, _px(size))


def text(
    draw: ImageDraw.ImageDraw, x: float, baseline: float, s: str, role: str, size: float, fill: RGB, anchor: str = "l"
) -> float:
    """Draw one line (with the bundled font fallbacks) and return its advance width."""
    if not s:
        return 0.0
    w = text_w(s, role, size)
    if anchor == "m":
        x -= w / 2
    elif anchor == "r":
        x -= w
    try:
        if _simple(s, role):
            mask, (left, top) = _text_mask(s, role, _px(size))
            draw.bitmap((iround(x) + left, iround(baseline) + top), mask, fill=fill)
        else:  # other scripts and emoji: the engine's font fallback chain
            textmod.draw_line(draw, x, baseline, s, role, _px(size), fill)
    except (OSError, ValueError, RuntimeError):
        pass  # a string the shaper refuses: chrome text is never worth a failed preview
    return w


@lru_cache(maxsize=1024)
def _text_mask(s: str, role: str, px: int) -> tuple[Image.Image, tuple[int, int]]:
    """The glyphs of one line as an anti-aliased mask and its offset from (x, baseline); cached,
    so the chrome's fixed labels are rasterised once, not on every preview."""
    f = fonts.font(fonts.ROLE_FONTS[role], px)
    left, top, right, bottom = (int(v) for v in f.getbbox(s, anchor="ls"))  # FreeType: whole pixels
    m = Image.new("L", (max(1, right - left), max(1, bottom - top)), 0)
    ImageDraw.Draw(m).text((-left, -top), s, font=f, fill=255, anchor="ls")
    return m, (left, top)


def text_mid(
    draw: ImageDraw.ImageDraw, x: float, cy: float, s: str, role: str, size: float, fill: RGB, anchor: str = "l"
) -> float:
    """Draw one line whose capitals are centred vertically on cy."""
    return text(draw, x, cy + cap(role, size) / 2, s, role, size, fill, anchor)


def ellipsize(s: str, role: str, size: float, max_w: float, tail: str = "…") -> str:
    s = " ".join(s.split())
    if text_w(s, role, size) <= max_w:
        return s
    lo, hi = 0, len(s)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if text_w(s[:mid].rstrip() + tail, role, size) <= max_w:
            lo = mid
        else:
            hi = mid - 1
    return (s[:lo].rstrip() + tail) if lo else ""


def wrap(s: str, role: str, size: float, max_w: float, max_lines: int, reserve: float = 0.0) -> tuple[list[str], bool]:
    """Greedy word wrap into at most max_lines; the last line is ellipsised (leaving `reserve`
    pixels free, e.g. for "See more") when the text is longer. Returns (lines, truncated)."""
    words = s.split()
    lines: list[str] = []
    cur = ""
    for wd in words:
        cand = f"{cur} {wd}" if cur else wd
        if cur and text_w(cand, role, size) > max_w:
            lines.append(cur)
            cur = wd
        else:
            cur = cand
    if cur:
        lines.append(cur)
    if len(lines) <= max_lines:
        return lines, False
    keep = lines[: max_lines - 1]
    rest = " ".join(lines[max_lines - 1 :])
    keep.append(ellipsize(rest + " …", role, size, max_w - reserve))
    return keep, True


def initials(name: str) -> str:
    parts = [p for p in name.replace("-", " ").split() if p[:1].isalnum()]
    return "".join(p[0] for p in parts[:2]).upper() or "AD"


def avatar(
    img: Image.Image,
    draw: ImageDraw.ImageDraw,
    cx: float,
    cy: float,
    r: float,
    name: str,
    bg: RGB = AVATAR,
    fg: RGB = WHITE,
) -> None:
    disc(img, cx, cy, r, bg)
    text_mid(draw, cx, cy, initials(name), "cta", r * 0.78, fg, anchor="m")


def domain_of(campaign: Campaign) -> str:
    u = (campaign.url or "example.org").strip()
    for p in ("https://", "http://", "www."):
        if u.lower().startswith(p):
            u = u[len(p) :]
    return u.split("/")[0]


def handle_of(name: str) -> str:
    return "@" + ("".join(ch for ch in name.lower() if ch.isalnum())[:15] or "advertiser")


def one_line(s: str) -> str:
    """Designer text made safe for one line of chrome: normalised, no control characters."""
    return " ".join(textmod.clean(s or "").split())


class Copy:
    """The brand name and the message's copy fields, cleaned (the campaign's first message
    stands in when the render is of a draft not yet in the campaign)."""

    def __init__(self, campaign: Campaign, message_id: str):
        m: Message | None
        try:
            m = campaign.message(message_id)
        except KeyError:
            m = campaign.messages[0] if campaign.messages else None
        self.brand = one_line(campaign.brand_name)
        self.headline = one_line(m.headline if m else "")
        self.primary_text = one_line(m.primary_text if m else "")
        self.description = one_line(m.description if m else "")
        self.slogan = one_line(m.slogan if m else "")
        self.cta_short = one_line(m.cta_short if m else "")
