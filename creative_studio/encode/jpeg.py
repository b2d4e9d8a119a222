"""JPEG encoding with fixed settings, so the same render gives the same bytes.

Quality 92 with 4:2:0 chroma subsampling off (4:4:4): flat brand colours and small type keep
their edges. No EXIF, no timestamps, baseline (not progressive), no optimiser passes that
depend on anything but the pixels; libjpeg is deterministic for fixed input and settings.
"""

from __future__ import annotations

import io

from PIL import Image

QUALITY = 92
SUBSAMPLING = 0  # 4:4:4


def encode_jpeg(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.convert("RGB").save(buf, "JPEG", quality=QUALITY, subsampling=SUBSAMPLING, optimize=False, progressive=False)
    return buf.getvalue()
