"""Web scenes: the display ad in a news page on a laptop and in a page on a phone."""

from __future__ import annotations

import random

from PIL import Image, ImageDraw

from ...model.types import Campaign, Format
from ..engine import RenderResult
from .icons import icon
from .kit import INK, RGB, WHITE, Rect, disc, int_box, iround, mix, paste_rounded, rrect, scene, shade, vgrad
from .lettering import text, text_mid, text_w
from .phone import phone_frame, status_bar

# ==============================================================================================
# Web pages (Google display)
# ==============================================================================================

PAGE_W = 1280  # the browser window at 1x
MAX_PAGE_SCALE = 2.0  # pages are drawn at most at 2x; a larger ad render is scaled down to fit


def _shrink(im: Image.Image, width: float) -> Image.Image:
    w = max(1, iround(width))
    return im.resize((w, max(1, iround(im.height * w / im.width))), Image.Resampling.LANCZOS, reducing_gap=2.0)


_BAR = (226, 229, 233)
_BAR_DARK = (203, 208, 214)
_IMG_BLOCK = (214, 220, 228)


def _bars(
    out: Image.Image,
    x: float,
    y: float,
    w: float,
    n: int,
    k: float,
    h: float = 9,
    gap: float = 8,
    color: RGB = _BAR,
    last: float = 0.62,
) -> float:
    """Placeholder text: n grey rounded lines; returns the y below them."""
    for i in range(n):
        lw = w * (last if i == n - 1 and n > 1 else 1.0)
        rrect(out, (x, y, x + lw, y + h * k), h * k / 2, color)
        y += (h + gap) * k
    return y


def _photo_block(out: Image.Image, b: tuple[float, float, float, float], k: float, seed: int) -> None:
    """A neutral image placeholder: soft gradient with a mountain glyph (reads as 'a photo')."""
    x0, y0, x1, y1 = int_box(b)
    w, h = x1 - x0, y1 - y0
    rnd = random.Random(seed)
    hue = rnd.choice(
        [((206, 214, 224), (226, 231, 238)), ((214, 222, 214), (232, 236, 230)), ((224, 216, 208), (238, 233, 228))]
    )
    out.paste(vgrad(w, h, [(0, hue[0]), (1, hue[1])]), (x0, y0))
    d = ImageDraw.Draw(out)
    s = min(w, h) * 0.28
    cx, cy = x0 + w / 2, y0 + h / 2
    col = mix(hue[0], (120, 130, 140), 0.35)
    d.polygon(
        [
            (cx - s, cy + s * 0.55),
            (cx - s * 0.3, cy - s * 0.35),
            (cx + s * 0.1, cy + s * 0.15),
            (cx + s * 0.45, cy - s * 0.1),
            (cx + s, cy + s * 0.55),
        ],
        fill=col,
    )
    disc(out, cx + s * 0.55, cy - s * 0.55, s * 0.16, col)


def _ad_label(draw: ImageDraw.ImageDraw, cx: float, y: float, k: float) -> None:
    text(draw, cx, y + 10 * k, "ADVERTISEMENT", "body", 9.5 * k, (140, 144, 150), anchor="m")


def _slot_kind(fmt: Format) -> str:
    """leaderboard: centred under the header; column: the right-hand column (MPUs, skyscrapers,
    square responsive ads); article: inside the story column (landscape responsive ads)."""
    if fmt.width >= 468 and fmt.height <= 250 and fmt.width / fmt.height >= 3.5:
        return "leaderboard"
    if fmt.width > 336 and fmt.width / fmt.height > 1.3:
        return "article"
    return "column"


@scene("web-page")
def web_page(campaign: Campaign, result: RenderResult) -> tuple[Image.Image, Rect]:
    im = result.image
    W, H = im.size
    fmt = result.format
    kind = _slot_kind(fmt)
    # -- page geometry in 1x units
    chrome_h = 84
    mast_h = 92
    nav_h = 42
    cont_w = 1040
    cx0 = (PAGE_W - cont_w) / 2
    col_w = 336
    main_w = cont_w - col_w - 32
    rx0 = cx0 + main_w + 32
    top = chrome_h + mast_h + nav_h + 22
    if kind == "article":
        natural_w = float(main_w)  # a responsive landscape ad spans the story column
    elif kind == "column" and fmt.width > col_w:
        natural_w = 300.0  # a responsive square ad: the column's 300 px slot
    else:
        natural_w = float(fmt.width)  # fixed-size ads show at their own size
    k = W / natural_w
    if k > MAX_PAGE_SCALE:  # a big export: show the ad at 2x rather than draw a 5000 px page
        im, k = _shrink(im, natural_w * MAX_PAGE_SCALE), MAX_PAGE_SCALE
        W, H = im.size
    aw, ah = W / k, H / k  # the ad's size in page units
    ad_block = 18 + ah + 26  # label, ad, gap
    lead_y = top + (ad_block if kind == "leaderboard" else 0)
    right_top = top + (ad_block if kind == "column" else 0) + (ad_block if kind == "leaderboard" else 0)
    page_h = max(820.0, right_top + 290, lead_y + 600 + (ad_block if kind == "article" else 0))
    ow, oh = iround(PAGE_W * k), iround(page_h * k)
    out = Image.new("RGB", (ow, oh), WHITE)
    draw = ImageDraw.Draw(out)

    def K(v: float) -> float:
        return v * k

    # -- browser chrome: tab strip and toolbar
    out.paste((222, 225, 230), int_box((0, 0, ow, K(40))))
    for j, c in enumerate(((237, 106, 94), (245, 191, 79), (98, 197, 84))):
        disc(out, K(22 + 20 * j), K(20), K(6), c)
    tab = (K(92), K(7), K(330), K(40) + 2)
    rrect(out, tab, K(9), WHITE)
    out.paste(WHITE, int_box((tab[0], K(30), tab[2], K(42))))
    disc(out, K(112), K(23.5), K(7), (45, 55, 72))
    text_mid(draw, K(112), K(23.5), "D", "cta", K(8.5), WHITE, anchor="m")
    text_mid(draw, K(126), K(23.5), "The Daily Example", "body", K(12.5), (50, 50, 55))
    icon(out, "close", K(306), K(17), K(13), (90, 90, 95))
    out.paste(WHITE, int_box((0, K(40), ow, K(chrome_h))))
    for j, ic in enumerate(("back", "forward", "reload")):
        icon(out, ic, K(16 + 32 * j), K(52), K(20), (95, 99, 104) if j != 1 else (190, 192, 196))
    addr = (K(118), K(48), K(PAGE_W - 60), K(76))
    rrect(out, addr, K(14), (241, 243, 244))
    icon(out, "lock", K(132), K(55), K(14), (95, 99, 104))
    text_mid(draw, K(154), K(62), "news.example", "body", K(14), (32, 33, 36))
    icon(out, "dots", K(PAGE_W - 40), K(52), K(20), (95, 99, 104))
    out.paste((218, 220, 224), int_box((0, K(chrome_h) - max(1, iround(k)), ow, K(chrome_h))))
    # -- masthead and navigation
    my = chrome_h
    text_mid(draw, K(cx0), K(my + mast_h / 2), "The Daily Example", "slogan", K(34), (17, 24, 39))
    sub_w = text_w("Subscribe", "cta", K(13)) + K(28)
    rrect(
        out,
        (K(cx0 + cont_w) - sub_w, K(my + mast_h / 2 - 17), K(cx0 + cont_w), K(my + mast_h / 2 + 17)),
        K(17),
        (17, 24, 39),
    )
    text_mid(draw, K(cx0 + cont_w) - sub_w / 2, K(my + mast_h / 2), "Subscribe", "cta", K(13), WHITE, anchor="m")
    text_mid(
        draw, K(cx0 + cont_w) - sub_w - K(16), K(my + mast_h / 2), "Sign in", "ui", K(13), (55, 65, 81), anchor="r"
    )
    ny = my + mast_h
    out.paste((17, 24, 39), int_box((0, K(ny), ow, K(ny + nav_h))))
    nx = cx0
    for item in ("Home", "News", "Sport", "Business", "Technology", "Science", "Culture", "Travel", "Opinion"):
        if nx + text_w(item, "ui", K(13.5)) / k > cx0 + cont_w - 60:
            break
        nx += text_mid(draw, K(nx), K(ny + nav_h / 2), item, "ui", K(13.5), (229, 231, 235)) / k + 28
    icon(out, "search", K(cx0 + cont_w - 20), K(ny + nav_h / 2 - 10), K(20), (229, 231, 235))
    # -- the ad (article ads are placed in the story's flow below)
    if kind == "leaderboard":
        ax, ay = iround(K(cx0 + (cont_w - aw) / 2)), iround(K(top + 18))
    elif kind == "column":
        ax, ay = iround(K(rx0 + (col_w - aw) / 2)), iround(K(top + 18))
    # -- main column: lead story then a grid of stories
    y = lead_y
    _photo_block(out, (K(cx0), K(y), K(cx0 + main_w), K(y + 270)), k, 1)
    y += 286
    y = _bars(out, K(cx0), K(y), K(main_w * 0.92), 2, k, h=20, gap=10, color=_BAR_DARK, last=0.55) / k
    y = _bars(out, K(cx0), K(y + 6), K(main_w), 3, k) / k + 18
    if kind == "article":
        ax, ay = iround(K(cx0)), iround(K(y + 18))
        y += ad_block
    _ad_label(draw, ax + W / 2, ay - K(18), k)
    out.paste(im, (ax, ay))
    rect = (ax, ay, ax + W, ay + H)
    out.paste((229, 231, 235), int_box((K(cx0), K(y), K(cx0 + main_w), K(y) + max(1, iround(k)))))
    y += 20
    half = (main_w - 24) / 2
    seed = 2
    while y < page_h - 20:  # stories continue below the fold (clipped by the window)
        for j in range(2):
            sx = cx0 + j * (half + 24)
            _photo_block(out, (K(sx), K(y), K(sx + 150), K(y + 96)), k, seed)
            seed += 1
            yy = _bars(out, K(sx + 164), K(y + 2), K(half - 164), 2, k, h=13, gap=8, color=_BAR_DARK, last=0.7)
            _bars(out, K(sx + 164), yy + K(6), K(half - 164), 3, k, h=8, gap=7)
        y += 124
    # -- right column: (the ad) then "Most read"
    ry = right_top
    text(draw, K(rx0), K(ry + 14), "Most read", "cta", K(16), (17, 24, 39))
    out.paste((17, 24, 39), int_box((K(rx0), K(ry + 24), K(rx0 + 40), K(ry + 27))))
    ry += 40
    for n in range(1, 6):
        if ry + 40 > page_h - 12:
            break
        text(draw, K(rx0), K(ry + 22), str(n), "slogan", K(24), (200, 205, 212))
        _bars(out, K(rx0 + 30), K(ry + 4), K(col_w - 30), 2, k, h=9, gap=8, color=_BAR_DARK, last=0.6)
        ry += 48
    if ry + 200 < page_h:  # a newsletter box fills the column
        rrect(out, (K(rx0), K(ry + 10), K(rx0 + col_w), K(ry + 190)), K(8), (243, 244, 246))
        text(draw, K(rx0 + 20), K(ry + 44), "Morning briefing", "cta", K(16), (17, 24, 39))
        _bars(out, K(rx0 + 20), K(ry + 60), K(col_w - 40), 2, k, h=8, gap=7, last=0.7)
        rrect(out, (K(rx0 + 20), K(ry + 100), K(rx0 + col_w - 20), K(ry + 132)), K(6), WHITE)
        rrect(out, (K(rx0 + 20), K(ry + 142), K(rx0 + 130), K(ry + 172)), K(15), (17, 24, 39))
        text_mid(draw, K(rx0 + 75), K(ry + 157), "Sign up", "cta", K(12), WHITE, anchor="m")
    # window frame
    frame = (150, 154, 160)
    bw = max(1, iround(k))
    for b in ((0, 0, ow, bw), (0, oh - bw, ow, oh), (0, 0, bw, oh), (ow - bw, 0, ow, oh)):
        out.paste(frame, b)
    return out, rect


@scene("phone-page")
def phone_page(campaign: Campaign, result: RenderResult) -> tuple[Image.Image, Rect]:
    im = result.image
    W, H = im.size
    fmt = result.format
    k = W / fmt.width  # the ad at its natural size on a 375 px wide screen
    if k > MAX_PAGE_SCALE:
        im, k = _shrink(im, fmt.width * MAX_PAGE_SCALE), MAX_PAGE_SCALE
        W, H = im.size
    sw, sh = iround(375 * k), iround(812 * k)
    out, scr, rad = phone_frame(sw, sh, k)
    x0, y0 = scr[0], scr[1]
    screen = Image.new("RGB", (sw, sh), WHITE)
    sd = ImageDraw.Draw(screen)

    def K(v: float) -> float:
        return v * k

    # status bar, address bar, site header
    screen.paste((246, 247, 249), int_box((0, 0, sw, K(100))))
    status_bar(screen, sd, (0, 0, sw, sh), k, INK)
    rrect(screen, (K(14), K(52), K(361), K(88)), K(12), (232, 234, 237))
    aw = text_w("news.example", "body", K(15))
    icon(screen, "lock", K(375 / 2 + 9) - aw / 2 - K(18), K(63), K(13), (70, 72, 76))
    text_mid(sd, K(375 / 2 + 9), K(70), "news.example", "body", K(15), (32, 33, 36), anchor="m")
    screen.paste((17, 24, 39), int_box((0, K(100), sw, K(152))))
    text_mid(sd, K(16), K(126), "The Daily Example", "slogan", K(21), WHITE)
    icon(screen, "menu", K(375 - 40), K(114), K(24), WHITE)
    anchored = fmt.height <= 60
    y = 168.0
    ad_y = None
    _photo_block(screen, (K(16), K(y), K(359), K(y + 190)), k, 1)
    y += 204
    y = _bars(screen, K(16), K(y), K(330), 2, k, h=17, gap=9, color=_BAR_DARK, last=0.6) / k
    y = _bars(screen, K(16), K(y + 4), K(343), 3, k) / k + 14
    if not anchored:
        _ad_label(sd, sw / 2, K(y), k)
        ad_y = y + 18
        y = ad_y + H / k + 20
    while y < 812:
        _photo_block(screen, (K(16), K(y), K(126), K(y + 74)), k, int(y))
        yy = _bars(screen, K(138), K(y + 2), K(221), 2, k, h=12, gap=8, color=_BAR_DARK, last=0.7)
        _bars(screen, K(138), yy + K(4), K(221), 2, k, h=8, gap=7)
        y += 92
    if anchored:
        # an anchor ad: a white strip pinned above the home indicator, with a collapse tab
        strip_h = 50 + 12
        sy = 812 - 30 - strip_h
        shade(screen, (0, K(sy - 10), sw, K(sy)), (0, 0, 0), 0, 40)
        screen.paste(WHITE, int_box((0, K(sy), sw, K(812))))
        rrect(screen, (K(10), K(sy - 16), K(52), K(sy + 4)), K(6), WHITE)
        icon(screen, "chevron-up", K(23), K(sy - 15), K(16), (90, 90, 95))
        ad_y = sy + 6
    screen.paste((17, 17, 17), int_box((K(375 / 2 - 67), K(812 - 13), K(375 / 2 + 67), K(812 - 8))))
    ax = iround((sw - W) / 2)
    ay = iround(K(ad_y or 0))
    screen.paste(im, (ax, ay))
    paste_rounded(out, screen, (x0, y0), rad)
    # the camera cut-out
    rrect(out, (x0 + sw / 2 - K(62), y0 + K(11), x0 + sw / 2 + K(62), y0 + K(45)), K(17), (5, 5, 6))
    return out, (x0 + ax, y0 + ay, x0 + ax + W, y0 + ay + H)
