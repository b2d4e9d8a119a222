"""missing-alt-text: no alt text, or alt text that no longer says the slogan, is a warning per render."""

from __future__ import annotations

from dataclasses import replace

from creative_studio.checks import run_checks
from creative_studio.checks.rules.accessibility import contains_text
from creative_studio.render import render_detailed


def _alt_findings(campaign, message_id="freedom", format_id="facebook-feed-square"):
    result = render_detailed(campaign, message_id, format_id, 0.25)
    return [f for f in run_checks(campaign, result) if f.rule == "missing-alt-text"]


def test_the_sample_alt_texts_pass(sample):
    for m in sample.message_ids:
        assert _alt_findings(sample, m) == []


def test_a_message_without_alt_text_gets_one_warning(sample):
    c = sample.with_message(replace(sample.message("freedom"), alt_text="  \n"))
    (f,) = _alt_findings(c)
    assert (f.severity, f.message, f.format, f.box) == ("warning", "freedom", "facebook-feed-square", None)
    assert f.text.startswith("No alt text")


def test_alt_text_that_lost_the_slogan_gets_a_warning(sample):
    c = sample.with_message(replace(sample.message("freedom"), slogan="Your freedom, gone in one click"))
    (f,) = _alt_findings(c)
    assert f.severity == "warning" and "does not contain the slogan" in f.text
    assert "Your freedom, gone in one click" in f.text


def test_contains_ignores_case_punctuation_whitespace_and_emoji_but_not_word_edges():
    alt = "A face. Text:  who would EMPLOY\nyou #StopItNow 😀"
    assert contains_text(alt, "Who would employ you?")
    assert contains_text(alt, "  who   would employ you 😀 ")
    assert contains_text("Ｗｈｏ would employ you", "who would employ you")  # NFKC: full-width letters
    assert not contains_text("Who would employer you", "Who would employ you")
    assert not contains_text(alt, "Who would hire you?")
    assert contains_text(alt, "!!!")  # no words on the image: nothing to be missing
