"""Mockups: every placement has one, the creative sits in it untouched, sizes follow the render."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageStat

from creative_studio.render import render_detailed
from creative_studio.render.mockups import MOCKUPS, mockup_with_rect, render_mockup

ROOT = Path(__file__).resolve().parents[2]

# One format per mockup id, at a small scale (outdoor posters are large at 1x).
CASES = {
    "facebook-feed": ("facebook-feed-portrait", 0.25),
    "facebook-story": ("facebook-story", 0.2),
    "snapchat": ("snapchat-snap-ad", 0.2),
    "x-post": ("x-image-landscape", 0.25),
    "web-page": ("google-300x250", 0.25),
    "phone-page": ("google-320x100", 0.25),
    "billboard-48": ("outdoor-48-sheet", 0.04),
    "billboard-96": ("outdoor-96-sheet", 0.03),
    "bus-shelter": ("outdoor-6-sheet", 0.06),
    "d6-screen": ("outdoor-d6", 0.2),
}
# Where the platform draws its own overlays over the creative, compare only the middle.
OVERLAID = {"facebook-story", "snapchat", "x-post"}
OUTDOOR = {"billboard-48", "billboard-96", "bus-shelter", "d6-screen"}


def _result(sample, fid, scale, msg="employ"):
    return render_detailed(sample, msg, fid, scale)


def test_cases_cover_every_mockup_the_catalogue_uses(sample):
    used = {f.mockup for f in sample.formats}
    assert used <= set(MOCKUPS)
    assert set(CASES) == set(MOCKUPS)
    for mid, (fid, _) in CASES.items():
        assert sample.format(fid).mockup == mid


@pytest.mark.parametrize("mid", sorted(CASES))
def test_mockup_renders_rgb_with_the_creative_inside(sample, mid):
    fid, scale = CASES[mid]
    r = _result(sample, fid, scale)
    img, rect = mockup_with_rect(sample, r)
    assert img.mode == "RGB"
    x0, y0, x1, y1 = rect
    assert 0 <= x0 < x1 <= img.width and 0 <= y0 < y1 <= img.height
    assert img.width > x1 - x0 or img.height > y1 - y0  # there is chrome around it
    shown = img.crop(rect)
    if mid in OUTDOOR:
        # posters may be scaled down to the scene and lit; they must still be the creative
        ref = r.image.resize(shown.size, Image.Resampling.BOX) if shown.size != r.image.size else r.image
        diff = ImageStat.Stat(ImageChops.difference(shown, ref)).mean
        assert max(diff) < 12, diff
        return
    assert shown.size == r.image.size  # digital creatives are pasted pixel for pixel
    w, h = shown.size
    box = (w // 8, h // 4, w - w // 8, h - h // 4) if mid in OVERLAID else (0, 0, w, h)
    assert ImageChops.difference(shown.crop(box), r.image.crop(box)).getbbox() is None


def test_probe_pixel_found_at_rect(sample):
    """A coloured probe painted into the render shows up exactly where the rect says."""
    r = _result(sample, "facebook-feed-square", 0.25)
    r.image.putpixel((100, 120), (255, 0, 255))
    img, (x0, y0, _, _) = mockup_with_rect(sample, r)
    assert img.getpixel((x0 + 100, y0 + 120)) == (255, 0, 255)


def test_render_mockup_is_the_image_of_mockup_with_rect(sample):
    r = _result(sample, "x-image-square", 0.2)
    assert render_mockup(sample, r).tobytes() == mockup_with_rect(sample, r)[0].tobytes()


@pytest.mark.parametrize("mid", sorted(CASES))
def test_mockup_size_follows_the_render(sample, mid):
    fid, scale = CASES[mid]
    small, _ = mockup_with_rect(sample, _result(sample, fid, scale / 2))
    big, _ = mockup_with_rect(sample, _result(sample, fid, scale))
    for a, b in zip(big.size, small.size, strict=True):
        assert abs(a / b - 2) < 0.06, (big.size, small.size)


@pytest.mark.parametrize("mid", ["facebook-feed", "web-page", "billboard-48", "snapchat"])
def test_deterministic(sample, mid):
    fid, scale = CASES[mid]
    r = _result(sample, fid, scale, "family")
    a, ra = mockup_with_rect(sample, r)
    b, rb = mockup_with_rect(sample, r)
    assert ra == rb and a.tobytes() == b.tobytes()


def test_web_page_leaderboard_sits_above_the_content_centred(sample):
    img, (x0, y0, x1, y1) = mockup_with_rect(sample, _result(sample, "google-728x90", 0.25))
    assert (x1 - x0, y1 - y0) == (182, 22)
    assert abs((x0 + x1) / 2 - img.width / 2) <= 2
    assert y1 < img.height * 0.4
    # the page is ~1280 px wide at the ad's scale
    assert abs(img.width - 1280 * 0.25) <= 2
    # nothing beside it: the page content starts below the ad
    beside = img.crop((x0 - 40, y0, x0 - 1, y1))
    assert beside.getextrema() == ((255, 255), (255, 255), (255, 255))
    below = img.crop((x0, y1 + 12, x1, img.height - 4))
    assert below.getextrema() != ((255, 255), (255, 255), (255, 255))


def test_web_page_skyscraper_and_mpu_go_in_the_right_column(sample):
    for fid in ("google-160x600", "google-300x250", "google-300x600", "google-responsive-square"):
        r = _result(sample, fid, 0.25)
        img, (x0, y0, x1, y1) = mockup_with_rect(sample, r)
        assert x0 > img.width * 0.6, fid
        assert y0 < img.height * 0.35, fid
        assert (x1 - x0, y1 - y0) == r.image.size


def test_web_page_responsive_landscape_runs_in_the_story_column(sample):
    r = _result(sample, "google-responsive-landscape", 0.25)
    img, (x0, y0, x1, y1) = mockup_with_rect(sample, r)
    assert x1 < img.width * 0.65 and y0 > img.height * 0.3
    assert (x1 - x0, y1 - y0) == r.image.size


def test_web_page_ads_keep_their_natural_size_on_a_1280_page(sample):
    for fid in ("google-970x250", "google-468x60", "google-250x250"):
        r = _result(sample, fid, 0.5)
        img, _ = mockup_with_rect(sample, r)
        assert abs(img.width - 640) <= 2, fid


def test_web_page_is_drawn_at_most_at_2x(sample):
    r = _result(sample, "google-300x250", 4.0)  # 1200x1000: shown at 2x on a 2560 px page
    img, (x0, y0, x1, y1) = mockup_with_rect(sample, r)
    assert abs(img.width - 2560) <= 2 and (x1 - x0, y1 - y0) == (600, 500)


def test_phone_page_anchors_the_small_banner_at_the_bottom(sample):
    img, (_, y0, _, y1) = mockup_with_rect(sample, _result(sample, "google-320x50", 0.5))
    assert y1 > img.height * 0.82
    img, (_, y0, _, y1) = mockup_with_rect(sample, _result(sample, "google-320x100", 0.5))
    assert img.height * 0.3 < y0 and y1 < img.height * 0.85


def test_outdoor_poster_is_scaled_down_never_up(sample):
    r = _result(sample, "outdoor-96-sheet", 0.2)  # 2880 px wide: more than the scene needs
    img, (x0, _, x1, _) = mockup_with_rect(sample, r)
    assert x1 - x0 < r.image.width
    assert img.width < 2600


def test_person_is_to_scale_on_the_billboard(sample):
    """The dark silhouette beside the 3.048 m poster is about 1.75 m tall."""
    r = _result(sample, "outdoor-48-sheet", 0.05)
    img, (x0, y0, x1, y1) = mockup_with_rect(sample, r)
    poster_h = y1 - y0
    ppm = poster_h / 3.048
    # scan the columns left of the poster's left leg for the silhouette's colour
    px = img.load()
    tops, bottoms = [], []
    for x in range(max(0, x0 - 10), x0 + (x1 - x0) // 4):
        ys = [y for y in range(img.height) if px[x, y] == (44, 48, 56)]
        if ys:
            tops.append(min(ys))
            bottoms.append(max(ys))
    assert tops, "no person found"
    height_px = max(bottoms) - min(tops)
    assert abs(height_px / ppm - 1.75) < 0.12


@pytest.mark.parametrize("scale", [0.02, 0.07])
def test_tiny_scales_do_not_crash(sample, scale):
    for mid, (fid, _) in CASES.items():
        fmt = sample.format(fid)
        s = scale if mid not in OUTDOOR else scale / 10
        s = max(s, 2 / min(fmt.width, fmt.height))
        img, rect = mockup_with_rect(sample, _result(sample, fid, s))
        assert img.mode == "RGB" and img.width > 0


def test_message_not_in_campaign_still_renders(sample):
    from dataclasses import replace

    from creative_studio.render.engine import render_message

    msg = replace(sample.message("freedom"), id="draft-x")
    r = render_message(sample, msg, sample.format("facebook-feed-square"), 0.2)
    img, _ = mockup_with_rect(sample, r)
    assert img.mode == "RGB"


def test_unknown_mockup_is_a_clear_error(sample):
    from dataclasses import replace

    r = _result(sample, "google-300x250", 0.25)
    bad = replace(r, format=replace(r.format, mockup="hologram"))
    with pytest.raises(ValueError, match="hologram"):
        mockup_with_rect(sample, bad)


def test_cli_render_mockup(sample, tmp_path):
    from creative_studio.cli import main

    out = tmp_path / "m.png"
    code = main(
        [
            "render",
            str(sample.path),
            "-m",
            "freedom",
            "-f",
            "snapchat-snap-ad",
            "-o",
            str(out),
            "--mockup",
            "--scale",
            "0.2",
        ]
    )
    assert code == 0
    with Image.open(out) as im:
        assert im.width > 216 and im.height > 384


def test_mockups_and_distance_do_not_import_qt():
    code = (
        "import sys; import creative_studio.render.mockups, creative_studio.render.distance; "
        "bad = [m for m in sys.modules if m.startswith('PySide6')]; print(bad); sys.exit(1 if bad else 0)"
    )
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr


_WORDS = ["Police Scotland", "شرطة اسكتلندا", "משטרה", "पुलिस", "ตำรวจ", "🙂 Emoji Team", "", "x" * 80, "Ünïcödé Ltd."]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    brand=st.one_of(st.sampled_from(_WORDS), st.text(max_size=40)),
    copy=st.one_of(st.sampled_from(_WORDS), st.text(max_size=300)),
    url=st.sampled_from(["", "https://www.example.org/path", "stopitnow.org.uk", "ünï.example"]),
    mid=st.sampled_from(["facebook-feed", "x-post", "snapchat", "facebook-story"]),
)
def test_any_copy_or_brand_renders(sample, brand, copy, url, mid):
    """Brand names and copy come from designers: any Unicode, any length, never a crash."""
    from dataclasses import replace

    fid, _ = CASES[mid]
    campaign = replace(sample, brand_name=brand, url=url)
    for field in ("headline", "primary_text", "description"):
        campaign = campaign.with_message_text("employ", field, copy)
    r = _result(campaign, fid, 0.1)
    img, rect = mockup_with_rect(campaign, r)
    assert img.mode == "RGB" and img.crop(rect).size == r.image.size
