"""The press: the CMYK profile print files are made for, colour conversion, and what survives it.

One profile (FOGRA39, offset on coated paper, see encode/profiles/README.md) serves the PDF/X
output intent, the RGB -> CMYK conversion of vector colours and images, the soft proof and the
out-of-gamut check, so the colours a designer is warned about are the colours the file carries.

Conversion: relative colorimetric with black-point compensation (flat brand colours keep their
hue; the darkest RGB black maps to the press's darkest black instead of being clipped).
"""

from __future__ import annotations

import math
from functools import cache
from importlib import resources

from PIL import Image, ImageCms

PROFILE_NAME = "CreativeStudio-FOGRA39.icc"
OUTPUT_CONDITION = "FOGRA39"  # the ICC registry's name for ISO 12647-2:2004/Amd 1, coated paper
OUTPUT_CONDITION_INFO = "Coated FOGRA39 (ISO 12647-2:2004/Amd 1), offset, coated art paper"
_FLAGS = ImageCms.Flags.BLACKPOINTCOMPENSATION
_INTENT = ImageCms.Intent.RELATIVE_COLORIMETRIC


@cache
def profile_bytes() -> bytes:
    return resources.files(__package__).joinpath("profiles", PROFILE_NAME).read_bytes()


@cache
def _profiles() -> tuple[ImageCms.ImageCmsProfile, ImageCms.ImageCmsProfile]:
    import io

    press = ImageCms.ImageCmsProfile(io.BytesIO(profile_bytes()))
    return press, ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@cache
def _to_cmyk() -> ImageCms.ImageCmsTransform:
    press, srgb = _profiles()
    return ImageCms.buildTransform(srgb, press, "RGB", "CMYK", _INTENT, _FLAGS)


@cache
def _to_rgb() -> ImageCms.ImageCmsTransform:
    press, srgb = _profiles()
    return ImageCms.buildTransform(press, srgb, "CMYK", "RGB", _INTENT, _FLAGS)


def _apply(image: Image.Image, transform: ImageCms.ImageCmsTransform) -> Image.Image:
    out = ImageCms.applyTransform(image, transform)
    assert out is not None  # None only when transforming in place, which we never do
    return out


def _pixel(image: Image.Image) -> tuple[int, ...]:
    """The one pixel of a 1x1 multi-band image."""
    px = image.getpixel((0, 0))
    assert isinstance(px, tuple)
    return px


def image_to_cmyk(image: Image.Image) -> Image.Image:
    """An RGB image as the press's CMYK (what the PDF embeds)."""
    if image.mode != "RGB":
        image = image.convert("RGB")
    return _apply(image, _to_cmyk())


def soft_proof(image: Image.Image) -> Image.Image:
    """An RGB image as it will look printed: through the press profile and back."""
    return _apply(image_to_cmyk(image), _to_rgb())


def rgb_to_cmyk(rgb: tuple[int, int, int]) -> tuple[int, int, int, int]:
    c, m, y, k = _pixel(image_to_cmyk(Image.new("RGB", (1, 1), rgb)))
    return c, m, y, k


def printed_rgb(rgb: tuple[int, int, int]) -> tuple[int, int, int]:
    """The nearest colour the press can print, shown in sRGB."""
    r, g, b = _pixel(soft_proof(Image.new("RGB", (1, 1), rgb)))
    return r, g, b


def lab(rgb: tuple[int, int, int]) -> tuple[float, float, float]:
    """CIE L*a*b* (D50, as ICC profiles use) of an sRGB colour, in floating point.

    sRGB (IEC 61966-2-1) -> XYZ D65 -> Bradford-adapted to D50 -> L*a*b*. Computed here rather
    than through an 8-bit LAB image, whose whole-number a* and b* would blur small differences.
    """

    def lin(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(c) for c in rgb)
    # sRGB -> XYZ (D50), Bradford-adapted matrix as published in the ICC sRGB profile.
    x = 0.4360747 * r + 0.3850649 * g + 0.1430804 * b
    y = 0.2225045 * r + 0.7168786 * g + 0.0606169 * b
    z = 0.0139322 * r + 0.0971045 * g + 0.7141733 * b
    xn, yn, zn = 0.9642, 1.0, 0.8249

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = f(x / xn), f(y / yn), f(z / zn)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e2000(lab1: tuple[float, float, float], lab2: tuple[float, float, float]) -> float:
    """CIEDE2000 colour difference (Sharma, Wu & Dalal 2005 formulation), kL = kC = kH = 1."""
    l1, a1, b1 = lab1
    l2, a2, b2 = lab2
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    cbar7 = ((c1 + c2) / 2) ** 7
    g = 0.5 * (1 - math.sqrt(cbar7 / (cbar7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dl = l2 - l1
    dc = c2p - c1p
    if c1p * c2p == 0:
        dh = 0.0
    elif abs(h2p - h1p) <= 180:
        dh = h2p - h1p
    elif h2p - h1p > 180:
        dh = h2p - h1p - 360
    else:
        dh = h2p - h1p + 360
    dH = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    lbar = (l1 + l2) / 2
    cbar = (c1p + c2p) / 2
    if c1p * c2p == 0:
        hbar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hbar = (h1p + h2p) / 2
    elif h1p + h2p < 360:
        hbar = (h1p + h2p + 360) / 2
    else:
        hbar = (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(hbar - 30))
        + 0.24 * math.cos(math.radians(2 * hbar))
        + 0.32 * math.cos(math.radians(3 * hbar + 6))
        - 0.20 * math.cos(math.radians(4 * hbar - 63))
    )
    sl = 1 + 0.015 * (lbar - 50) ** 2 / math.sqrt(20 + (lbar - 50) ** 2)
    sc = 1 + 0.045 * cbar
    sh = 1 + 0.015 * cbar * t
    dtheta = 30 * math.exp(-(((hbar - 275) / 25) ** 2))
    rc = 2 * math.sqrt(cbar**7 / (cbar**7 + 25**7))
    rt = -math.sin(math.radians(2 * dtheta)) * rc
    return math.sqrt((dl / sl) ** 2 + (dc / sc) ** 2 + (dH / sh) ** 2 + rt * (dc / sc) * (dH / sh))


def gamut_error(rgb: tuple[int, int, int]) -> tuple[float, tuple[int, int, int]]:
    """How far the press moves a colour (CIEDE2000) and the colour it prints as."""
    printed = printed_rgb(rgb)
    return delta_e2000(lab(rgb), lab(printed)), printed
