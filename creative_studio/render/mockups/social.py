"""Social scenes: a feed card (Facebook), a post (X), a story (Facebook) and a snap (Snapchat)."""

from __future__ import annotations

from PIL import Image, ImageDraw

from ...model.types import Campaign
from ..engine import RenderResult
from .icons import icon
from .kit import (
    GREY_TEXT,
    INK,
    WHITE,
    X_GREY,
    Rect,
    disc,
    int_box,
    iround,
    paste_rounded,
    rrect,
    scene,
    shade,
    soft_shadow,
)
from .lettering import Copy, avatar, domain_of, ellipsize, handle_of, initials, one_line, text, text_mid, text_w, wrap
from .phone import phone_frame, status_bar

# ==============================================================================================
# Social feeds
# ==============================================================================================


@scene("facebook-feed")
def facebook_feed(campaign: Campaign, result: RenderResult) -> tuple[Image.Image, Rect]:
    im = result.image
    W, H = im.size
    k = W / 500  # the desktop feed card is 500 px wide; its image spans the card
    cp = Copy(campaign, result.message_id)
    role_b, role_r = "ui", "body"
    pad = 16 * k
    margin = 16 * k
    # -- measure the variable parts first
    f_primary = 15 * k
    lh_primary = 20 * k
    more = " See more"
    more_w = text_w(more, role_b, f_primary)
    lines, truncated = wrap(cp.primary_text, role_r, f_primary, W - 2 * pad, 3, reserve=more_w)
    head_h = 12 * k + 40 * k + 10 * k
    text_h = (len(lines) * lh_primary + 10 * k) if lines else 0
    strip_h = (76 if cp.description else 58) * k
    foot_h = 40 * k + 44 * k + 4 * k
    card_h = head_h + text_h + H + strip_h + foot_h
    cw, ch = iround(W + 2 * margin), iround(card_h + 2 * margin)
    out = Image.new("RGB", (cw, ch), (240, 242, 245))
    draw = ImageDraw.Draw(out)
    x0, y0 = iround(margin), iround(margin)
    card = (x0, y0, x0 + W, iround(margin + card_h))
    soft_shadow(out, card, 8 * k, 3 * k, 0.22, dy=1 * k)
    rrect(out, card, 8 * k, WHITE)
    # -- header: avatar, page name, "Sponsored · globe", menu and close
    ay = y0 + 12 * k
    avatar(out, draw, x0 + pad + 20 * k, ay + 20 * k, 20 * k, cp.brand)
    tx = x0 + pad + 40 * k + 8 * k
    text(draw, tx, ay + 17 * k, ellipsize(cp.brand, "cta", 15 * k, x0 + W - pad - 64 * k - tx), "cta", 15 * k, INK)
    sw = text(draw, tx, ay + 35 * k, "Sponsored · ", role_r, 13 * k, GREY_TEXT)
    icon(out, "globe", tx + sw, ay + 35 * k - 10.5 * k, 12 * k, GREY_TEXT, weight=2.2)
    icon(out, "close", x0 + W - pad - 20 * k, ay + 10 * k, 20 * k, GREY_TEXT)
    icon(out, "dots", x0 + W - pad - 56 * k, ay + 10 * k, 20 * k, GREY_TEXT)
    # -- primary text
    y = y0 + head_h
    for i, ln in enumerate(lines):
        bl = y + i * lh_primary + 15 * k
        w = text(draw, x0 + pad, bl, ln, role_r, f_primary, INK)
        if truncated and i == len(lines) - 1:
            text(draw, x0 + pad + w, bl, more, role_b, f_primary, GREY_TEXT)
    y += text_h
    # -- the creative, untouched
    iy = iround(y)
    out.paste(im, (x0, iy))
    rect = (x0, iy, x0 + W, iy + H)
    y = iy + H
    # -- link strip: domain, headline, description, button
    out.paste((240, 242, 245), int_box((x0, y, x0 + W, y + strip_h)))
    btn_text = "Learn more"
    bw = text_w(btn_text, role_b, 15 * k) + 24 * k
    bx1 = x0 + W - pad
    bcy = y + strip_h / 2
    rrect(out, (bx1 - bw, bcy - 18 * k, bx1, bcy + 18 * k), 6 * k, (228, 230, 235))
    text_mid(draw, bx1 - bw / 2, bcy, btn_text, role_b, 15 * k, INK, anchor="m")
    avail = W - 2 * pad - bw - 12 * k
    ty = y + 10 * k
    text(
        draw,
        x0 + pad,
        ty + 13 * k,
        ellipsize(domain_of(campaign).upper(), role_r, 12.5 * k, avail),
        role_r,
        12.5 * k,
        GREY_TEXT,
    )
    text(draw, x0 + pad, ty + 34 * k, ellipsize(cp.headline, "cta", 16 * k, avail), "cta", 16 * k, INK)
    if cp.description:
        text(draw, x0 + pad, ty + 54 * k, ellipsize(cp.description, role_r, 14 * k, avail), role_r, 14 * k, GREY_TEXT)
    y += strip_h
    # -- reactions summary and the action bar
    cy = y + 20 * k
    disc(out, x0 + pad + 9 * k, cy, 9 * k, (32, 120, 242))
    icon(out, "like", x0 + pad + 4 * k, cy - 5 * k, 10 * k, WHITE, weight=2.6)
    text_mid(draw, x0 + pad + 24 * k, cy, "1.2K", role_r, 15 * k, GREY_TEXT)
    text_mid(draw, x0 + W - pad, cy, "86 comments  41 shares", role_r, 15 * k, GREY_TEXT, anchor="r")
    y += 40 * k
    out.paste((206, 208, 212), int_box((x0 + pad, y, x0 + W - pad, y + max(1, iround(k)))))
    cy = y + 22 * k
    col_w = (W - 2 * pad) / 3
    for j, (ic, label) in enumerate((("like", "Like"), ("comment", "Comment"), ("share", "Share"))):
        lw = text_w(label, role_b, 15 * k)
        gx = x0 + pad + col_w * j + (col_w - (20 * k + 6 * k + lw)) / 2
        icon(out, ic, gx, cy - 10 * k, 20 * k, GREY_TEXT)
        text_mid(draw, gx + 26 * k, cy, label, role_b, 15 * k, GREY_TEXT)
    return out, rect


@scene("x-post")
def x_post(campaign: Campaign, result: RenderResult) -> tuple[Image.Image, Rect]:
    im = result.image
    W, H = im.size
    k = W / 516  # the media column of a 598 px timeline
    cp = Copy(campaign, result.message_id)
    left = 64 * k
    right = 16 * k
    f = 15 * k
    lh = 20 * k
    lines, _ = wrap(cp.primary_text or cp.headline, "body", f, W, 8)
    text_top = 12 * k + 20 * k + 2 * k
    card_top = text_top + len(lines) * lh + 12 * k
    total_h = card_top + H + 4 * k + 20 * k + 12 * k + 20 * k + 12 * k
    ow, oh = iround(left + W + right), iround(total_h)
    out = Image.new("RGB", (ow, oh), WHITE)
    draw = ImageDraw.Draw(out)
    border = (239, 243, 244)
    out.paste(border, (0, oh - max(1, iround(k)), ow, oh))
    # -- header
    avatar(out, draw, 16 * k + 20 * k, 12 * k + 20 * k, 20 * k, cp.brand, bg=(120, 124, 130))
    bl = 12 * k + 16 * k
    name_w = W - 60 * k
    nw = text(draw, left, bl, ellipsize(cp.brand, "cta", f, name_w * 0.62), "cta", f, (15, 20, 25))
    text(draw, left + nw + 4 * k, bl, ellipsize(handle_of(cp.brand), "body", f, name_w - nw - 4 * k), "body", f, X_GREY)
    icon(out, "dots", ow - right - 19 * k, bl - 14 * k, 19 * k, X_GREY)
    text(draw, ow - right - 26 * k, bl, "Ad", "body", 13 * k, X_GREY, anchor="r")
    # -- post text
    for i, ln in enumerate(lines):
        text(draw, left, text_top + i * lh + 15 * k, ln, "body", f, (15, 20, 25))
    # -- the creative in a rounded card
    cx0, cy0 = iround(left), iround(card_top)
    rad = 16 * k
    bw = max(1, iround(k))
    card_line = (207, 217, 222)
    rrect(out, (cx0 - bw, cy0 - bw, cx0 + W + bw, cy0 + H + bw), rad + bw, card_line)
    paste_rounded(out, im, (cx0, cy0), rad)
    rect = (cx0, cy0, cx0 + W, cy0 + H)
    y = cy0 + H + bw + 4 * k
    text(draw, left, y + 13 * k, f"From {domain_of(campaign)}", "body", 13 * k, X_GREY)
    # -- actions
    cy = y + 20 * k + 12 * k + 10 * k
    isz = 18.75 * k
    group_w = (W - 60 * k) / 4
    for j, (ic, n) in enumerate((("reply", "24"), ("repost", "112"), ("heart", "1.2K"), ("views", "86K"))):
        gx = left + j * group_w
        icon(out, ic, gx, cy - isz / 2, isz, X_GREY, weight=1.9)
        text_mid(draw, gx + isz + 5 * k, cy, n, "body", 13 * k, X_GREY)
    icon(out, "bookmark", left + W - isz * 2 - 12 * k, cy - isz / 2, isz, X_GREY, weight=1.9)
    icon(out, "upload", left + W - isz, cy - isz / 2, isz, X_GREY, weight=1.9)
    return out, rect


@scene("facebook-story")
def facebook_story(campaign: Campaign, result: RenderResult) -> tuple[Image.Image, Rect]:
    im = result.image
    W, H = im.size
    k = W / 390
    frame, scr, rad = phone_frame(W, H, k)
    out = im.copy()  # overlays are drawn on the screen, which is then masked into the phone
    draw = ImageDraw.Draw(out)
    x0, y0 = 0, 0
    # scrims keep the overlays legible over any creative
    shade(out, (x0, y0, x0 + W, y0 + 120 * k), (0, 0, 0), 110, 0)
    shade(out, (x0, y0 + H - 150 * k, x0 + W, y0 + H), (0, 0, 0), 0, 90)
    status_bar(out, draw, (0, 0, W, H), k, WHITE)
    # segmented progress bar
    n, gap, mx = 3, 4 * k, 8 * k
    seg = (W - 2 * mx - (n - 1) * gap) / n
    by = y0 + 40 * k
    for i in range(n):
        sx = x0 + mx + i * (seg + gap)
        rrect(out, (sx, by, sx + seg, by + 2.5 * k), 1.25 * k, WHITE, 0.4)
        done = 1.0 if i == 0 else (0.45 if i == 1 else 0.0)
        if done:
            rrect(out, (sx, by, sx + seg * done, by + 2.5 * k), 1.25 * k, WHITE)
    # profile row
    cy = by + 26 * k
    brand = one_line(campaign.brand_name)
    avatar(out, draw, x0 + 12 * k + 16 * k, cy, 16 * k, brand)
    nx = x0 + 52 * k
    text(draw, nx, cy - 2 * k, ellipsize(brand, "cta", 14 * k, W - 52 * k - 84 * k), "cta", 14 * k, WHITE)
    text(draw, nx, cy + 13 * k, "Sponsored", "body", 12 * k, (235, 235, 235))
    icon(out, "close", x0 + W - 12 * k - 24 * k, cy - 12 * k, 24 * k, WHITE)
    icon(out, "dots", x0 + W - 48 * k - 24 * k, cy - 12 * k, 24 * k, WHITE)
    # call to action: up chevron and a white pill
    label = "Learn more"
    lw = text_w(label, "cta", 15 * k)
    pill_w, pill_h = lw + 44 * k, 38 * k
    pcy = y0 + H - 58 * k
    icon(out, "chevron-up", x0 + W / 2 - 11 * k, pcy - pill_h / 2 - 24 * k, 22 * k, WHITE, weight=2.6)
    rrect(
        out, (x0 + W / 2 - pill_w / 2, pcy - pill_h / 2, x0 + W / 2 + pill_w / 2, pcy + pill_h / 2), pill_h / 2, WHITE
    )
    text_mid(draw, x0 + W / 2, pcy, label, "cta", 15 * k, INK, anchor="m")
    paste_rounded(frame, out, scr[:2], rad)
    return frame, scr


@scene("snapchat")
def snapchat(campaign: Campaign, result: RenderResult) -> tuple[Image.Image, Rect]:
    im = result.image
    W, H = im.size
    k = W / 390
    frame, scr, rad = phone_frame(W, H, k, bg=(236, 236, 232))
    out = im.copy()
    draw = ImageDraw.Draw(out)
    x0, y0 = 0, 0
    cp = Copy(campaign, result.message_id)
    shade(out, (x0, y0, x0 + W, y0 + 90 * k), (0, 0, 0), 90, 0)
    shade(out, (x0, y0 + H - 110 * k, x0 + W, y0 + H), (0, 0, 0), 0, 80)
    # brand name and headline, top left (the app draws these over the top 150 px)
    cy = y0 + 30 * k
    ax = x0 + 14 * k
    rrect(out, (ax, cy - 16 * k, ax + 32 * k, cy + 16 * k), 10 * k, (250, 250, 250))
    text_mid(draw, ax + 16 * k, cy, initials(cp.brand), "cta", 12 * k, (40, 40, 40), anchor="m")
    tx = ax + 42 * k
    avail = W - (tx - x0) - 48 * k
    text(draw, tx, cy - 2 * k, ellipsize(cp.brand, "cta", 14.5 * k, avail), "cta", 14.5 * k, WHITE)
    text(draw, tx, cy + 14 * k, ellipsize(cp.headline, "ui", 12 * k, avail), "ui", 12 * k, (238, 238, 238))
    icon(out, "dots", x0 + W - 14 * k - 22 * k, cy - 11 * k, 22 * k, WHITE)
    # bottom: "Ad" label and the call-to-action bar
    bar_h = 40 * k
    bar = (x0 + 12 * k, y0 + H - 12 * k - bar_h, x0 + W - 12 * k, y0 + H - 12 * k)
    rrect(out, bar, 12 * k, WHITE, 0.94)
    bcy = (bar[1] + bar[3]) / 2
    label = "Learn more"
    lw = text_w(label, "cta", 15 * k)
    gx = x0 + W / 2 - (lw + 22 * k) / 2
    icon(out, "arrow-up", gx, bcy - 8 * k, 16 * k, INK, weight=2.8)
    text_mid(draw, gx + 22 * k, bcy, label, "cta", 15 * k, INK)
    tag_w = text_w("Ad", "cta", 10.5 * k) + 10 * k
    rrect(out, (bar[0] + 10 * k, bcy - 8 * k, bar[0] + 10 * k + tag_w, bcy + 8 * k), 4 * k, (225, 225, 225))
    text_mid(draw, bar[0] + 10 * k + tag_w / 2, bcy, "Ad", "cta", 10.5 * k, (70, 70, 70), anchor="m")
    paste_rounded(frame, out, scr[:2], rad)
    return frame, scr
