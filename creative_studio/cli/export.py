"""`export`: every message x format as files, plus manifest.json."""

from __future__ import annotations

from pathlib import Path

from .common import EXIT_OK, EXIT_PROBLEMS, BadInput, add_language, err, load, require_ids, require_languages

NAME = "export"


def register(sub) -> None:
    e = sub.add_parser("export", help="write PNGs and manifest.json")
    e.add_argument("campaign")
    e.add_argument("-o", "--output", required=True)
    e.add_argument("-m", "--message", action="append")
    e.add_argument("-f", "--format", action="append")
    e.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    e.add_argument("--approved-only", action="store_true", help="write only approved, non-stale renders")
    e.add_argument("--allow-errors", action="store_true", help="write renders even when checks find errors")
    e.add_argument(
        "--print", action="store_true", dest="print_pdf", help="also write a PDF/X-4 (CMYK) for every print format"
    )
    e.add_argument("--marks", action="store_true", help="with --print: crop marks outside the bleed")
    e.add_argument(
        "--motion", action="store_true", help="also write the animation (GIF or MP4) of every format that takes one"
    )
    e.add_argument("-q", "--quiet", action="store_true")
    add_language(e, many=True)
    e.set_defaults(func=run)


def run(args) -> int:
    from ..export import export_batch

    campaign = load(args.campaign)
    require_ids(campaign, args.message, args.format)
    languages = require_languages(campaign, args.language)
    if args.marks and not args.print_pdf:
        raise BadInput("--marks goes with --print (crop marks are drawn on the print PDFs)")
    if args.jobs is not None and args.jobs < 1:
        raise BadInput(f"--jobs {args.jobs}: give 1 or more")
    from ..base.outputs import check_output_dir
    from ..review import approved_hashes, status_lookup
    from ..review.outputs import protected_paths
    from ..review.store import manifest_binding

    protected = protected_paths(campaign)
    check_output_dir(args.output, protected)

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
            for c in r.companions:
                extra = "FAILED " + c.error if c.error else ("skipped: " + c.skipped if c.skipped else f"{c.bytes:,} B")
                print(f"        {c.path}: {extra}", flush=True)

    res = export_batch(
        campaign,
        args.output,
        args.message or None,
        args.format or None,
        jobs=args.jobs,
        allow_errors=args.allow_errors,
        approved=approved,
        review_status=review_status,
        review_file=manifest_binding(campaign),
        progress=progress,
        protected=protected,
        languages=languages,
        print_pdf=args.print_pdf,
        marks=args.marks,
        motion=args.motion,
    )
    written = sum(r.written for r in res.files)
    print(f"wrote {written} file(s) and {res.manifest_path}")
    for r in res.failed:
        err(f"{Path(args.output) / r.path}: {r.error}")
    return EXIT_PROBLEMS if res.failed else EXIT_OK
