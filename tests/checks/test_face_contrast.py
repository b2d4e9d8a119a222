"""face-contrast: a face that melts into its ground is caught, and the ring it advises fixes it."""

from __future__ import annotations

import pytest
from checks_helpers import findings, load, render_small

from creative_studio.checks import RULE_IDS
from creative_studio.checks.rules.face import MIN_RATIO, edge_contrast

FORMATS = ["t-snap", "t-square", "t-banner", "t-six-sheet"]


@pytest.mark.parametrize("fid", FORMATS)
@pytest.mark.parametrize("message", ["plain", "shattered", "cowboy"])
def test_yellow_face_on_yellow_ground_is_a_warning_that_names_the_remedy(message, fid):
    fs = findings("face_yellow", message, fid, "face-contrast")
    assert len(fs) == 1
    f = fs[0]
    assert f.severity == "warning"
    assert "ring: outline" in f.text and "ring: shadow" in f.text and "face:" in f.text
    res = render_small(load("face_yellow"), message, fid)
    s = res.scale
    assert f.box == tuple(round(v / s) for v in res.face) or all(
        abs(a - round(b / s)) <= 1 for a, b in zip(f.box, res.face, strict=True)
    )


@pytest.mark.parametrize("fid", FORMATS)
@pytest.mark.parametrize("message", ["outlined", "shadowed", "shattered-outlined", "cowboy-outlined"])
def test_the_ring_makes_the_warning_go_away(message, fid):
    assert findings("face_yellow", message, fid, "face-contrast") == []
    res = render_small(load("face_yellow"), message, fid)
    assert edge_contrast(res.image, res.face, load("face_yellow").message(message).face.emoji) >= MIN_RATIO


def test_the_ring_is_drawn_around_the_face_only():
    c = load("face_yellow")
    plain = render_small(c, "plain", "t-square").image
    ringed = render_small(c, "outlined", "t-square")
    x0, y0, x1, y1 = ringed.face
    side = x1 - x0
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    # Just outside the disc: dark ring; well outside it and well inside it: as without the ring.
    r_out = 0.5 * side  # the disc's edge is at 0.48 of the side
    lum_ring = ringed.image.convert("L").getpixel((round(cx), round(cy - r_out)))
    lum_plain = plain.convert("L").getpixel((round(cx), round(cy - r_out)))
    assert lum_ring < lum_plain - 100
    far = (round(cx), max(0, round(cy - 0.62 * side)))
    assert ringed.image.getpixel(far) == plain.getpixel(far)


def test_faces_on_the_contrasting_sample_ground_keep_the_rule():
    for fid in ["t-snap", "t-square", "t-banner", "t-six-sheet"]:
        assert findings("ok", "employ", fid, "face-contrast") == []


def test_rule_id_is_registered():
    assert "face-contrast" in RULE_IDS


def test_the_outline_follows_the_emojis_own_silhouette():
    """A hat leaves the disc: the ring goes round the hat, not across it."""
    c = load("face_yellow")
    plain = render_small(c, "cowboy", "t-square").image.convert("L")
    ringed = render_small(c, "cowboy-outlined", "t-square")
    img = ringed.image.convert("L")
    x0, y0, x1, _ = ringed.face
    side = x1 - x0
    cx = (x0 + x1) // 2
    # Down the centre line from above the face: ground, then the ring just above the hat's crown.
    column = [img.getpixel((cx, y)) for y in range(max(0, y0 - side // 10), y0 + side // 3)]
    before = [plain.getpixel((cx, y)) for y in range(max(0, y0 - side // 10), y0 + side // 3)]
    first_change = next(i for i, (a, b) in enumerate(zip(column, before, strict=True)) if abs(a - b) > 60)
    hat_top = next(i for i, v in enumerate(before) if v < 150)  # the hat's dark crown, without a ring
    assert hat_top - 0.05 * side <= first_change < hat_top  # the ring sits just outside the hat


def test_print_records_the_ring_as_art_under_the_face():
    from creative_studio.render.engine import render_message
    from creative_studio.render.recording import ImageOp, Recording

    c = load("face_yellow")
    fmt = c.format("t-six-sheet")
    assert fmt.is_print

    def art(message_id: str) -> list:
        rec = Recording()
        render_message(c, c.message(message_id), fmt, 0.1, recording=rec)
        return [op for op in rec.layers if isinstance(op, ImageOp)]

    plain, ringed = art("plain"), art("outlined")
    assert len(ringed) == len(plain) + 1
    ring, face = ringed[0], ringed[1]
    # The ring comes first (under the face) and reaches past the face's square on every side.
    assert ring.x < face.x and ring.y < face.y
    assert ring.x + ring.image.width > face.x + face.image.width
