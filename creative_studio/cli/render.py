"""`render`: one image, optionally inside its platform mockup.

The checks run on what was rendered: their errors are printed on stderr and the exit code is 1
(the file is still written, so the designer can look at what is wrong). `-o` ends in .png or
.jpg/.jpeg; the JPEG settings are fixed (encode/jpeg.py), so the bytes are deterministic.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from .. import __version__
from .common import EXIT_OK, EXIT_PROBLEMS, BadInput, add_language, err, load, require_ids, require_languages

if TYPE_CHECKING:
    from ..render.engine import RenderResult

NAME = "render"
_TYPES = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg"}


def register(sub) -> None:
    r = sub.add_parser("render", help="render one image (PNG or JPEG); exit 1 when the render has errors")
    r.add_argument("campaign")
    r.add_argument("-m", "--message", required=True)
    r.add_argument("-f", "--format", required=True)
    r.add_argument("-o", "--output", required=True, help="OUT.png, OUT.jpg or OUT.jpeg")
    r.add_argument("--mockup", action="store_true", help="draw it inside the platform's mockup")
    r.add_argument("--scale", type=float, default=1.0)
    add_language(r)
    r.set_defaults(func=run)


def run(args) -> int:
    from ..base.atomic import write_bytes_atomic
    from ..base.outputs import check_output_path
    from ..checks import run_checks
    from ..encode.png import encode_png
    from ..render import render_detailed
    from ..review.outputs import protected_paths

    campaign = load(args.campaign)
    require_ids(campaign, [args.message], [args.format])
    require_languages(campaign, args.language)
    if not (0 < args.scale <= 4):
        raise BadInput(f"--scale {args.scale}: use a value above 0 and at most 4")
    protected = protected_paths(campaign)
    check_output_path(args.output, protected)  # before the seconds of rendering
    kind = _TYPES.get(Path(args.output).suffix.lower())
    if kind is None:
        raise BadInput(f"{args.output}: render writes PNG or JPEG; end the output name in .png, .jpg or .jpeg")
    png_bytes = None
    if kind == "png" and args.scale == 1.0 and not args.mockup:
        # Full size, no mockup: exactly the bytes export writes (and a reviewer approves).
        from ..export.batch import render_png

        data, res, _ = render_png(campaign, args.message, args.format, args.language)
        result = cast("RenderResult", res)
        size = campaign.format(args.format).size_at(1.0)
        png_bytes = len(data)
    else:
        result = render_detailed(campaign, args.message, args.format, args.scale, args.language)
        image = result.image
        if args.mockup:
            from ..render.mockups import render_mockup

            image = render_mockup(campaign, result)
        if kind == "jpeg":
            from ..encode.jpeg import encode_jpeg

            data = encode_jpeg(image)
        else:
            data = encode_png(
                image,
                {
                    "Software": f"creative-studio {__version__}",
                    "Campaign": campaign.id,
                    "Message": args.message,
                    "Format": args.format,
                    **({"Language": result.language} if result.language != campaign.default_language else {}),
                },
            )
        size = image.size
    check_output_path(args.output, protected)  # again: it may have changed meanwhile
    write_bytes_atomic(args.output, data)
    print(f"{args.output}: {size[0]}x{size[1]}, {len(data):,} bytes")
    errors = [f for f in run_checks(campaign, result, png_bytes=png_bytes) if f.severity == "error"]
    for f in errors:
        where = f" at {list(f.box)}" if f.box else ""
        err(f"{args.output}: error [{f.rule}]{where}: {f.text}")
    return EXIT_PROBLEMS if errors else EXIT_OK
