"""A print render allocates no frame: what stays pixels (colour emoji in the copy) is replayed
over its own box, with exactly the pixels a full transparent frame would get."""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
from PIL import Image, ImageDraw

from creative_studio.export.print_job import print_pdf
from creative_studio.model import load_campaign
from creative_studio.render.engine import render_message
from creative_studio.render.recording import Recording

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _emoji_campaign(folder: Path):
    for name in ("formats.yaml", "layouts.yaml"):
        shutil.copy(TEMPLATES / name, folder / name)
    text = (TEMPLATES / "stopitnow.yaml").read_text(encoding="utf-8")
    text = text.replace("slogan: Who would employ you?", 'slogan: "Who would 🙂 employ you? 👀"')
    text = text.replace('hashtag: "#StopItNow"', 'hashtag: "#StopItNow 🛑"')
    (folder / "emo.yaml").write_text(text, encoding="utf-8")
    return load_campaign(folder / "emo.yaml")


def test_emoji_leftovers_are_the_pixels_of_a_full_frame_but_not_its_memory(tmp_path):
    c = _emoji_campaign(tmp_path)
    fmt = c.format("outdoor-6-sheet")
    rec = Recording()
    result = render_message(c, c.message("employ"), fmt, 0.25, recording=rec)
    assert result.image is None  # nothing painted while recording
    assert len(rec.painted) == 3 and all(op.method == "text" and op.box for op in rec.painted)  # the emoji
    # What the engine used to do: paint every call onto a transparent frame, crop to the ink.
    frame = Image.new("RGBA", rec.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(frame)
    for op in rec.painted:
        getattr(draw, op.method)(*op.args, **op.kwargs)
    bbox = frame.getbbox()
    x, y, image = rec.leftovers()
    assert (x, y, x + image.width, y + image.height) == bbox
    assert image.tobytes() == frame.crop(bbox).tobytes()
    # Each emoji's own box is small: the replay canvas is a strip of the frame, not all of it.
    union = [min(b.box[0] for b in rec.painted), min(b.box[1] for b in rec.painted)]
    union += [max(b.box[2] for b in rec.painted), max(b.box[3] for b in rec.painted)]
    assert (union[2] - union[0]) * (union[3] - union[1]) < 0.5 * rec.size[0] * rec.size[1]


def test_the_print_pdf_carries_the_emoji_as_one_cmyk_image(tmp_path):
    c = _emoji_campaign(tmp_path)
    data = print_pdf(c, "employ", "outdoor-6-sheet")
    assert data == print_pdf(c, "employ", "outdoor-6-sheet")  # deterministic
    with pikepdf.open(__import__("io").BytesIO(data)) as pdf:
        images = pdf.pages[0].obj.Resources.XObject
        # The face, then the leftovers (the three emoji in one image, cropped to their ink).
        sizes = sorted((int(im.Width), int(im.Height)) for im in images.values())
        assert len(sizes) == 2 and all(str(im.ColorSpace) == "/DeviceCMYK" for im in images.values())
    plain = print_pdf(load_campaign(TEMPLATES / "stopitnow.yaml"), "employ", "outdoor-6-sheet")
    with pikepdf.open(__import__("io").BytesIO(plain)) as pdf:
        assert len(pdf.pages[0].obj.Resources.XObject) == 1  # no emoji: no leftovers image at all
