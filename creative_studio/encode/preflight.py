"""Preflight a print PDF: what a print shop's checker refuses before a poster goes to press.

Checks, each reported as one sentence a designer or printer understands:
- PDF/X-4 identification: `GTS_PDFXVersion` in the XMP metadata (PDF/X-4 identifies itself there)
  and in the document information; PDF version 1.6 or later; not encrypted; `Trapped` set.
- Output intent: a `GTS_PDFX` output intent with an output condition identifier and an embedded
  CMYK ICC profile that parses (the profile's colour space must be CMYK).
- Page boxes: every page has a TrimBox; BleedBox (when given) contains the TrimBox and lies inside
  the MediaBox; with `expect_trim_mm`, the TrimBox has that size (0.1 mm tolerance).
- Colour: no RGB anywhere: no `rg`/`RG` operators, no DeviceRGB/CalRGB or three-channel ICCBased
  colour space in content streams, images, shadings, form XObjects or transparency groups.
  Colour spaces allowed: DeviceCMYK, DeviceGray, Separation/DeviceN with a CMYK alternate, and
  Pattern (its shadings are checked).
- Fonts: every font used is embedded (FontFile, FontFile2 or FontFile3).
- Images: the effective resolution of every placed image (pixels per inch at the size it is drawn
  on the page) is at least `min_dpi`.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

from ..model.types import MM_PER_INCH

_RGB_SPACES = {"/DeviceRGB", "/CalRGB"}
_TOL_PT = 0.1 * 72 / MM_PER_INCH


@dataclass
class PreflightReport:
    path: str
    problems: list[str] = field(default_factory=list)
    pages: int = 0
    images: int = 0
    min_image_dpi: float | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.ok:
            dpi = f", images at >= {self.min_image_dpi:.0f} ppi" if self.min_image_dpi else ""
            return f"{self.path}: PDF/X-4 preflight passed ({self.pages} page(s), CMYK only{dpi})"
        return f"{self.path}: PDF/X-4 preflight failed with {len(self.problems)} problem(s)"


class PreflightInputError(Exception):
    """The file is not a PDF that can be read at all."""


def _box(page, name: str) -> tuple[float, float, float, float] | None:
    v = page.obj.get(name)
    if v is None:
        return None
    x0, y0, x1, y1 = (float(a) for a in v)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _inside(inner, outer) -> bool:
    return (
        inner[0] >= outer[0] - _TOL_PT
        and inner[1] >= outer[1] - _TOL_PT
        and inner[2] <= outer[2] + _TOL_PT
        and inner[3] <= outer[3] + _TOL_PT
    )


def _space_problem(cs, where: str) -> str | None:
    """Why a colour space is not allowed in a CMYK-only file, or None."""
    if isinstance(cs, pikepdf.Name):
        name = str(cs)
        if name in _RGB_SPACES:
            return f"{where} uses the RGB colour space {name[1:]}; convert it to CMYK"
        return None
    if isinstance(cs, pikepdf.Array) and len(cs) > 0:
        kind = str(cs[0])
        if kind in _RGB_SPACES:
            return f"{where} uses the RGB colour space {kind[1:]}; convert it to CMYK"
        if kind == "/ICCBased":
            n = int(cs[1].get("/N", 0))
            if n == 3:
                return f"{where} uses an RGB ICC colour space; convert it to CMYK"
        if kind in ("/Separation", "/DeviceN"):
            return _space_problem(cs[2], where + " (its alternate space)")
        if kind == "/Indexed":
            return _space_problem(cs[1], where + " (its base space)")
    return None


class _Checker:
    def __init__(self, pdf: pikepdf.Pdf, report: PreflightReport, min_dpi: float | None) -> None:
        self.pdf = pdf
        self.r = report
        self.min_dpi = min_dpi
        self.seen_xobjects: set[tuple[int, int]] = set()
        self.seen_fonts: set[tuple[int, int]] = set()

    def problem(self, text: str) -> None:
        if text not in self.r.problems:
            self.r.problems.append(text)

    def resources(self, res, where: str) -> None:
        if res is None:
            return
        for name, cs in (res.get("/ColorSpace") or {}).items():
            p = _space_problem(cs, f"{where}: colour space {name}")
            if p:
                self.problem(p)
        for name, sh in (res.get("/Shading") or {}).items():
            p = _space_problem(sh.get("/ColorSpace"), f"{where}: shading {name}")
            if p:
                self.problem(p)
        for name, pat in (res.get("/Pattern") or {}).items():
            sh = pat.get("/Shading")
            if sh is not None:
                p = _space_problem(sh.get("/ColorSpace"), f"{where}: pattern {name}")
                if p:
                    self.problem(p)
        for name, font in (res.get("/Font") or {}).items():
            self.font(font, f"{where}: font {str(name).lstrip('/')}")

    def font(self, font, where: str) -> None:
        key = font.objgen
        if key in self.seen_fonts and key != (0, 0):
            return
        self.seen_fonts.add(key)
        descendants = font.get("/DescendantFonts")
        fonts = list(descendants) if descendants is not None else [font]
        if str(font.get("/Subtype")) == "/Type3":
            return  # drawn from content streams, which are checked themselves
        for f in fonts:
            d = f.get("/FontDescriptor")
            if d is None or not any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                base = str(f.get("/BaseFont", "?"))[1:]
                self.problem(f"{where} ({base}) is not embedded; embed it or convert the text to outlines")

    def stream(self, owner, res, where: str) -> None:
        """Walk one content stream: colour operators and the placement of images and forms."""
        self.resources(res, where)
        ctm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
        stack: list[list[float]] = []
        try:
            ops = pikepdf.parse_content_stream(owner)
        except pikepdf.PdfError as exc:
            self.problem(f"{where}: content stream cannot be read ({exc})")
            return
        for ins in ops:
            operands, op = ins.operands, ins.operator
            o = str(op)
            if o in ("rg", "RG"):
                self.problem(f"{where}: RGB colour operator '{o}'; set colours in CMYK ('k'/'K')")
            elif o in ("cs", "CS") and operands:
                name = operands[0]
                if str(name) in _RGB_SPACES:
                    self.problem(f"{where}: selects the RGB colour space {str(name)[1:]}; use DeviceCMYK")
            elif o == "q":
                stack.append(list(ctm))
            elif o == "Q":
                if stack:
                    ctm = stack.pop()
            elif o == "cm" and len(operands) == 6:
                a, b, c, d, e, f = (float(v) for v in operands)
                ctm = [
                    a * ctm[0] + b * ctm[2],
                    a * ctm[1] + b * ctm[3],
                    c * ctm[0] + d * ctm[2],
                    c * ctm[1] + d * ctm[3],
                    e * ctm[0] + f * ctm[2] + ctm[4],
                    e * ctm[1] + f * ctm[3] + ctm[5],
                ]
            elif o == "Do" and operands and res is not None:
                xo = (res.get("/XObject") or {}).get(operands[0])
                if xo is not None:
                    self.xobject(xo, ctm, f"{where}: {operands[0]}")
            elif o == "BI":
                self.problem(f"{where}: inline image; use an image XObject so it can be checked")

    def xobject(self, xo, ctm: list[float], where: str) -> None:
        sub = str(xo.get("/Subtype"))
        if sub == "/Image":
            self.image(xo, ctm, where)
        elif sub == "/Form":
            group = xo.get("/Group")
            if group is not None:
                p = _space_problem(group.get("/CS"), f"{where}: transparency group")
                if p:
                    self.problem(p)
            key = xo.objgen
            if key not in self.seen_xobjects:
                self.seen_xobjects.add(key)
                self.stream(xo, xo.get("/Resources"), where)

    def image(self, im, ctm: list[float], where: str) -> None:
        self.r.images += 1
        if not im.get("/ImageMask", False):
            p = _space_problem(im.get("/ColorSpace"), f"{where} (image)")
            if p:
                self.problem(p)
        w, h = int(im.get("/Width", 0)), int(im.get("/Height", 0))
        # The unit square maps to the page through the CTM: its sides' lengths in points.
        sx = (ctm[0] ** 2 + ctm[1] ** 2) ** 0.5
        sy = (ctm[2] ** 2 + ctm[3] ** 2) ** 0.5
        if sx > 0 and sy > 0 and w and h:
            dpi = min(w / (sx / 72), h / (sy / 72))
            self.r.min_image_dpi = dpi if self.r.min_image_dpi is None else min(self.r.min_image_dpi, dpi)
            if self.min_dpi is not None and dpi < self.min_dpi - 0.5:
                self.problem(
                    f"{where}: image of {w}x{h} px is placed at {dpi:.0f} ppi, below the {self.min_dpi:.0f} ppi "
                    "this format needs; supply it at higher resolution"
                )
        smask = im.get("/SMask")
        if smask is not None:
            p = _space_problem(smask.get("/ColorSpace"), f"{where} (soft mask)")
            if p:
                self.problem(p)


def preflight(
    source: str | Path | bytes,
    *,
    min_dpi: float | None = None,
    expect_trim_mm: tuple[float, float] | None = None,
    name: str | None = None,
) -> PreflightReport:
    """Check a PDF for PDF/X-4 in CMYK. Raises PreflightInputError if it is not a readable PDF."""
    label = name or (str(source) if not isinstance(source, bytes) else "PDF")
    report = PreflightReport(label)
    try:
        pdf = pikepdf.open(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (pikepdf.PdfError, pikepdf.PasswordError, ValueError) as exc:
        raise PreflightInputError(f"{label}: not a readable PDF ({str(exc).splitlines()[0][:200]})") from None
    with pdf:
        _check_document(pdf, report)
        checker = _Checker(pdf, report, min_dpi)
        for i, page in enumerate(pdf.pages, start=1):
            report.pages += 1
            where = f"page {i}"
            _check_boxes(page, where, report, expect_trim_mm)
            group = page.obj.get("/Group")
            if group is not None:
                p = _space_problem(group.get("/CS"), f"{where}: transparency group")
                if p:
                    report.problems.append(p)
            checker.stream(page.obj, page.obj.get("/Resources"), where)
    return report


def _check_document(pdf: pikepdf.Pdf, report: PreflightReport) -> None:
    problems = report.problems
    if pdf.is_encrypted:
        problems.append("the file is encrypted; PDF/X forbids encryption")
    version = tuple(int(x) for x in re.findall(r"\d+", pdf.pdf_version)[:2])
    if version < (1, 6):
        problems.append(f"PDF version {pdf.pdf_version}; PDF/X-4 needs 1.6 or later")
    xmp = b""
    meta = pdf.Root.get("/Metadata")
    if meta is not None:
        try:
            xmp = meta.read_bytes()
        except pikepdf.PdfError:
            xmp = b""
    m = re.search(rb"GTS_PDFXVersion(?:>|=\")\s*(PDF/X-[^<\"]+)", xmp)
    if not m:
        problems.append("no PDF/X version in the XMP metadata (pdfxid:GTS_PDFXVersion); export it as PDF/X-4")
    elif not m.group(1).decode("latin-1").startswith("PDF/X-4"):
        problems.append(f"the XMP metadata says {m.group(1).decode('latin-1')}, not PDF/X-4")
    info = pdf.trailer.get("/Info")
    if info is None or "/Trapped" not in info:
        problems.append("the document information has no Trapped key (True or False); PDF/X requires it")
    elif str(info.get("/Trapped")) not in ("/True", "/False"):
        problems.append("Trapped must be True or False in a PDF/X file")
    intents = [oi for oi in (pdf.Root.get("/OutputIntents") or []) if str(oi.get("/S")) == "/GTS_PDFX"]
    if not intents:
        problems.append("no PDF/X output intent (GTS_PDFX); the printer cannot know the press condition")
        return
    oi = intents[0]
    if not str(oi.get("/OutputConditionIdentifier", "")):
        problems.append("the output intent has no OutputConditionIdentifier")
    prof = oi.get("/DestOutputProfile")
    if prof is None:
        problems.append("the output intent embeds no ICC profile (DestOutputProfile)")
        return
    try:
        data = prof.read_bytes()
    except pikepdf.PdfError:
        problems.append("the output intent's ICC profile cannot be read")
        return
    if len(data) < 132 or data[36:40] != b"acsp":
        problems.append("the output intent's ICC profile is not a valid ICC profile")
    elif data[16:20] != b"CMYK":
        problems.append(f"the output intent's profile is for {data[16:20].decode('latin-1').strip()}, not CMYK")


def _check_boxes(page, where: str, report: PreflightReport, expect_trim_mm) -> None:
    media = _box(page, "/MediaBox")
    trim = _box(page, "/TrimBox")
    bleed = _box(page, "/BleedBox")
    art = _box(page, "/ArtBox")
    trim = trim or art
    if trim is None:
        report.problems.append(f"{where}: no TrimBox; the printer cannot know the finished size")
        return
    if media is None:
        report.problems.append(f"{where}: no MediaBox")
        return
    if bleed is not None:
        if not _inside(trim, bleed):
            report.problems.append(f"{where}: the TrimBox is not inside the BleedBox")
        if not _inside(bleed, media):
            report.problems.append(f"{where}: the BleedBox is not inside the MediaBox")
    elif not _inside(trim, media):
        report.problems.append(f"{where}: the TrimBox is not inside the MediaBox")
    if expect_trim_mm is not None:
        w = (trim[2] - trim[0]) / 72 * MM_PER_INCH
        h = (trim[3] - trim[1]) / 72 * MM_PER_INCH
        if abs(w - expect_trim_mm[0]) > 0.1 or abs(h - expect_trim_mm[1]) > 0.1:
            report.problems.append(
                f"{where}: the trim is {w:.1f} x {h:.1f} mm; this format is supplied at "
                f"{expect_trim_mm[0]:.1f} x {expect_trim_mm[1]:.1f} mm"
            )
