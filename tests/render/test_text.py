"""Text fitting: largest size that fits, balanced breaks, never clipped silently, never a crash."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creative_studio.render import fonts
from creative_studio.render.text import fit_text, line_width


def test_fits_box_and_balances_lines():
    fit = fit_text("Get ready to kiss your freedom goodbye", "slogan", 900, 400, 20, 200, 3)
    assert not fit.overflow
    assert max(fit.widths) <= 900.5
    assert len(fit.lines) * fit.line_height <= 400.5
    # one size larger would not fit (it is the largest)
    bigger = fit.size + 2
    assert (
        max(line_width(ln, "slogan", bigger) for ln in fit.lines) > 900
        or len(fit.lines) * fit.line_height * bigger / fit.size > 400
        or len(fit.lines) >= 2
    )
    # balanced: no dangling single short word when lines could be even
    assert min(fit.widths) > 0.4 * max(fit.widths)


def test_too_long_for_min_size_reports_overflow():
    text = "This slogan is far far far too long to ever fit a tiny banner at a readable size"
    fit = fit_text(text, "slogan", 120, 30, 10, 30, 2)
    assert fit.overflow
    assert fit.size == 10
    # As many lines as the box holds, each inside it; the cut is marked with an ellipsis.
    assert len(fit.lines) * fit.line_height <= 30 + 0.5
    assert max(fit.widths) <= 120
    assert fit.lines[-1].endswith("…")
    assert text.startswith(" ".join(fit.lines)[:-1].rstrip())


def test_forced_line_breaks_are_kept():
    fit = fit_text("Who would\nemploy you?", "slogan", 2000, 2000, 10, 100, 4)
    assert fit.lines == ("Who would", "employ you?")


def test_fallback_fonts_cover_scripts_and_emoji():
    for text in ("مرحبا بالعالم", "שלום עולם", "नमस्ते", "สวัสดี", "Ελλάδα", "Привет", "👨‍👩‍👧 🙂🏽 🇬🇧"):
        runs, missing = fonts.runs(text, "slogan")
        assert not missing, text
    runs, _ = fonts.runs("Hi 👨‍👩‍👧", "slogan")
    assert runs[-1].path == fonts.EMOJI_FONT
    assert runs[-1].text == "👨‍👩‍👧"


def test_missing_glyphs_are_reported():
    assert fonts.missing_glyphs("ok \U0001d11e \u4e2d") == ("\U0001d11e", "\u4e2d")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(st.characters(blacklist_categories=("Cs",)), max_size=80),
    w=st.integers(10, 1500),
    h=st.integers(8, 600),
    lines=st.integers(1, 6),
)
def test_any_unicode_fits_or_reports(text, w, h, lines):
    fit = fit_text(text, "slogan", w, h, 8, 300, lines)
    assert 8 <= fit.size <= 300
    if not fit.overflow:
        assert max(fit.widths, default=0) <= w + 0.5
        assert len(fit.lines) * fit.line_height <= h + 0.5
        assert len(fit.lines) <= lines


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["مرحبا", "שלום", "e\u0301\u0302", "👩🏽‍💻", "🏳️‍🌈", "a" * 60, "x" * 200, "\u200f\u200e", " "]),
    st.integers(1, 4),
)
def test_hard_cases_render(sample, token, n):
    from creative_studio.render import render_detailed

    campaign = sample.with_message_text("employ", "slogan", " ".join([token] * n))
    r = render_detailed(campaign, "employ", "google-300x250", 1.0)
    assert r.image.size == (300, 250)
    slogan = r.block("slogan")
    assert (slogan is not None) == bool(token.strip())  # a blank slogan draws nothing, no crash


def test_space_after_emoji_uses_a_text_font():
    runs, _ = fonts.runs("🙂 word", "slogan")
    assert [r.path for r in runs] == [fonts.EMOJI_FONT, fonts.chain_for("slogan")[0]]
    assert runs[1].text == " word"


def test_control_characters_do_not_break_drawing():
    from PIL import Image, ImageDraw

    from creative_studio.render.text import draw_line

    im = Image.new("RGB", (400, 100))
    assert draw_line(ImageDraw.Draw(im), 10, 60, "Who\x1e would\x07", "slogan", 40, "#FFFFFF") is not None
