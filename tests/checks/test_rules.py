"""Every rule: a campaign that breaks it (rule id, severity, box) and one that keeps it.

The campaigns live in data/ and use a test catalogue (data/catalogue/) of real shapes with limits
chosen to break one rule each, so the tests do not move when the shipped templates are tuned.
Renders are small (half size; posters at 1:10 of the artwork): the rules work at any scale and
report boxes in full-size pixels.
"""

from __future__ import annotations

import pytest
from checks_helpers import findings, inside, load, near, overlaps, render_small

from creative_studio.checks import RULE_IDS, run_checks
from creative_studio.checks.rules import RULES


def test_every_rule_has_a_contract_id():
    """The registry holds exactly the ids of the CLI's JSON contract, once each, in print order."""
    from test_cli import RULE_IDS as CONTRACT

    assert sorted(RULE_IDS) == sorted(CONTRACT) and len(set(RULE_IDS)) == len(RULES)
    assert RULE_IDS[:2] == ("text-overflow", "safe-zone")  # findings print by family: layout first


# -- keeps: the clean campaign passes every rule on every format -------------------------------------


def test_clean_campaign_keeps_every_rule():
    c = load("ok")
    for fid in c.format_ids:
        res = render_small(c, "employ", fid)
        assert run_checks(c, res) == [], fid


# -- safe-zone --------------------------------------------------------------------------------------


def _pushed_into_band(res, dy: int = 0, dx: int = 0):
    """The render with its slogan's ink moved by (dx, dy): the engine never lets text leave its
    box any more, so a hand-moved block stands for a layout box drawn into a band."""
    from dataclasses import replace

    b = res.block("slogan")
    lines = tuple(replace(ln, ink=(ln.ink[0] + dx, ln.ink[1] + dy, ln.ink[2] + dx, ln.ink[3] + dy)) for ln in b.lines)
    return replace(res, texts=tuple(replace(t, lines=lines) if t is b else t for t in res.texts))


def test_overflowing_slogan_is_cut_inside_its_box_not_spilled_into_the_band():
    c = load("safe_zone_snap")
    res = render_small(c, "spill", "t-snap-spill")
    fs = run_checks(c, res)
    assert [f.rule for f in fs if f.rule == "safe-zone"] == []
    assert [f.severity for f in fs if f.rule == "text-overflow"] == ["error"]
    slogan = res.block("slogan")
    assert slogan.overflow and slogan.lines[-1].text.endswith("…")
    box = slogan.box
    for ln in slogan.lines:
        assert (
            box[0] - 1 <= ln.ink[0] and ln.ink[2] <= box[2] + 1 and box[1] - 1 <= ln.ink[1] and ln.ink[3] <= box[3] + 1
        )


def test_safe_zone_snapchat_bottom_band_names_the_band():
    c = load("safe_zone_snap")
    res = render_small(c, "spill", "t-snap-spill")
    moved = _pushed_into_band(res, dy=round(120 * res.scale))
    fs = [f for f in run_checks(c, moved) if f.rule == "safe-zone"]
    assert len(fs) == 1
    f = fs[0]
    assert f.severity == "error"
    assert f.text == "Slogan overlaps the bottom 150 px that Snapchat covers with its call to action"
    band = (0, 1920 - 150, 1080, 1920)
    assert overlaps(f.box, band) and inside(f.box, (0, 0, 1080, 1920))


def test_safe_zone_box_is_the_lines_that_overlap():
    c = load("safe_zone_snap")
    res = render_small(c, "spill", "t-snap-spill")
    moved = _pushed_into_band(res, dy=round(120 * res.scale))
    f = [x for x in run_checks(c, moved) if x.rule == "safe-zone"][0]
    slogan = moved.block("slogan")
    # Only the lines that reach into the band, not the whole block.
    assert f.box[1] > round(slogan.ink[1] / res.scale) + 40


def test_safe_zone_print_band_in_millimetres():
    from creative_studio.checks import run_checks as rc

    c = load("safe_zone_billboard")
    res = render_small(c, "spill", "t-billboard-spill")
    assert [f.rule for f in rc(c, res) if f.rule == "safe-zone"] == []  # cut inside its box
    ink = res.block("slogan").ink
    moved = _pushed_into_band(res, dx=res.safe[2] - ink[2] + max(2, round(40 * res.scale)))
    fs = [f for f in rc(c, moved) if f.rule == "safe-zone"]
    assert [f.severity for f in fs] == ["error"]
    assert "right 150 mm" in fs[0].text and "safe area" in fs[0].text
    right_band = (7200 - 177, 0, 7200, 3600)
    assert overlaps(fs[0].box, right_band)


def test_safe_zone_keeps():
    assert findings("safe_zone_snap", "spill", "t-snap", "safe-zone") == []


def test_overflow_same_at_any_scale():
    a = findings("safe_zone_snap", "spill", "t-snap-spill", "text-overflow", scale=0.25)
    b = findings("safe_zone_snap", "spill", "t-snap-spill", "text-overflow", scale=0.5)
    assert a[0].text == b[0].text and near(a[0].box, b[0].box, 12)


# -- text-overflow ----------------------------------------------------------------------------------


def test_text_overflow_banner():
    c = load("overflow_banner")
    res = render_small(c, "long", "t-banner")
    fs = [f for f in run_checks(c, res) if f.rule == "text-overflow"]
    assert len(fs) == 1 and fs[0].severity == "error"
    assert fs[0].text.startswith("Slogan") and "minimum size" in fs[0].text
    ink = res.block("slogan").ink
    assert near(fs[0].box, [v / res.scale for v in ink], 2)
    assert inside(fs[0].box, (0, 0, 320, 50))


def test_text_overflow_keeps():
    assert findings("overflow_banner", "short", "t-banner", "text-overflow") == []


# -- min-text-size ----------------------------------------------------------------------------------


def test_min_text_size_digital_warning():
    fs = findings("min_text_digital", "freedom", "t-square-strict", "min-text-size")
    slogan = [f for f in fs if f.text.startswith("Slogan")]
    assert len(slogan) == 1 and slogan[0].severity == "warning"  # ~69 px against 90 px
    assert "90 px" in slogan[0].text
    assert near(slogan[0].box, (52, 530, 1028, 752), 30)
    # The call to action and hashtag against 0.6 x 90 = 54 px.
    assert {f.text.split(" cap")[0] for f in fs} == {"Slogan", "Call to action", "Hashtag"}
    assert all("54 px" in f.text for f in fs if not f.text.startswith("Slogan"))


def test_min_text_size_digital_error_below_half():
    fs = findings("min_text_digital", "freedom", "t-square-severe", "min-text-size")
    slogan = [f for f in fs if f.text.startswith("Slogan")]
    assert slogan[0].severity == "error"  # ~69 px is below half of 200 px


def test_min_text_size_digital_keeps():
    assert findings("min_text_digital", "freedom", "t-square", "min-text-size") == []


def test_min_text_size_poster_at_viewing_distance():
    fs = findings("min_text_poster", "freedom", "t-billboard", "min-text-size")
    slogan = [f for f in fs if f.text.startswith("Slogan")][0]
    # Readable at the near end of the range (30 m -> 250 mm), not from the far end: a warning.
    assert slogan.severity == "warning"
    assert "at 60 m it needs 500 mm" in slogan.text
    mm = int(slogan.text.split("cap height ")[1].split(" mm")[0])
    assert 250 < mm < 500
    assert near(slogan.box, (2670, 370, 6880, 2310), 250)
    # Secondary copy is judged at the nearest distance (30 m -> 250 mm) and only warns.
    others = [f for f in fs if not f.text.startswith("Slogan")]
    assert others and all(f.severity == "warning" and "at 30 m it needs 250 mm" in f.text for f in others)


def test_min_text_size_poster_unreadable_even_near_is_an_error():
    from dataclasses import replace

    c = load("min_text_poster")
    fmt = replace(c.format("t-billboard"), viewing_distance_m=(80.0, 120.0))
    c = replace(c, formats=tuple(fmt if f.id == fmt.id else f for f in c.formats))
    fs = [f for f in run_checks(c, render_small(c, "freedom", "t-billboard")) if f.rule == "min-text-size"]
    slogan = [f for f in fs if f.text.startswith("Slogan")][0]
    assert slogan.severity == "error" and "at 80 m it needs 667 mm" in slogan.text


def test_min_text_size_poster_measures_at_full_size_whatever_the_scale():
    a = findings("min_text_poster", "freedom", "t-billboard", "min-text-size", scale=0.05)
    b = findings("min_text_poster", "freedom", "t-billboard", "min-text-size", scale=0.1)
    mm = [int(f.text.split("cap height ")[1].split(" mm")[0]) for f in (a[0], b[0])]
    assert abs(mm[0] - mm[1]) <= 0.05 * mm[1]


def test_min_text_size_poster_keeps_near_reading():
    assert findings("min_text_poster", "freedom", "t-six-sheet", "min-text-size") == []


# -- contrast ---------------------------------------------------------------------------------------


def test_contrast_low_slogan_colour():
    c = load("contrast_low")
    res = render_small(c, "employ", "t-square")
    fs = [f for f in run_checks(c, res) if f.rule == "contrast"]
    assert len(fs) == 1  # the worst line only
    f = fs[0]
    assert f.severity == "error" and f.text.startswith("Slogan line")
    assert "3:1 for large text" in f.text
    ratio = float(f.text.split("contrast of ")[1].split(":1")[0])
    assert 1.0 <= ratio < 2.0
    line_boxes = [[round(v / res.scale) for v in ln.ink] for ln in res.block("slogan").lines]
    assert any(near(f.box, lb, 2) for lb in line_boxes)


def test_contrast_reports_the_worst_line_hashtag():
    c = load("contrast_hashtag")
    res = render_small(c, "employ", "t-square")
    fs = [f for f in run_checks(c, res) if f.rule == "contrast"]
    assert len(fs) == 1 and fs[0].severity == "error"
    assert fs[0].text.startswith('Hashtag line "#StopItNow"')
    assert near(fs[0].box, [v / res.scale for v in res.block("hashtag").lines[0].ink], 2)


def test_contrast_counts_the_face_behind_the_text():
    fs = findings("contrast_face", "employ", "t-on-face", "contrast")
    assert len(fs) == 1 and fs[0].severity == "error"
    assert near(fs[0].box, (300, 580, 898, 632), 40)  # across the middle of the 1200 px face


def test_contrast_keeps():
    assert findings("ok", "employ", "t-square", "contrast") == []
    assert findings("ok", "employ", "t-banner", "contrast") == []  # small anti-aliased type on a button


# -- word-count -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "message, fmt, severity, words",
    [
        ("nine", "t-six-sheet", "warning", 9),
        ("twelve", "t-six-sheet", "error", 12),
        ("six", "t-billboard", "warning", 6),  # a roadside headline over 5 words
        ("twelve", "t-billboard", "error", 12),
    ],
)
def test_word_count_breaks(message, fmt, severity, words):
    c = load("word_count")
    res = render_small(c, message, fmt)
    fs = [f for f in run_checks(c, res) if f.rule == "word-count"]
    assert len(fs) == 1
    assert fs[0].severity == severity and f"{words} words" in fs[0].text
    assert near(fs[0].box, [v / res.scale for v in res.block("slogan").ink], 12)


@pytest.mark.parametrize("message, fmt", [("six", "t-six-sheet"), ("five", "t-billboard"), ("five", "t-six-sheet")])
def test_word_count_keeps(message, fmt):
    assert findings("word_count", message, fmt, "word-count") == []


def test_word_count_is_outdoor_only():
    # A 15-word slogan on a digital format is not a word-count matter.
    fs = findings("overflow_banner", "long", "t-banner", "word-count")
    assert fs == []


# -- copy-length ------------------------------------------------------------------------------------


def test_copy_length_headline_over_facebook_limit():
    fs = findings("copy_long", "long", "t-square", "copy-length")
    assert [(f.severity, f.box) for f in fs] == [("error", None)]
    assert fs[0].text.startswith("Headline is 45 characters") and "allows 40" in fs[0].text


def test_copy_length_snapchat_brand_name_emoji():
    fs = findings("copy_long", "long", "t-snap", "copy-length")
    texts = sorted(f.text for f in fs)
    assert all(f.severity == "error" for f in fs)
    assert any("no emoji in the brand name" in t for t in texts)
    assert any(t.startswith("Headline is 45 characters") and "allows 34" in t for t in texts)


def test_copy_length_google_long_headline_is_the_slogan():
    fs = findings("copy_long", "long", "t-google-resp-ok", "copy-length")
    assert any(f.text.startswith("Long headline is 96 characters") and "allows 90" in f.text for f in fs)
    assert any(f.text.startswith("Headline is 45 characters") and "allows 30" in f.text for f in fs)


def test_copy_length_keeps():
    for fid in ("t-square", "t-snap", "t-google-resp-ok"):
        assert findings("ok", "employ", fid, "copy-length") == [], fid


def test_copy_length_counts_what_a_reader_sees():
    from creative_studio.checks.rules import count_chars, has_emoji

    assert count_chars("Police 🚓") == 8
    assert count_chars("👨\u200d👩\u200d👧") == 1  # one family emoji
    assert count_chars("e\u0301") == 1
    assert has_emoji("Police Scotland 🚓") and not has_emoji("Police Scotland")


# -- text-coverage ----------------------------------------------------------------------------------


def test_text_coverage_google_error():
    c = load("coverage")
    res = render_small(c, "freedom", "t-google-resp")
    fs = [f for f in run_checks(c, res) if f.rule == "text-coverage"]
    assert len(fs) == 1 and fs[0].severity == "error"
    assert "Google" in fs[0].text and "20 %" in fs[0].text
    boxes = [
        [v / res.scale for v in bx]
        for b in res.texts
        for bx in [ln.ink for ln in b.lines if ln.ink] + ([b.pill] if b.pill else [])
    ]
    union = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
    assert near(fs[0].box, union, 2)


def test_text_coverage_meta_warning():
    fs = findings("coverage", "freedom", "t-meta-bigtext", "text-coverage")
    assert [f.severity for f in fs] == ["warning"]
    share = int(fs[0].text.split("covers ")[1].split(" %")[0])
    assert share > 20


def test_text_coverage_keeps():
    assert findings("ok", "employ", "t-google-resp-ok", "text-coverage") == []


def test_union_area():
    from creative_studio.checks.rules import union_area

    assert union_area([(0, 0, 10, 10)]) == 100
    assert union_area([(0, 0, 10, 10), (5, 5, 15, 15)]) == 175
    assert union_area([(0, 0, 10, 10), (2, 2, 8, 8)]) == 100  # a line inside its button counts once
    assert union_area([(0, 0, 10, 10), (20, 0, 30, 10)]) == 200


# -- file-size --------------------------------------------------------------------------------------


def test_file_size_over_budget():
    from creative_studio.checks.report import check_one

    c = load("file_size")
    fs = [f for f in check_one("employ", "t-tiny-budget", c) if f.rule == "file-size"]
    assert len(fs) == 1 and fs[0].severity == "error" and fs[0].box is None
    assert "1,500" in fs[0].text


def test_file_size_reported_bytes():
    c = load("ok")
    res = render_small(c, "employ", "t-banner")
    fs = [f for f in run_checks(c, res, png_bytes=200_000) if f.rule == "file-size"]
    assert [f.severity for f in fs] == ["error"] and "153,600" in fs[0].text
    assert [f for f in run_checks(c, res, png_bytes=20_000) if f.rule == "file-size"] == []


def test_file_size_keeps():
    from creative_studio.checks.report import check_one

    assert [f for f in check_one("employ", "t-banner", load("ok")) if f.rule == "file-size"] == []


# -- missing-glyph ----------------------------------------------------------------------------------


def test_missing_glyph():
    c = load("missing_glyph")
    res = render_small(c, "glyph", "t-square")
    fs = [f for f in run_checks(c, res) if f.rule == "missing-glyph"]
    assert len(fs) == 1 and fs[0].severity == "error"
    assert "U+2D30" in fs[0].text and "U+16A0" in fs[0].text
    assert near(fs[0].box, [v / res.scale for v in res.block("slogan").ink], 2)


def test_missing_glyph_keeps():
    assert findings("ok", "employ", "t-square", "missing-glyph") == []


# -- the context ------------------------------------------------------------------------------------


def test_boxes_are_whole_full_size_pixels_inside_the_image():
    c = load("safe_zone_snap")
    for scale in (0.3, 0.5):
        res = render_small(c, "spill", "t-snap-spill", scale)
        for f in run_checks(c, res):
            if f.box is not None:
                assert all(isinstance(v, int) for v in f.box)
                assert inside(f.box, (0, 0, 1080, 1920))


def test_run_checks_on_a_message_not_in_the_campaign():
    """The GUI renders an edit before it is committed; the checks judge what was drawn."""
    from dataclasses import replace

    from creative_studio.render import render_message

    c = load("ok")
    edited = replace(c.message("employ"), id="draft", headline="x" * 50)
    res = render_message(c, edited, c.format("t-square"), 0.25)
    fs = run_checks(c, res, message=edited)
    assert any(f.rule == "copy-length" and f.message == "draft" for f in fs)
    assert run_checks(c, res) is not None  # without the message: no crash


@pytest.mark.parametrize("scale", [0.1, 0.2, 0.35, 1.0])
def test_contrast_verdict_does_not_depend_on_the_preview_scale(scale):
    for name, fid in (("contrast_low", "t-square"), ("contrast_face", "t-on-face")):
        fs = findings(name, "employ", fid, "contrast", scale=scale)
        assert [f.severity for f in fs] == ["error"], (name, scale)
    assert findings("ok", "employ", "t-banner", "contrast", scale=scale) == []
    assert findings("ok", "employ", "t-square", "contrast", scale=scale) == []


@pytest.mark.parametrize("slogan", ["Who would employ you? 😟", "😟 Who would 🚓 employ you?", "Who 😟😟😟 you?"])
def test_contrast_leaves_colour_emoji_out(slogan):
    """An emoji in the copy is artwork in its own colours, not text against a yellow ground."""
    from dataclasses import replace

    from creative_studio.render import render_message

    for name, verdict in (("ok", []), ("contrast_low", ["error"])):
        c = load(name)
        m = replace(c.message("employ"), slogan=slogan)
        res = render_message(c.with_message(m), m, c.format("t-square"), 0.5)
        fs = [f.severity for f in run_checks(c.with_message(m), res) if f.rule == "contrast"]
        assert fs == verdict, (name, slogan)


def testband_names_say_pixels_percent_or_millimetres():
    from creative_studio.checks.rules import band_name
    from creative_studio.model import TEMPLATES_DIR, load_catalogue

    formats, _ = load_catalogue(TEMPLATES_DIR / "formats.yaml", TEMPLATES_DIR / "layouts.yaml")
    by_id = {f.id: f for f in formats}
    story, snap, bb = by_id["facebook-story"], by_id["snapchat-snap-ad"], by_id["outdoor-96-sheet"]
    assert band_name(story, "top", story.safe.top) == "top 269 px (14 %)"
    assert band_name(snap, "bottom", snap.safe.bottom) == "bottom 150 px"
    assert band_name(bb, "left", bb.safe.left) == "left 400 mm"
