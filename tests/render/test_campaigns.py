"""Campaigns nobody tuned the layouts to, laid out on every message x format.

tests/campaigns/ holds campaigns unlike the sample: a road-safety charity on a light ground with
phone numbers, speeds, units and a partner logo; Gaelic and Welsh copy (long words, accents, a
designer's own line break, copy too long for any box); Arabic and Hebrew with numbers and Latin
names. The assertions read the `layout` command's data, as a script would.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from creative_studio.cli.layout import layout_json
from creative_studio.model import load_campaign
from creative_studio.render import linebreak

CAMPAIGNS = sorted((Path(__file__).parents[1] / "campaigns").glob("*.yaml"))
PHONE = re.compile(r"\d{3,5}(?: / | )\d{3,4}(?: \d{3,4})?")
NUM_UNIT = re.compile(r"\d+(?: |\u00a0)(?:mph|km/h|m|%)(?![\w])|\d+%|£\d+")
CLOSING = set(")]}»”’!?.,;:")


@pytest.fixture(scope="module", params=[p.stem for p in CAMPAIGNS])
def laid_out(request):
    c = load_campaign(Path(__file__).parents[1] / "campaigns" / f"{request.param}.yaml")
    return c, layout_json(c, scale=1.0), layout_json(c, scale=0.25)


def _renders(data):
    return {(r["message"], r["format"]): r for r in data["renders"]}


def test_there_are_campaigns_unlike_the_sample():
    assert {p.stem for p in CAMPAIGNS} >= {"roadsafe", "celtic", "rtl"}


def test_no_line_starts_with_a_dash_or_closing_punctuation(laid_out):
    _, full, _ = laid_out
    for r in full["renders"]:
        for b in r["blocks"]:
            for ln in b["lines"][1:]:
                t = ln["text"]
                assert t and not linebreak.is_dash(t[0]) and not t.startswith("- "), (r["format"], t)
                assert t[0] not in CLOSING, (r["format"], b["lines"])


def test_no_split_phone_number_or_number_and_unit(laid_out):
    c, full, _ = laid_out
    for r in full["renders"]:
        for b in r["blocks"]:
            if any(ln["text"].endswith("…") for ln in b["lines"]):
                continue  # cut text is judged by the overflow test
            joined = " ".join(ln["text"] for ln in b["lines"])
            for rx in (PHONE, NUM_UNIT):
                for m in rx.finditer(joined):
                    assert any(m.group() in ln["text"] for ln in b["lines"]), (r["message"], r["format"], b["lines"])
            for phrase in c.keep_together:
                if phrase in joined:
                    assert any(phrase in ln["text"] for ln in b["lines"]), (r["format"], b["lines"])


def test_no_runt_last_line(laid_out):
    """No short word alone on the last line when the block has more lines and was not cut."""
    _, full, _ = laid_out
    for r in full["renders"]:
        for b in r["blocks"]:
            lines = [ln["text"] for ln in b["lines"]]
            if len(lines) < 2 or b["overflow"] or "\n" in b["text"]:
                continue
            last = lines[-1]
            assert " " in last or len(last) > 4, (r["message"], r["format"], lines)


def test_no_ink_outside_its_box_or_the_canvas(laid_out):
    _, full, small = laid_out
    for data in (full, small):
        for r in data["renders"]:
            for b in r["blocks"]:
                x0, y0, x1, y1 = b["box"]
                assert 0 <= x0 and 0 <= y0 and x1 <= r["width"] and y1 <= r["height"], (r["format"], b["role"])
                for ln in b["lines"]:
                    if ln["ink"] is None:
                        continue
                    i = ln["ink"]
                    assert x0 - 1 <= i[0] and y0 - 1 <= i[1] and i[2] <= x1 + 1 and i[3] <= y1 + 1, (
                        r["message"],
                        r["format"],
                        b["role"],
                        ln,
                        b["box"],
                    )


def test_no_overlapping_elements(laid_out):
    _, full, small = laid_out
    for data in (full, small):
        for r in data["renders"]:
            els = [("face", r["face"])] + ([("logo", r["logo"])] if r["logo"] else [])
            els += [(b["role"], b["ink"]) for b in r["blocks"] if b["ink"]]
            for i, (na, a) in enumerate(els):
                for nb, b in els[i + 1 :]:
                    hit = a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
                    assert not hit, (r["message"], r["format"], data["renders"][0]["scale"], na, a, nb, b)


def test_logo_keeps_a_margin_from_edges_and_safe_zone(laid_out):
    c, full, _ = laid_out
    for r in full["renders"]:
        if not r["logo"]:
            continue
        fmt = c.format(r["format"])
        m = 0.03 * min(fmt.width, fmt.height) - 1
        x0, y0, x1, y1 = r["logo"]
        s = fmt.safe
        assert x0 >= s.left + m and y0 >= s.top + m, r["format"]
        assert x1 <= fmt.width - s.right - m and y1 <= fmt.height - s.bottom - m, r["format"]


def test_line_breaks_identical_at_quarter_and_full_size(laid_out):
    _, full, small = laid_out
    a, b = _renders(full), _renders(small)
    assert a.keys() == b.keys()
    for key, r in a.items():
        la = [[ln["text"] for ln in blk["lines"]] for blk in r["blocks"]]
        lb = [[ln["text"] for ln in blk["lines"]] for blk in b[key]["blocks"]]
        assert la == lb, key


# Copy of ordinary length: it fits every format of the catalogue without being cut.
FITS_EVERYWHERE = {"roadsafe": {"speed", "wildwest", "distance"}, "celtic": {"gaelic", "forced"}, "rtl": {"mixed"}}


def test_copy_of_ordinary_length_is_never_cut(laid_out):
    c, full, _ = laid_out
    over = {(r["message"], r["format"], b["role"]) for r in full["renders"] for b in r["blocks"] if b["overflow"]}
    assert not [o for o in over if o[0] in FITS_EVERYWHERE.get(c.id, set())], sorted(over)


def test_copy_too_long_is_cut_with_an_ellipsis_inside_its_box(laid_out):
    c, full, _ = laid_out
    for r in full["renders"]:
        for b in r["blocks"]:
            if b["overflow"]:
                assert b["lines"] and b["lines"][-1]["text"].endswith("…"), (r["format"], b["lines"])
    if c.id == "celtic":
        assert any(b["overflow"] for r in full["renders"] if r["message"] == "long" for b in r["blocks"])


def test_sample_billboards_meet_legibility_for_cta_and_hashtag_and_advice_is_actionable():
    from creative_studio.checks.report import check_campaign
    from creative_studio.model import load_sample

    c = load_sample()
    fs = check_campaign(c, None, [f.id for f in c.formats if f.platform == "outdoor"], jobs=1)
    sizes = [f for f in fs if f.rule == "min-text-size"]
    assert not [f for f in sizes if not f.text.startswith("Slogan")], [f.text for f in sizes]
    for f in sizes:  # what is left is the slogan at the far distance: fewer words fix it
        assert "Use fewer words in the slogan" in f.text
    assert not [f for f in fs if f.severity == "error"]


def test_what_layout_reports_is_what_render_draws(laid_out):
    """Painted renders at a thumbnail-ish scale: the same boxes and lines as the layout data."""
    from creative_studio.render import render_detailed
    from creative_studio.render.engine import layout_message

    c, _, _ = laid_out
    for mid in c.message_ids:
        for fmt in c.formats:
            r = render_detailed(c, mid, fmt.id, 0.2)
            lay = layout_message(c, c.message(mid), fmt, 0.2)
            assert r.image.size == fmt.size_at(0.2)
            assert [(b.box, b.ink, [ln.text for ln in b.lines]) for b in r.texts] == [
                (b.box, b.ink, [ln.text for ln in b.lines]) for b in lay.texts
            ], (mid, fmt.id)
            assert (r.logo, r.face_ink) == (lay.logo, lay.face_ink)


def test_no_pixel_of_text_outside_its_box(laid_out):
    """The render minus the same render without copy differs only inside the text boxes (and
    where the logo went): no lettering or button escapes, at full size and as a thumbnail."""
    from dataclasses import replace

    from PIL import ImageChops, ImageDraw

    from creative_studio.render.engine import render_message

    c, _, _ = laid_out
    for mid in c.message_ids[:2] + c.message_ids[-1:]:
        m = c.message(mid)
        blank = replace(m, slogan="", cta="", cta_short="", hashtag="")
        for fmt in c.formats:
            scale = min(1.0, 1500 / max(fmt.width, fmt.height))
            a = render_message(c, m, fmt, scale)
            b = render_message(c, blank, fmt, scale)
            diff = ImageChops.difference(a.image, b.image).convert("L")
            d = ImageDraw.Draw(diff)
            for blk in a.texts:
                d.rectangle(blk.box, fill=0)
            for logo in (a.logo, b.logo):
                if logo:
                    d.rectangle(logo, fill=0)
            assert diff.getbbox() is None, (mid, fmt.id, diff.getbbox())
