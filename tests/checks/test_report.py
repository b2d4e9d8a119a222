"""check_campaign and the terminal text: grouped by message and format, counts of what was checked."""

from __future__ import annotations

from checks_helpers import load

from creative_studio.checks.findings import Finding
from creative_studio.checks.report import Findings, check_campaign, format_text


def test_count_is_of_the_filtered_messages_and_formats():
    c = load("word_count")
    fs = check_campaign(c, ["nine", "six"], ["t-six-sheet"], jobs=1)
    assert isinstance(fs, Findings) and fs.renders == 2
    text = format_text(c, fs)
    assert text.splitlines()[-1].startswith("2 renders checked: ")
    assert "t-billboard" not in text


def test_text_is_grouped_by_message_then_format():
    c = load("word_count")
    fs = [
        Finding("word-count", "warning", "nine", "t-six-sheet", "Slogan has 9 words", (1, 2, 3, 4)),
        Finding("min-text-size", "error", "twelve", "t-billboard", "too small", None),
        Finding("word-count", "error", "twelve", "t-billboard", "12 words", None),
    ]
    text = format_text(c, fs, message_ids=["nine", "twelve"], format_ids=["t-six-sheet", "t-billboard"])
    lines = text.splitlines()
    assert lines[0].startswith("nine:") and lines[1].strip() == "t-six-sheet"
    assert "WARNING" in lines[2] and "at [1, 2, 3, 4]" in lines[2]
    assert lines[3].startswith("twelve:")
    assert lines[-1] == "4 renders checked: 2 error(s), 1 warning(s)"
    # errors before warnings, then by rule
    assert lines[5].split()[1] == "min-text-size" and lines[6].split()[1] == "word-count"


def test_plain_list_counts_the_whole_campaign():
    c = load("ok")
    assert format_text(c, []).endswith(f"{len(c.formats)} renders checked: 0 error(s), 0 warning(s)")
