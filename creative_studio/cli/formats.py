"""`formats`: the format catalogue."""

from __future__ import annotations

import json

from .common import EXIT_OK

NAME = "formats"


def register(sub) -> None:
    f = sub.add_parser("formats", help="list the format catalogue")
    f.add_argument("--json", action="store_true")
    f.set_defaults(func=run)


def _as_json(f) -> dict:
    return {
        "id": f.id,
        "platform": f.platform,
        "name": f.name,
        "width": f.width,
        "height": f.height,
        "max_bytes": f.max_bytes,
        "safe_zone": {"top": f.safe.top, "right": f.safe.right, "bottom": f.safe.bottom, "left": f.safe.left},
        "print": (
            {
                "width_mm": f.print_spec.width_mm,
                "height_mm": f.print_spec.height_mm,
                "scale": f.print_spec.scale,
                "dpi": f.print_spec.dpi,
            }
            if f.print_spec
            else None
        ),
        "source": f.source,
        "checked": f.checked,
    }


def run(args) -> int:
    from ..model import load_catalogue
    from ..model.loader import TEMPLATES_DIR

    formats, _ = load_catalogue(TEMPLATES_DIR / "formats.yaml", TEMPLATES_DIR / "layouts.yaml")
    if args.json:
        print(json.dumps([_as_json(f) for f in formats], indent=2))
        return EXIT_OK
    print(f"{'id':30} {'platform':9} {'pixels':>12} {'max bytes':>12}  safe zone (t r b l, px)")
    for f in formats:
        s = f.safe
        safe = "-" if s.is_zero() else f"{s.top} {s.right} {s.bottom} {s.left}"
        print(f"{f.id:30} {f.platform:9} {f'{f.width}x{f.height}':>12} {f.max_bytes:>12,}  {safe}")
    return EXIT_OK
