"""Print-ready PDF/X-4: boxes at the supply scale, CMYK only, outlines, output intent, same bytes."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageChops

from creative_studio.encode import press
from creative_studio.encode.pdf import shape
from creative_studio.encode.preflight import preflight
from creative_studio.export.print_job import print_pdf, supplied_trim_mm
from creative_studio.model import load_campaign
from creative_studio.render.engine import render, render_message
from creative_studio.render.recording import Recording

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "templates" / "stopitnow.yaml"
MM = 72 / 25.4


@pytest.fixture(scope="module")
def campaign():
    return load_campaign(SAMPLE)


@pytest.fixture(scope="module")
def pdf48(campaign) -> bytes:
    return print_pdf(campaign, "employ", "outdoor-48-sheet")


def _ops(pdf: pikepdf.Pdf) -> list[str]:
    return [str(op) for _, op in pikepdf.parse_content_stream(pdf.pages[0].obj)]


def test_every_print_format_passes_preflight_with_boxes_at_supply_scale(campaign):
    fids = [f.id for f in campaign.formats if f.print_spec]
    assert set(fids) >= {"outdoor-48-sheet", "outdoor-96-sheet", "outdoor-6-sheet"}
    for fid in ("outdoor-6-sheet", "outdoor-48-sheet"):
        fmt = campaign.format(fid)
        data = print_pdf(campaign, "freedom", fid)
        report = preflight(data, min_dpi=fmt.print_spec.dpi, expect_trim_mm=supplied_trim_mm(fmt))
        assert report.ok, report.problems
        assert report.min_image_dpi is not None and report.min_image_dpi >= 300 - 0.5
        with pikepdf.open(__import__("io").BytesIO(data)) as pdf:
            trim = [float(v) for v in pdf.pages[0].obj.TrimBox]
            bleed = [float(v) for v in pdf.pages[0].obj.BleedBox]
            w_mm, h_mm = (trim[2] - trim[0]) / MM, (trim[3] - trim[1]) / MM
            assert (round(w_mm, 1), round(h_mm, 1)) == (
                round(fmt.print_spec.width_mm / fmt.print_spec.scale, 1),
                round(fmt.print_spec.height_mm / fmt.print_spec.scale, 1),
            )
            b = fmt.print_spec.bleed_mm * MM
            assert b > 0
            assert bleed == pytest.approx([trim[0] - b, trim[1] - b, trim[2] + b, trim[3] + b], abs=1e-3)


def test_the_96_sheet_is_a_tenth_of_12192_by_3048_mm(campaign):
    fmt = campaign.format("outdoor-96-sheet")
    assert supplied_trim_mm(fmt) == pytest.approx((1219.2, 304.8))


def test_re_export_gives_the_same_bytes(campaign, pdf48):
    assert print_pdf(campaign, "employ", "outdoor-48-sheet") == pdf48
    assert print_pdf(campaign, "freedom", "outdoor-48-sheet") != pdf48


def test_cmyk_only_and_an_output_intent_with_the_shipped_profile(campaign, pdf48):
    with pikepdf.open(__import__("io").BytesIO(pdf48)) as pdf:
        ops = _ops(pdf)
        assert "k" in ops and not {"rg", "RG", "sc", "scn", "SC", "SCN", "g", "G"} & set(ops)
        page = pdf.pages[0].obj
        assert str(page.Group.CS) == "/DeviceCMYK"
        for sh in page.Resources.Shading.values():
            assert str(sh.ColorSpace) == "/DeviceCMYK"
        images = list(page.Resources.XObject.values())
        assert images and all(str(im.ColorSpace) == "/DeviceCMYK" for im in images)
        assert all(str(im.SMask.ColorSpace) == "/DeviceGray" for im in images)
        (oi,) = pdf.Root.OutputIntents
        assert str(oi.S) == "/GTS_PDFX" and str(oi.OutputConditionIdentifier) == "FOGRA39"
        prof = oi.DestOutputProfile
        assert int(prof.N) == 4 and prof.read_bytes() == press.profile_bytes()
        assert b"<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in pdf.Root.Metadata.read_bytes()
        assert str(pdf.docinfo.Trapped) == "/False" and pdf.pdf_version == "1.6"
        # Dates come from the campaign (its flight start), never the clock.
        assert str(pdf.docinfo.CreationDate) == "D:" + campaign.flight_start.replace("-", "") + "000000Z"


def test_text_is_outlined_glyph_by_glyph_with_no_fonts(campaign, pdf48):
    rec = Recording()
    render_message(campaign, campaign.message("employ"), campaign.format("outdoor-48-sheet"), 0.05, recording=rec)
    glyphs = sum(1 for op in rec.texts for gid, _, _ in shape(op) if op.text.strip())
    inked = sum(len([c for c in op.text if not c.isspace()]) for op in rec.texts)
    assert inked >= 30  # slogan, call to action and hashtag
    with pikepdf.open(__import__("io").BytesIO(pdf48)) as pdf:
        assert "/Font" not in pdf.pages[0].obj.Resources
        content = pdf.pages[0].obj.Contents.read_bytes().decode()
    # One transformed outline ("q k 0 0 k x y cm ... f Q") per inked glyph.
    placed = len(re.findall(r"^q [\d.]+ 0 0 [\d.]+ [-\d.]+ [-\d.]+ cm$", content, flags=re.M))
    assert placed >= inked and placed <= glyphs


def test_the_printed_page_looks_like_the_png(campaign, pdf48, tmp_path):
    """Rasterised by poppler, the PDF matches the soft-proofed PNG (same layout, same colours)."""
    assert shutil.which("pdftoppm"), "poppler-utils (pdftoppm) is a test dependency: scripts/setup.sh installs it"
    (tmp_path / "p.pdf").write_bytes(pdf48)
    dpi = 15
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(tmp_path / "p.pdf"), str(tmp_path / "p")], check=True
    )
    page = Image.open(tmp_path / "p.png").convert("RGB")
    b = round(3 / 25.4 * dpi)
    w, h = round(609.6 / 25.4 * dpi), round(304.8 / 25.4 * dpi)
    pdf = page.crop((b, b, b + w, b + h))
    png = press.soft_proof(render(campaign, "employ", "outdoor-48-sheet", 0.1).resize((w, h), Image.Resampling.BOX))
    d = ImageChops.difference(png, pdf).convert("L")
    hist = d.histogram()
    mean = sum(i * v for i, v in enumerate(hist)) / sum(hist)
    assert mean < 16, mean
    # The slogan is there: its white letters are the brightest pixels of the text area in both.
    slogan = render_message(campaign, campaign.message("employ"), campaign.format("outdoor-48-sheet"), w / 7200).block(
        "slogan"
    )
    x0, y0, x1, y1 = slogan.ink
    assert pdf.crop((x0, y0, x1, y1)).convert("L").getextrema()[1] > 200


def test_crop_marks_sit_outside_the_bleed_in_registration(campaign):
    data = print_pdf(campaign, "employ", "outdoor-6-sheet", marks=True)
    plain = print_pdf(campaign, "employ", "outdoor-6-sheet")
    with pikepdf.open(__import__("io").BytesIO(data)) as pdf, pikepdf.open(__import__("io").BytesIO(plain)) as p0:
        page, p = pdf.pages[0].obj, p0.pages[0].obj
        media, bleed = [float(v) for v in page.MediaBox], [float(v) for v in page.BleedBox]
        assert media[2] - bleed[2] > 6 * MM and [float(v) for v in p.MediaBox] == [float(v) for v in p.BleedBox]
        content = page.Contents.read_bytes().decode()
        assert "1 1 1 1 K" in content and content.count(" l S") == 8
    assert preflight(data).ok


def test_preflight_fails_a_plain_rgb_pdf_with_reasons(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "rgb.pdf"
    c = canvas.Canvas(str(path))
    c.setFillColorRGB(1, 0, 0)
    c.rect(10, 10, 100, 100, fill=1)
    c.drawString(100, 700, "Hello")
    c.save()
    out = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "preflight", str(path)], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 1, out.stderr
    for reason in ("PDF/X version", "output intent", "TrimBox", "RGB colour operator", "not embedded"):
        assert reason in out.stderr
    assert "Traceback" not in out.stderr


def test_preflight_flags_an_rgb_image_and_a_low_resolution(pdf48, tmp_path):
    with pikepdf.open(__import__("io").BytesIO(pdf48)) as pdf:
        page = pdf.pages[0]
        rgb = pikepdf.Stream(pdf, bytes(3 * 4 * 4))
        n = pikepdf.Name
        rgb.update(
            {
                "/Type": n.XObject,
                "/Subtype": n.Image,
                "/Width": 4,
                "/Height": 4,
                "/ColorSpace": n.DeviceRGB,
                "/BitsPerComponent": 8,
            }
        )
        page.obj.Resources.XObject["/ImRGB"] = rgb
        page.contents_add(pikepdf.Stream(pdf, b"q 100 0 0 100 0 0 cm /ImRGB Do Q"))
        pdf.save(tmp_path / "bad.pdf")
    report = preflight(tmp_path / "bad.pdf", min_dpi=300)
    assert not report.ok
    assert any("RGB colour space DeviceRGB" in p for p in report.problems)
    assert any("placed at 3 ppi, below the 300 ppi" in p for p in report.problems)


def test_preflight_command_passes_our_file_and_refuses_what_is_not_a_pdf(pdf48, tmp_path):
    good = tmp_path / "poster.pdf"
    good.write_bytes(pdf48)
    ok = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "preflight", str(good)], capture_output=True, text=True, timeout=120
    )
    assert ok.returncode == 0 and "preflight passed" in ok.stdout and ok.stdout.count("\n") == 1
    for bad in (ROOT / "README.md", tmp_path, tmp_path / "missing.pdf"):
        r = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "preflight", str(bad)], capture_output=True, text=True, timeout=120
        )
        assert r.returncode == 2 and "Traceback" not in r.stderr and str(bad.name) in r.stderr


def test_out_of_gamut_green_on_a_48_sheet(campaign):
    from dataclasses import replace

    from creative_studio.checks import run_checks
    from creative_studio.render import render_detailed

    green = replace(campaign, brand=replace(campaign.brand, accent="#00FF00"))
    found = run_checks(green, render_detailed(green, "employ", "outdoor-48-sheet", 0.05))
    hits = [f for f in found if f.rule == "out-of-gamut"]
    assert len(hits) == 1 and hits[0].severity == "warning"
    assert "#00FF00" in hits[0].text and "prints as #" in hits[0].text
    # The same colour on a screen format is not a print problem; the sample's own colours print.
    assert not [
        f
        for f in run_checks(green, render_detailed(green, "employ", "x-image-square", 0.2))
        if f.rule == "out-of-gamut"
    ]
    assert not [
        f
        for f in run_checks(campaign, render_detailed(campaign, "employ", "outdoor-48-sheet", 0.05))
        if f.rule == "out-of-gamut"
    ]


def test_ciede2000_matches_published_test_pairs():
    # Sharma, Wu & Dalal (2005), table 1, pairs 1, 7 and 17.
    assert press.delta_e2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert press.delta_e2000((50, 0, 0), (50, -1, 2)) == pytest.approx(2.3669, abs=1e-4)
    assert press.delta_e2000((50, 2.5, 0), (73, 25, -18)) == pytest.approx(27.1492, abs=1e-4)
