"""The contrast rule's measurement: WCAG arithmetic, pixels behind the text, any scale."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw

from creative_studio.checks.rules import contrast_ratio, is_large_text, line_contrast, luminance
from creative_studio.render import fonts

NAVY, WHITE, YELLOW = (14, 26, 43), (255, 255, 255), (255, 204, 51)


def test_wcag_arithmetic():
    assert contrast_ratio(WHITE, (0, 0, 0)) == pytest.approx(21.0)
    assert contrast_ratio((0x76, 0x76, 0x76), WHITE) == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio((0x77, 0x77, 0x77), WHITE) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio(WHITE, NAVY) == contrast_ratio(NAVY, WHITE)
    assert luminance((255, 255, 255)) == pytest.approx(1.0)


def test_large_text_is_24px_or_bold_18_66px_at_1x():
    assert is_large_text("body", 24) and not is_large_text("body", 23)
    assert is_large_text("slogan", 18.7) and not is_large_text("slogan", 18)  # InterDisplay-Black is bold
    assert is_large_text("cta", 19)  # Inter-Bold


def _line(size: int, ground, fill, width: int = 900, under=None):
    """A line of text drawn on `ground`, optionally with a block of colour `under` part of it."""
    img = Image.new("RGB", (width, size * 2), ground)
    d = ImageDraw.Draw(img)
    if under:
        d.rectangle(under[0], fill=under[1])
    font = fonts.font(fonts.ROLE_FONTS["slogan"], size)
    d.text((20, size * 1.5), "Who would employ you?", font=font, fill=fill, anchor="ls")
    return img, tuple(round(v) for v in d.textbbox((20, size * 1.5), "Who would employ you?", font=font, anchor="ls"))


@pytest.mark.parametrize("size", [10, 16, 40, 120])
def test_white_on_navy_reads_as_the_colours_ratio(size):
    img, ink = _line(size, NAVY, WHITE, width=size * 14)
    assert line_contrast(img, ink, WHITE) == pytest.approx(contrast_ratio(WHITE, NAVY), rel=0.1)


def test_navy_on_yellow_button_small_type():
    """Small anti-aliased type never reaches its pure colour; the edges must not count as ground."""
    img, ink = _line(9, YELLOW, NAVY, width=140)
    assert line_contrast(img, ink, NAVY) > 0.8 * contrast_ratio(NAVY, YELLOW)


def test_a_light_patch_behind_some_letters_is_caught():
    """The yellow face behind the last word: white on yellow is 1.5:1 whatever the rest is."""
    img, ink = _line(60, NAVY, WHITE, width=900, under=((560, 0, 900, 120), YELLOW))
    ratio = line_contrast(img, ink, WHITE)
    assert ratio < 2.0


def test_text_the_colour_of_its_ground():
    img, ink = _line(40, NAVY, (20, 30, 50), width=600)
    assert line_contrast(img, ink, (20, 30, 50)) < 1.2


def test_sampling_keeps_huge_lines_cheap_and_right():
    """A 96-sheet-sized line is sampled, not read whole, and still measured right."""
    img, ink = _line(700, NAVY, WHITE, width=9000)
    assert line_contrast(img, ink, WHITE) == pytest.approx(contrast_ratio(WHITE, NAVY), rel=0.1)


def test_same_verdict_at_preview_and_full_size(sample):
    from creative_studio.checks.rules import Context, fill_for
    from creative_studio.render import render_detailed

    ratios = []
    for scale in (0.25, 1.0):
        res = render_detailed(sample, "freedom", "facebook-feed-square", scale)
        ctx = Context(sample, sample.message("freedom"), res)
        ratios.append([line_contrast(res.image, ln.ink, fill_for(ctx, b.role)) for b in res.texts for ln in b.lines])
    assert len(ratios[0]) == len(ratios[1])
    for a, b in zip(*ratios, strict=True):
        assert a == pytest.approx(b, rel=0.15)
