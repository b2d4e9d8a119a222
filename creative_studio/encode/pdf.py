"""Print-ready PDF/X-4 in CMYK for posters: what a print shop's preflight accepts.

The page is built from a render taken apart (render/recording.py), so it shows exactly what the
PNG shows, placed by the same layout:

- the ground: a vector axial shading in DeviceCMYK (a sampled function of the engine's own
  gradient converted through the press profile), extended over the bleed;
- the art (glow, face, colour emoji, partner logo): one CMYK image with a soft mask, at the
  format's resolution, cropped to where it has ink;
- type: every glyph as a filled vector outline (fontTools outlines, HarfBuzz positions, which are
  the positions raqm gave the PNG); the call-to-action button as a vector rounded rectangle.

Nothing is RGB: colours are converted with encode/press.py, the output intent carries the same
profile. Bytes are deterministic: no clock (dates come from the caller, the campaign's flight),
the document ID is derived from the content, streams are compressed with fixed settings.

Geometry: one render pixel at scale 1 is 72/dpi points on the supplied artwork, whose trim is the
format's millimetres divided by its supply scale. The bleed is `print.bleed_mm` of the artwork.
"""

from __future__ import annotations

import hashlib
import io
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pikepdf
from PIL import Image

from ..model.types import MM_PER_INCH, Format
from ..render.colour import hex_rgb
from ..render.recording import GlowOp, ImageOp, Recording, ShapeOp, TextOp
from . import press

PT_PER_MM = 72 / MM_PER_INCH
MARK_OFFSET_MM = 2.0  # gap between the bleed edge and a crop mark
MARK_LENGTH_MM = 6.0
MARK_WIDTH_PT = 0.25
PDFX_VERSION = "PDF/X-4"
GRADIENT_SAMPLES = 256


@dataclass(frozen=True)
class PdfMeta:
    title: str
    creator: str  # e.g. "creative-studio 0.2.0"
    date: str  # ISO date YYYY-MM-DD: creation and modification date (deterministic)
    subject: str = ""


@dataclass(frozen=True)
class PageGeometry:
    """Sizes in points: the trim (finished artwork), bleed, the margin for marks, and the scale."""

    trim_w: float
    trim_h: float
    bleed: float
    margin: float  # extra room outside the bleed for crop marks (0 without marks)
    px_pt: float  # one render pixel at scale 1, in points

    @property
    def media(self) -> tuple[float, float, float, float]:
        e = self.bleed + self.margin
        return (0.0, 0.0, self.trim_w + 2 * e, self.trim_h + 2 * e)

    @property
    def bleed_box(self) -> tuple[float, float, float, float]:
        m = self.margin
        return (m, m, m + self.trim_w + 2 * self.bleed, m + self.trim_h + 2 * self.bleed)

    @property
    def trim_box(self) -> tuple[float, float, float, float]:
        e = self.bleed + self.margin
        return (e, e, e + self.trim_w, e + self.trim_h)


def geometry(fmt: Format, marks: bool) -> PageGeometry:
    spec = fmt.print_spec
    if spec is None:
        raise ValueError(f"{fmt.id} is not a print format (it has no print: section)")
    bleed = spec.bleed_mm * PT_PER_MM
    margin = (MARK_OFFSET_MM + MARK_LENGTH_MM + 1.0) * PT_PER_MM if marks else 0.0
    px_pt = 72 / spec.dpi
    return PageGeometry(fmt.width * px_pt, fmt.height * px_pt, bleed, margin, px_pt)


def _n(v: float) -> str:
    """A number for a content stream: fixed precision, no exponent, no '-0'."""
    s = f"{v:.4f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _cmyk_ops(hex_colour: str, stroke: bool = False) -> str:
    c, m, y, k = press.rgb_to_cmyk(hex_rgb(hex_colour))
    return f"{_n(c / 255)} {_n(m / 255)} {_n(y / 255)} {_n(k / 255)} {'K' if stroke else 'k'}"


# -- glyph outlines ---------------------------------------------------------------------------


@cache
def _font(path: Path):
    from fontTools.ttLib import TTFont

    tt = TTFont(str(path), lazy=True)
    return tt, tt.getGlyphSet(), tt.getGlyphOrder(), tt["head"].unitsPerEm


@cache
def _hb_font(path: Path):
    import uharfbuzz as hb

    face = hb.Face(hb.Blob.from_file_path(str(path)))
    return hb.Font(face)


@cache
def glyph_path(path: Path, gid: int) -> str:
    """A glyph's outline as PDF path operators in font units (y up), '' for a blank glyph."""
    from fontTools.pens.basePen import BasePen

    tt, glyphs, order, _ = _font(path)
    ops: list[str] = []

    class _Pen(BasePen):
        def _moveTo(self, p):
            ops.append(f"{_n(p[0])} {_n(p[1])} m")

        def _lineTo(self, p):
            ops.append(f"{_n(p[0])} {_n(p[1])} l")

        def _curveToOne(self, p1, p2, p3):
            ops.append(f"{_n(p1[0])} {_n(p1[1])} {_n(p2[0])} {_n(p2[1])} {_n(p3[0])} {_n(p3[1])} c")

        def _closePath(self):
            ops.append("h")

    glyphs[order[gid]].draw(_Pen(glyphs))
    return "\n".join(ops)


def shape(op: TextOp) -> list[tuple[int, float, float]]:
    """(glyph id, x, y) per glyph of a text run, in font units from the run's origin (y up)."""
    import uharfbuzz as hb

    buf = hb.Buffer()
    buf.add_str(op.text)
    buf.guess_segment_properties()
    hb.shape(_hb_font(op.font_path), buf, {})
    out = []
    pen = 0.0
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        out.append((info.codepoint, pen + pos.x_offset, float(pos.y_offset)))
        pen += pos.x_advance
    return out


def _text_ops(op: TextOp, height_px: int) -> list[str]:
    _, _, _, upem = _font(op.font_path)
    k = op.size / upem
    out = [_cmyk_ops(op.fill)]
    for gid, gx, gy in shape(op):
        path = glyph_path(op.font_path, gid)
        if not path:
            continue
        x = op.x + gx * k
        y = height_px - op.baseline + gy * k
        out.append(f"q {_n(k)} 0 0 {_n(k)} {_n(x)} {_n(y)} cm\n{path}\nf Q")
    return out


def _shape_ops(op: ShapeOp, height_px: int) -> str:
    """A rounded rectangle (Bezier quarter circles, kappa 0.5523) as a filled path."""
    x0, y0, x1, y1 = op.box
    top, bottom = height_px - y0, height_px - y1
    r = max(0.0, min(op.radius, (x1 - x0) / 2, (top - bottom) / 2))
    kk = 0.5522847498 * r
    p = [
        f"{_n(x0 + r)} {_n(bottom)} m",
        f"{_n(x1 - r)} {_n(bottom)} l",
        f"{_n(x1 - r + kk)} {_n(bottom)} {_n(x1)} {_n(bottom + r - kk)} {_n(x1)} {_n(bottom + r)} c",
        f"{_n(x1)} {_n(top - r)} l",
        f"{_n(x1)} {_n(top - r + kk)} {_n(x1 - r + kk)} {_n(top)} {_n(x1 - r)} {_n(top)} c",
        f"{_n(x0 + r)} {_n(top)} l",
        f"{_n(x0 + r - kk)} {_n(top)} {_n(x0)} {_n(top - r + kk)} {_n(x0)} {_n(top - r)} c",
        f"{_n(x0)} {_n(bottom + r)} l",
        f"{_n(x0)} {_n(bottom + r - kk)} {_n(x0 + r - kk)} {_n(bottom)} {_n(x0 + r)} {_n(bottom)} c",
        "h f",
    ]
    return _cmyk_ops(op.fill) + "\n" + "\n".join(p)


# -- the page ---------------------------------------------------------------------------------


def _flate(data: bytes) -> bytes:
    return zlib.compress(data, 6)


def _gradient_samples(top: str, bottom: str) -> bytes:
    """The engine's gradient (linear in sRGB, top to bottom) sampled and converted to CMYK."""
    a, b = hex_rgb(top), hex_rgb(bottom)
    row = Image.new("RGB", (GRADIENT_SAMPLES, 1))
    n = GRADIENT_SAMPLES - 1
    row.putdata([tuple(round(x + (y - x) * i / n) for x, y in zip(a, b, strict=True)) for i in range(GRADIENT_SAMPLES)])
    return press.image_to_cmyk(row).tobytes()


def _image_xobject(pdf: pikepdf.Pdf, image: Image.Image) -> pikepdf.Stream:
    """An RGBA image as a DeviceCMYK image XObject whose alpha is a DeviceGray soft mask."""
    cmyk = press.image_to_cmyk(image.convert("RGB"))
    smask = pikepdf.Stream(pdf, _flate(image.getchannel("A").tobytes()))
    smask.update(
        {
            "/Type": pikepdf.Name.XObject,
            "/Subtype": pikepdf.Name.Image,
            "/Width": image.width,
            "/Height": image.height,
            "/ColorSpace": pikepdf.Name.DeviceGray,
            "/BitsPerComponent": 8,
            "/Filter": pikepdf.Name.FlateDecode,
        }
    )
    im = pikepdf.Stream(pdf, _flate(cmyk.tobytes()))
    del cmyk
    im.update(
        {
            "/Type": pikepdf.Name.XObject,
            "/Subtype": pikepdf.Name.Image,
            "/Width": image.width,
            "/Height": image.height,
            "/ColorSpace": pikepdf.Name.DeviceCMYK,
            "/BitsPerComponent": 8,
            "/Filter": pikepdf.Name.FlateDecode,
            "/SMask": pdf.make_indirect(smask),
            "/Interpolate": False,
        }
    )
    return im


def _glow_state(pdf: pikepdf.Pdf, op: GlowOp, height_px: int) -> pikepdf.Dictionary:
    """A graphics state whose luminosity soft mask is the glow's radial profile (a vector shading)."""
    x0, y0, x1, y1 = op.box
    cx, cy = (x0 + x1) / 2, height_px - (y0 + y1) / 2
    radius = (x1 - x0) / 2
    fn = pikepdf.Stream(pdf, _flate(bytes(op.profile)))
    fn.update(
        {
            "/FunctionType": 0,
            "/Domain": [0, 1],
            "/Range": [0, 1],
            "/Size": [len(op.profile)],
            "/BitsPerSample": 8,
            "/Filter": pikepdf.Name.FlateDecode,
        }
    )
    shading = pikepdf.Dictionary(
        {
            "/ShadingType": 3,
            "/ColorSpace": pikepdf.Name.DeviceGray,
            "/Coords": [_r(cx), _r(cy), 0, _r(cx), _r(cy), _r(radius)],
            "/Function": pdf.make_indirect(fn),
            "/Extend": [False, False],
        }
    )
    form = pikepdf.Stream(pdf, _flate(b"/Sh sh"))
    form.update(
        {
            "/Type": pikepdf.Name.XObject,
            "/Subtype": pikepdf.Name.Form,
            "/BBox": [x0, height_px - y1, x1, height_px - y0],
            "/Group": pikepdf.Dictionary({"/S": pikepdf.Name.Transparency, "/CS": pikepdf.Name.DeviceGray}),
            "/Resources": pikepdf.Dictionary({"/Shading": pikepdf.Dictionary({"/Sh": pdf.make_indirect(shading)})}),
            "/Filter": pikepdf.Name.FlateDecode,
        }
    )
    mask = pikepdf.Dictionary(
        {"/Type": pikepdf.Name.Mask, "/S": pikepdf.Name.Luminosity, "/G": pdf.make_indirect(form)}
    )
    return pikepdf.Dictionary({"/Type": pikepdf.Name.ExtGState, "/SMask": mask})


def _r(v: float) -> float:
    return round(v, 4)


def _marks_ops(g: PageGeometry) -> str:
    """Crop marks at the trim corners, outside the bleed, in registration (all four inks)."""
    x0, y0, x1, y1 = g.trim_box
    off = g.bleed + MARK_OFFSET_MM * PT_PER_MM
    ln = MARK_LENGTH_MM * PT_PER_MM
    segs = []
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            segs.append((x + sx * off, y, x + sx * (off + ln), y))  # horizontal, level with the trim edge
            segs.append((x, y + sy * off, x, y + sy * (off + ln)))  # vertical
    body = "\n".join(f"{_n(a)} {_n(b)} m {_n(c)} {_n(d)} l S" for a, b, c, d in segs)
    return f"q 1 1 1 1 K {_n(MARK_WIDTH_PT)} w\n{body}\nQ"


def _xmp(meta: PdfMeta, doc_id: str) -> bytes:
    from xml.sax.saxutils import escape

    date = f"{meta.date}T00:00:00Z"
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(meta.title)}</rdf:li></rdf:Alt></dc:title>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <xmp:CreatorTool>{escape(meta.creator)}</xmp:CreatorTool>
   <pdf:Producer>{escape(meta.creator)}</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   <xmpMM:DocumentID>uuid:{doc_id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{doc_id}</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
   <pdfxid:GTS_PDFXVersion>{PDFX_VERSION}</pdfxid:GTS_PDFXVersion>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>""".encode()


def _uuid(digest: bytes) -> str:
    h = digest[:16].hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def build_pdf(
    fmt: Format,
    recording: Recording,
    ground: tuple[str, str],
    meta: PdfMeta,
    marks: bool = False,
) -> bytes:
    """One poster page as PDF/X-4 bytes from a render recorded at scale 1 (render/recording.py)."""
    if recording.size != (fmt.width, fmt.height):
        w, h = recording.size
        raise ValueError(f"the render is {w}x{h}, the format is {fmt.width}x{fmt.height}: render at scale 1")
    g = geometry(fmt, marks)
    h_px = fmt.height
    pdf = pikepdf.new()
    objects: dict[str, pikepdf.Object] = {}

    # The ground: an axial shading over the whole bleed, t = 0 at the top row, 1 at the bottom row.
    fn = pikepdf.Stream(pdf, _flate(_gradient_samples(*ground)))
    fn.update(
        {
            "/FunctionType": 0,
            "/Domain": [0, 1],
            "/Range": [0, 1, 0, 1, 0, 1, 0, 1],
            "/Size": [GRADIENT_SAMPLES],
            "/BitsPerSample": 8,
            "/Filter": pikepdf.Name.FlateDecode,
        }
    )
    shading = pikepdf.Dictionary(
        {
            "/ShadingType": 2,
            "/ColorSpace": pikepdf.Name.DeviceCMYK,
            "/Coords": [0, h_px - 0.5, 0, 0.5],
            "/Function": pdf.make_indirect(fn),
            "/Extend": [True, True],
        }
    )
    objects["/Sh0"] = pdf.make_indirect(shading)

    # The art: the glow as a vector soft light, the face and logo as CMYK images with soft masks,
    # then whatever else the engine drew on its transparent canvas (colour emoji in the copy).
    images: dict[str, pikepdf.Object] = {}
    states: dict[str, pikepdf.Object] = {}
    art_ops: list[str] = []
    layers: list[tuple[int, int, Image.Image] | GlowOp] = [
        (op.x, op.y, op.image) if isinstance(op, ImageOp) else op for op in recording.layers
    ]
    leftovers = recording.leftovers()  # painted over their own box only, cropped to their ink
    if leftovers is not None:
        layers.append(leftovers)
    for op in layers:
        if isinstance(op, GlowOp):
            name = f"/GS{len(states)}"
            states[name] = pdf.make_indirect(_glow_state(pdf, op, h_px))
            x0, y0, x1, y1 = op.box
            art_ops.append(f"q {name} gs {_cmyk_ops(op.fill)} {x0} {h_px - y1} {x1 - x0} {y1 - y0} re f Q")
            continue
        x, y, image = op
        name = f"/Im{len(images)}"
        images[name] = pdf.make_indirect(_image_xobject(pdf, image))
        art_ops.append(f"q {image.width} 0 0 {image.height} {x} {h_px - y - image.height} cm {name} Do Q")
    del layers

    bx0, by0, bx1, by1 = g.bleed_box
    tx0, ty0, _, _ = g.trim_box
    body = [
        # The bleed is painted in page space; everything else in render pixels from the trim corner.
        f"q {_n(bx0)} {_n(by0)} {_n(bx1 - bx0)} {_n(by1 - by0)} re W n",
        f"{_n(g.px_pt)} 0 0 {_n(g.px_pt)} {_n(tx0)} {_n(ty0)} cm",
        "/Sh0 sh",
        *art_ops,
        *(_shape_ops(s, h_px) for s in recording.shapes),
        *(line for t in recording.texts for line in _text_ops(t, h_px)),
        "Q",
    ]
    if marks:
        body.append(_marks_ops(g))
    content = "\n".join(b for b in body if b).encode("ascii")

    page = pikepdf.Dictionary(
        {
            "/Type": pikepdf.Name.Page,
            "/MediaBox": list(g.media),
            "/BleedBox": list(g.bleed_box),
            "/TrimBox": list(g.trim_box),
            "/Resources": pikepdf.Dictionary(
                {
                    "/Shading": pikepdf.Dictionary(objects),
                    "/XObject": pikepdf.Dictionary(images),
                    "/ExtGState": pikepdf.Dictionary(states),
                }
            ),
            "/Group": pikepdf.Dictionary(
                {"/Type": pikepdf.Name.Group, "/S": pikepdf.Name.Transparency, "/CS": pikepdf.Name.DeviceCMYK}
            ),
        }
    )
    cs = pikepdf.Stream(pdf, _flate(content))
    cs["/Filter"] = pikepdf.Name.FlateDecode
    page["/Contents"] = pdf.make_indirect(cs)
    pdf.pages.append(pikepdf.Page(page))

    digest = hashlib.sha256(content + b"".join(bytes(v.read_raw_bytes()) for v in images.values())).digest()
    doc_id = _uuid(digest)
    icc = pikepdf.Stream(pdf, press.profile_bytes())
    icc["/N"] = 4
    intent = pikepdf.Dictionary(
        {
            "/Type": pikepdf.Name.OutputIntent,
            "/S": pikepdf.Name.GTS_PDFX,
            "/OutputConditionIdentifier": press.OUTPUT_CONDITION,
            "/OutputCondition": press.OUTPUT_CONDITION_INFO,
            "/RegistryName": "http://www.color.org",
            "/Info": press.OUTPUT_CONDITION_INFO,
            "/DestOutputProfile": pdf.make_indirect(icc),
        }
    )
    pdf.Root["/OutputIntents"] = pikepdf.Array([pdf.make_indirect(intent)])
    xmp = pikepdf.Stream(pdf, _xmp(meta, doc_id))
    xmp.update({"/Type": pikepdf.Name.Metadata, "/Subtype": pikepdf.Name.XML})
    pdf.Root["/Metadata"] = pdf.make_indirect(xmp)
    pdf_date = "D:" + meta.date.replace("-", "") + "000000Z"
    pdf.docinfo = pdf.make_indirect(
        pikepdf.Dictionary(
            {
                "/Title": meta.title,
                "/Subject": meta.subject,
                "/Creator": meta.creator,
                "/Producer": meta.creator,
                "/CreationDate": pdf_date,
                "/ModDate": pdf_date,
                "/Trapped": pikepdf.Name("/False"),
                "/GTS_PDFXVersion": PDFX_VERSION,
            }
        )
    )
    out = io.BytesIO()
    pdf.save(
        out,
        min_version="1.6",
        force_version="1.6",
        compress_streams=False,  # every stream is already Flate-compressed here, deterministically
        object_stream_mode=pikepdf.ObjectStreamMode.disable,
        deterministic_id=True,  # the trailer /ID is an MD5 of the content, not of the clock
        linearize=False,
    )
    return out.getvalue()
