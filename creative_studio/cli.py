"""The command line: arguments and exit codes only; the work is done by the layers below.

Exit codes (see shared/contracts.md): 0 success, 1 the work ran but found problems (failed files,
check errors), 2 bad input. Bad input never prints a traceback: it prints FILE:LINE:COLUMN and a
sentence on stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import __version__

EXIT_OK, EXIT_PROBLEMS, EXIT_BAD_INPUT = 0, 1, 2

SUBCOMMANDS = ("formats", "render", "export", "check", "review")


class BadInput(Exception):
    pass


def _err(msg: str) -> None:
    print(msg, file=sys.stderr)


def require_ids(campaign, messages, formats) -> None:
    from .model.loader import require_ids as check

    check(campaign, messages, formats)


def _load(path: str):
    from .model import load_campaign

    return load_campaign(path)


# -- subcommands ------------------------------------------------------------------------------


def cmd_formats(args) -> int:
    from .model import load_catalogue
    from .model.loader import TEMPLATES_DIR

    formats, _ = load_catalogue(TEMPLATES_DIR / "formats.yaml", TEMPLATES_DIR / "layouts.yaml")
    if args.json:
        out = []
        for f in formats:
            out.append(
                {
                    "id": f.id,
                    "platform": f.platform,
                    "name": f.name,
                    "width": f.width,
                    "height": f.height,
                    "max_bytes": f.max_bytes,
                    "safe_zone": {
                        "top": f.safe.top,
                        "right": f.safe.right,
                        "bottom": f.safe.bottom,
                        "left": f.safe.left,
                    },
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
            )
        print(json.dumps(out, indent=2))
        return EXIT_OK
    print(f"{'id':30} {'platform':9} {'pixels':>12} {'max bytes':>12}  safe zone (t r b l, px)")
    for f in formats:
        s = f.safe
        safe = "-" if s.is_zero() else f"{s.top} {s.right} {s.bottom} {s.left}"
        print(f"{f.id:30} {f.platform:9} {f'{f.width}x{f.height}':>12} {f.max_bytes:>12,}  {safe}")
    return EXIT_OK


def cmd_render(args) -> int:
    from .export.atomic import write_bytes_atomic
    from .export.png import encode_png
    from .render import render_detailed

    campaign = _load(args.campaign)
    require_ids(campaign, [args.message], [args.format])
    if not (0 < args.scale <= 4):
        raise BadInput(f"--scale {args.scale}: use a value above 0 and at most 4")
    if args.scale == 1.0 and not args.mockup:
        # Full size, no mockup: exactly the bytes export writes (and a reviewer approves).
        from .export.batch import render_png

        data, _, _ = render_png(campaign, args.message, args.format)
        size = campaign.format(args.format).size_at(1.0)
    else:
        result = render_detailed(campaign, args.message, args.format, args.scale)
        image = result.image
        if args.mockup:
            from .render.mockups import render_mockup

            image = render_mockup(campaign, result)
        data = encode_png(
            image,
            {
                "Software": f"creative-studio {__version__}",
                "Campaign": campaign.id,
                "Message": args.message,
                "Format": args.format,
            },
        )
        size = image.size
    write_bytes_atomic(args.output, data)
    print(f"{args.output}: {size[0]}x{size[1]}, {len(data):,} bytes")
    return EXIT_OK


def cmd_export(args) -> int:
    from .export import export_batch

    campaign = _load(args.campaign)
    require_ids(campaign, args.message, args.format)
    if args.jobs is not None and args.jobs < 1:
        raise BadInput(f"--jobs {args.jobs}: give 1 or more")
    from .review import approved_hashes, status_lookup

    review_status = status_lookup(campaign)
    approved = approved_hashes(campaign) if args.approved_only else None

    def progress(done: int, total: int, r) -> None:
        if r.error:
            state = "FAILED " + r.error
        elif r.skipped:
            state = "skipped: " + r.skipped
        else:
            state = f"{r.width}x{r.height} {r.bytes:,} B"
        if not args.quiet:
            print(f"[{done}/{total}] {r.path}: {state}", flush=True)

    res = export_batch(
        campaign,
        args.output,
        args.message or None,
        args.format or None,
        jobs=args.jobs,
        allow_errors=args.allow_errors,
        approved=approved,
        review_status=review_status,
        progress=progress,
    )
    written = sum(r.written for r in res.files)
    print(f"wrote {written} file(s) and {res.manifest_path}")
    for r in res.failed:
        _err(f"{Path(args.output) / r.path}: {r.error}")
    return EXIT_PROBLEMS if res.failed else EXIT_OK


def cmd_check(args) -> int:
    from .checks.report import check_campaign, format_text

    campaign = _load(args.campaign)
    require_ids(campaign, args.message, args.format)
    findings = check_campaign(campaign, args.message or None, args.format or None, jobs=args.jobs)
    if args.json:
        print(json.dumps({"findings": [f.to_json() for f in findings]}, indent=2, ensure_ascii=False))
    else:
        print(format_text(campaign, findings))
    return EXIT_PROBLEMS if any(f.severity == "error" for f in findings) else EXIT_OK


def cmd_review(args) -> int:
    from . import review

    return review.cli(args)


# -- argument parsing ----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="creative-studio",
        description="Creative Studio: campaign images for every placement. With no subcommand, opens the desktop app.",
    )
    p.add_argument("--version", action="version", version=f"creative-studio {__version__}")
    sub = p.add_subparsers(dest="command")

    f = sub.add_parser("formats", help="list the format catalogue")
    f.add_argument("--json", action="store_true")
    f.set_defaults(func=cmd_formats)

    r = sub.add_parser("render", help="render one image")
    r.add_argument("campaign")
    r.add_argument("-m", "--message", required=True)
    r.add_argument("-f", "--format", required=True)
    r.add_argument("-o", "--output", required=True)
    r.add_argument("--mockup", action="store_true", help="draw it inside the platform's mockup")
    r.add_argument("--scale", type=float, default=1.0)
    r.set_defaults(func=cmd_render)

    e = sub.add_parser("export", help="write PNGs and manifest.json")
    e.add_argument("campaign")
    e.add_argument("-o", "--output", required=True)
    e.add_argument("-m", "--message", action="append")
    e.add_argument("-f", "--format", action="append")
    e.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    e.add_argument("--approved-only", action="store_true", help="write only approved, non-stale renders")
    e.add_argument("--allow-errors", action="store_true", help="write renders even when checks find errors")
    e.add_argument("-q", "--quiet", action="store_true")
    e.set_defaults(func=cmd_export)

    c = sub.add_parser("check", help="run every check on every message x format")
    c.add_argument("campaign")
    c.add_argument("--json", action="store_true")
    c.add_argument("-m", "--message", action="append")
    c.add_argument("-f", "--format", action="append")
    c.add_argument("--jobs", type=int, default=None)
    c.set_defaults(func=cmd_check)

    rv = sub.add_parser("review", help="sign-off: status, set a decision, the sign-off sheet")
    rsub = rv.add_subparsers(dest="review_command", required=True)
    st = rsub.add_parser("status", help="sign-off state of every message x format")
    st.add_argument("campaign")
    st.add_argument("--json", action="store_true")
    se = rsub.add_parser("set", help="record a decision against the current render's hash")
    se.add_argument("campaign")
    se.add_argument("-m", "--message", required=True)
    se.add_argument("-f", "--format", required=True)
    se.add_argument("--status", required=True, choices=["approved", "changes-requested", "rejected"])
    se.add_argument("--by", required=True, help="the reviewer's name")
    se.add_argument("--role", default="", help="the reviewer's role, e.g. Legal")
    se.add_argument("--note", default="")
    sh = rsub.add_parser("sheet", help="the sign-off sheet as PDF")
    sh.add_argument("campaign")
    sh.add_argument("-o", "--output", required=True)
    rv.set_defaults(func=cmd_review)
    return p


def run(argv: list[str]) -> int:
    from .export.batch import UnsafePathError
    from .model import TemplateError
    from .render import RenderError
    from .render.fonts import FontMissingError
    from .review.store import ReviewError

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed its usage message
        return EXIT_OK if exc.code == 0 else EXIT_BAD_INPUT
    try:
        return args.func(args)
    except (TemplateError, BadInput, RenderError, FontMissingError, UnsafePathError, ReviewError) as exc:
        _err(str(exc))
        return EXIT_BAD_INPUT
    except OSError as exc:
        _err(f"{exc.filename or ''}: {exc.strerror or exc}")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        _err("interrupted")
        return 130


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and (argv[0] in SUBCOMMANDS or argv[0] in ("-h", "--help", "--version")):
        return run(argv)
    # The desktop app: main.py [--screenshot OUT.png] [CAMPAIGN.yaml]
    ap = argparse.ArgumentParser(
        prog="creative-studio",
        description="Open the desktop app. Subcommands: "
        + ", ".join(SUBCOMMANDS)
        + " (see 'main.py SUBCOMMAND --help').",
    )
    ap.add_argument("campaign", nargs="?", help="campaign YAML (default: the bundled #StopItNow sample)")
    ap.add_argument("--screenshot", metavar="OUT.png", help="save the window with previews loaded and exit")
    try:
        args = ap.parse_args(argv)
    except SystemExit as exc:
        return EXIT_OK if exc.code == 0 else EXIT_BAD_INPUT
    if args.screenshot and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from .gui.app import run_app

    return run_app(args.campaign, screenshot=args.screenshot)


if __name__ == "__main__":
    sys.exit(main())
