"""The sign-off sheet shows the print proof: a soft-proofed thumbnail and the PDF's bound sha256."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from PIL import Image

from creative_studio.cli import run
from creative_studio.model import load_campaign
from creative_studio.review import load_reviews

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
GREEN = (0, 255, 0)


def _green_campaign(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("CREATIVE_STUDIO_CACHE", str(tmp_path / "cache"))
    for name in ("formats.yaml", "layouts.yaml"):
        shutil.copy(TEMPLATES / name, tmp_path / name)
    text = (TEMPLATES / "stopitnow.yaml").read_text(encoding="utf-8")
    text = text.replace('cta_background: "#FFCC33"', 'cta_background: "#00FF00"')  # out of the press's gamut
    text = text.replace("\nformats: all\n", "\nformats: [google-300x250, outdoor-6-sheet]\n")
    (tmp_path / "green.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "green.yaml"


def _greenish(px) -> bool:
    return px[1] > 235 and px[0] < 30 and px[2] < 30


def test_a_print_row_carries_its_soft_proof_and_the_bound_pdf_hash(tmp_path, monkeypatch):
    path = _green_campaign(tmp_path, monkeypatch)
    args = ["review", "set", str(path), "-m", "employ", "-f", "outdoor-6-sheet", "--status", "approved"]
    assert run([*args, "--by", "Jane Doe"]) == 0
    pdf_sha = dict(load_reviews(load_campaign(path)).history[-1].files)["pdf"]
    sheet = tmp_path / "sheet.pdf"
    assert run(["review", "sheet", str(path), "-o", str(sheet)]) == 0
    raw = subprocess.run(["pdftotext", str(sheet), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(raw.split())  # narrow table cells wrap their lines
    assert text.count("print proof (FOGRA39 soft proof)") == 3  # each 6-sheet row; none for the web banner
    assert f"PDF sha256 {pdf_sha[:12]}" in text
    assert text.count("PDF: not bound by a decision yet") == 2  # the other two messages' posters

    # The embedded pictures: each 6-sheet thumbnail has a twin, its proof, whose green button prints duller.
    out = tmp_path / "img"
    out.mkdir()
    subprocess.run(["pdfimages", "-png", str(sheet), str(out / "i")], check=True)
    images = [Image.open(p).convert("RGB") for p in sorted(out.glob("i-*.png"))]
    pairs = 0
    for a, b in zip(images, images[1:], strict=False):
        if a.size != b.size or a.height <= a.width:  # the 6-sheet is portrait; the banner is not
            continue
        green = [xy for xy in ((x, y) for x in range(a.width) for y in range(a.height)) if _greenish(a.getpixel(xy))]
        if not green:
            continue
        pairs += 1
        # Where the screen shows #00FF00 the proof shows what the press prints (#6DB537-ish), not green.
        proofed = [b.getpixel(xy) for xy in green]
        assert not any(_greenish(px) for px in proofed)
        mean = tuple(sum(c[i] for c in proofed) / len(proofed) for i in range(3))
        assert 80 < mean[0] < 140 and 160 < mean[1] < 200 and mean[2] < 90, mean
        # Elsewhere (the navy ground, in gamut) the two stay close.
        x, y = 2, 2
        assert max(abs(p - q) for p, q in zip(a.getpixel((x, y)), b.getpixel((x, y)), strict=True)) < 12
    assert pairs == 3
