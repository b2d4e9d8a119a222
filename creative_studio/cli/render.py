"""`render`: one image, optionally inside its platform mockup."""

from __future__ import annotations

from .. import __version__
from .common import EXIT_OK, BadInput, add_language, load, require_ids, require_languages

NAME = "render"


def register(sub) -> None:
    r = sub.add_parser("render", help="render one image")
    r.add_argument("campaign")
    r.add_argument("-m", "--message", required=True)
    r.add_argument("-f", "--format", required=True)
    r.add_argument("-o", "--output", required=True)
    r.add_argument("--mockup", action="store_true", help="draw it inside the platform's mockup")
    r.add_argument("--scale", type=float, default=1.0)
    add_language(r)
    r.set_defaults(func=run)


def run(args) -> int:
    from ..base.atomic import write_bytes_atomic
    from ..base.outputs import check_output_path
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
    if args.scale == 1.0 and not args.mockup:
        # Full size, no mockup: exactly the bytes export writes (and a reviewer approves).
        from ..export.batch import render_png

        data, _, _ = render_png(campaign, args.message, args.format, args.language)
        size = campaign.format(args.format).size_at(1.0)
    else:
        result = render_detailed(campaign, args.message, args.format, args.scale, args.language)
        image = result.image
        if args.mockup:
            from ..render.mockups import render_mockup

            image = render_mockup(campaign, result)
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
    return EXIT_OK
