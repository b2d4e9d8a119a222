"""Distance view: what 20/20 vision resolves of a poster at its viewing distance."""

from __future__ import annotations

import math

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageStat

from creative_studio.render import render_detailed
from creative_studio.render.distance import (
    D6_SCREEN_M,
    default_distances,
    distance_view,
    physical_size_m,
    resolvable_px,
    smallest_detail_mm,
)


def test_resolvable_cells_follow_one_arcminute(sample):
    f48 = sample.format("outdoor-48-sheet")
    # 6.096 m / (30 m * tan 1') = 698.6 cells across
    assert resolvable_px(f48, 30) == pytest.approx(6.096 / (30 * math.tan(math.radians(1 / 60))))
    assert resolvable_px(f48, 30) == pytest.approx(698.6, abs=0.5)
    assert resolvable_px(f48, 60) == pytest.approx(resolvable_px(f48, 30) / 2)
    assert resolvable_px(f48, 30, acuity_arcmin=2) == pytest.approx(resolvable_px(f48, 30) / 2, rel=1e-3)
    assert smallest_detail_mm(30) == pytest.approx(8.73, abs=0.01)


def test_physical_sizes(sample):
    assert physical_size_m(sample.format("outdoor-96-sheet")) == (12.192, 3.048)
    assert physical_size_m(sample.format("outdoor-6-sheet")) == (1.2, 1.8)
    assert physical_size_m(sample.format("outdoor-d6")) == D6_SCREEN_M
    with pytest.raises(ValueError):
        physical_size_m(sample.format("google-300x250"))


def test_default_distances_come_from_the_format(sample):
    assert default_distances(sample.format("outdoor-48-sheet")) == (30.0, 60.0)
    assert default_distances(sample.format("outdoor-d6")) == (3.0, 10.0)
    assert default_distances(sample.format("facebook-feed-square")) == ()


def test_bad_distance_is_an_error(sample):
    with pytest.raises(ValueError):
        resolvable_px(sample.format("outdoor-48-sheet"), 0)


def _poster_with_patches(w=2000, h=1000):
    """A white poster with a 1-px checkerboard patch and a big black bar."""
    img = Image.new("RGB", (w, h), "white")
    px = img.load()
    for y in range(100, 300):
        for x in range(100, 300):
            if (x + y) % 2:
                px[x, y] = (0, 0, 0)
    ImageDraw.Draw(img).rectangle((600, 300, 1800, 600), fill="black")
    return img


def test_fine_detail_averages_out_and_a_big_bar_stays_dark(sample):
    f48 = sample.format("outdoor-48-sheet")
    img = _poster_with_patches()
    seen = distance_view(img, f48, 30)
    assert seen.size == img.size and seen.mode == "RGB"
    patch = ImageStat.Stat(seen.crop((120, 120, 280, 280)).convert("L"))
    assert ImageStat.Stat(img.crop((120, 120, 280, 280)).convert("L")).stddev[0] > 120  # sharp before
    assert abs(patch.mean[0] - 127.5) < 12 and patch.stddev[0] < 25  # a flat grey after
    bar = ImageStat.Stat(seen.crop((700, 380, 1700, 520)).convert("L"))
    assert bar.mean[0] < 10  # a big black bar survives


def test_large_slogan_survives_at_30m_small_text_does_not(sample):
    r = render_detailed(sample, "freedom", "outdoor-48-sheet", 0.3)  # 2160 px: finer than the eye at 30 m
    f48 = r.format
    slogan = r.block("slogan").ink
    seen = distance_view(r.image, f48, 30)
    before = ImageStat.Stat(r.image.crop(slogan).convert("L")).stddev[0]
    after = ImageStat.Stat(seen.crop(slogan).convert("L")).stddev[0]
    assert after > 0.85 * before  # the slogan keeps its contrast: still legible
    # text about 2.5 cm tall on the poster (3 px at this scale) is lost at 30 m
    img = Image.new("RGB", r.image.size, (14, 26, 43))
    d = ImageDraw.Draw(img)
    for i in range(0, 600, 6):
        d.line((200 + i, 100, 200 + i, 103), fill="white")  # 1-px strokes, 3 px tall
    region = (200, 100, 800, 104)
    blurred = ImageStat.Stat(distance_view(img, f48, 30).crop(region).convert("L")).stddev[0]
    sharp = ImageStat.Stat(img.crop(region).convert("L")).stddev[0]
    assert blurred < 0.35 * sharp


def test_farther_is_blurrier(sample):
    f6 = sample.format("outdoor-6-sheet")
    img = _poster_with_patches(1200, 1800)
    errs = [sum(ImageStat.Stat(ImageChops.difference(distance_view(img, f6, d), img)).mean) for d in (3, 10, 30)]
    assert errs[0] < errs[1] < errs[2]


def test_close_enough_returns_the_image_unchanged(sample):
    img = _poster_with_patches(600, 400)
    out = distance_view(img, sample.format("outdoor-48-sheet"), 5)  # 4190 cells > 400 px
    assert out.tobytes() == img.tobytes() and out is not img
