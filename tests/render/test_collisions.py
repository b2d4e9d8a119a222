"""Elements never collide: the logo keeps clear of the face's real art, the edges and the safe
zone, moving or shrinking inside its layout box; what cannot be resolved is an `overlap` error."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from creative_studio.checks import run_checks
from creative_studio.model import load_campaign
from creative_studio.render import render_detailed
from creative_studio.render.engine import layout_message

ROAD = Path(__file__).parents[1] / "campaigns" / "roadsafe.yaml"


def _hit(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_face_ink_is_the_box_of_the_drawn_art():
    from creative_studio.render.face import render_face

    c = load_campaign(ROAD)
    for mid in ("wildwest", "distance", "stats"):
        r = render_detailed(c, mid, "facebook-feed-square", 0.5)
        side = r.face[2] - r.face[0]
        f = c.message(mid).face
        bb = (
            render_face(f.emoji, side, f.crack_stage, f.seed)
            .getchannel("A")
            .point(lambda v: 255 if v > 24 else 0)
            .getbbox()
        )
        art = (r.face[0] + bb[0], r.face[1] + bb[1], r.face[0] + bb[2], r.face[1] + bb[3])
        assert all(abs(a - b) <= 3 for a, b in zip(art, r.face_ink, strict=True)), (mid, art, r.face_ink)


def test_logo_moves_or_shrinks_off_the_cowboy_hat():
    c = load_campaign(ROAD)
    # The tall layout's logo box overlaps the face's box: the hat's brim reaches under it.
    for fid in ("facebook-story", "snapchat-snap-ad", "facebook-reels"):
        r = render_detailed(c, "wildwest", fid, 0.5)
        assert r.logo is not None, fid
        assert not _hit(r.logo, r.face_ink), (fid, r.logo, r.face_ink)
        assert not [f for f in run_checks(c, r) if f.rule == "overlap"], fid
        # and the pixels agree: the logo's teal is drawn where the layout says
        px = r.image.getpixel(((r.logo[0] + r.logo[2]) // 2, r.logo[1] + 2))
        assert px[1] > px[0] + 40, (fid, px)


def test_logo_never_flush_against_an_edge():
    c = load_campaign(ROAD)
    for fid in ("facebook-feed-square", "x-image-square", "google-responsive-square"):
        fmt = c.format(fid)
        r = layout_message(c, c.message("speed"), fmt)
        m = 0.03 * min(fmt.width, fmt.height)
        assert r.logo[0] >= m - 1 and r.logo[1] >= m - 1, fid
        assert r.logo[2] <= fmt.width - m + 1 and r.logo[3] <= fmt.height - m + 1, fid


def test_overlap_rule_reports_what_the_layout_could_not_resolve():
    c = load_campaign(ROAD)
    r = render_detailed(c, "wildwest", "facebook-feed-square", 0.5)
    assert not [f for f in run_checks(c, r) if f.rule == "overlap"]
    fi = r.face_ink
    clash = replace(r, logo=(fi[2] - 20, fi[1], fi[2] + 60, fi[1] + 40))
    found = [f for f in run_checks(c, clash) if f.rule == "overlap"]
    assert [f.severity for f in found] == ["error"]
    assert found[0].text.startswith("The face overlaps the logo;")
    assert "logo box" in found[0].text
    assert found[0].box[0] >= round((fi[2] - 20) / 0.5) - 1
    slogan = r.block("slogan")
    moved = replace(r, texts=tuple(replace(b, pill=slogan.ink) if b.role == "cta" else b for b in r.texts))
    texts = [f.text for f in run_checks(c, moved) if f.rule == "overlap"]
    assert any("slogan" in t and "call to action" in t for t in texts), texts
