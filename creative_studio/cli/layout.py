"""`layout`: where everything went, as JSON, for tests, scripts and the app.

`layout CAMPAIGN [-m MSG]... [-f FMT]... [-l LANG] [--scale S] --json` prints, for every message x format,
the face's box, the logo's box (or null) and every text block: its layout box, the ink it put
on the image, its size, cap height, whether it overflowed, and each line's text and ink, all in
pixels of a render at that scale. It lays out without drawing, so a 96-sheet at full size costs
milliseconds; the boxes are exactly where `render` puts things at the same scale.
"""

from __future__ import annotations

import json

from .common import EXIT_OK, BadInput, add_language, load, require_ids, require_languages

NAME = "layout"


def register(sub) -> None:
    c = sub.add_parser("layout", help="print where the face, logo and every line of text go (JSON)")
    c.add_argument("campaign")
    c.add_argument("-m", "--message", action="append")
    c.add_argument("-f", "--format", action="append")
    c.add_argument("--scale", type=float, default=1.0)
    c.add_argument("--json", action="store_true", help="print JSON (the only output form)")
    add_language(c)
    c.set_defaults(func=run)


def _box(r) -> list[int] | None:
    return list(r) if r else None


def layout_json(campaign, messages=None, formats=None, scale: float = 1.0, language: str | None = None) -> dict:
    from ..render.engine import layout_message

    renders = []
    for mid in messages or campaign.message_ids:
        message = campaign.message(mid)
        for fid in formats or campaign.format_ids:
            fmt = campaign.format(fid)
            r = layout_message(campaign, message, fmt, scale, language)
            w, h = fmt.size_at(scale)
            renders.append(
                {
                    "message": mid,
                    "format": fid,
                    "language": r.language or None,
                    "width": w,
                    "height": h,
                    "scale": scale,
                    "face": _box(r.face_ink or r.face),
                    "logo": _box(r.logo),
                    "blocks": [
                        {
                            "role": b.role,
                            "text": b.text,
                            "box": _box(b.box),
                            "ink": _box(b.ink),
                            "size_px": b.size_px,
                            "cap_px": b.cap_px,
                            "overflow": b.overflow,
                            "lines": [{"text": ln.text, "ink": _box(ln.ink)} for ln in b.lines],
                        }
                        for b in r.texts
                    ],
                }
            )
    return {"renders": renders}


def run(args) -> int:
    campaign = load(args.campaign)
    require_ids(campaign, args.message, args.format)
    require_languages(campaign, args.language)
    if not (0 < args.scale <= 4):
        raise BadInput(f"--scale {args.scale}: use a value above 0 and at most 4")
    if not args.json:
        raise BadInput("layout prints JSON only: add --json")
    data = layout_json(campaign, args.message or None, args.format or None, args.scale, args.language)
    print(json.dumps(data, indent=2, ensure_ascii=False))
    return EXIT_OK
