"""`preflight FILE.pdf`: is this print PDF what a poster printer accepts (PDF/X-4, CMYK)?"""

from __future__ import annotations

import os

from .common import EXIT_OK, EXIT_PROBLEMS, BadInput, err

NAME = "preflight"


def register(sub) -> None:
    p = sub.add_parser(
        "preflight", help="check a print PDF: PDF/X-4, output intent, boxes, CMYK only, fonts, image ppi"
    )
    p.add_argument("pdf", metavar="FILE.pdf")
    p.add_argument(
        "--min-dpi", type=float, default=None, help="lowest effective image resolution allowed (default: not checked)"
    )
    p.set_defaults(func=run)


def run(args) -> int:
    from ..encode.preflight import PreflightInputError, preflight

    path = args.pdf
    try:
        st = os.stat(path)
    except OSError as exc:
        raise BadInput(f"{path}: {exc.strerror}") from None
    import stat

    if not stat.S_ISREG(st.st_mode):
        raise BadInput(f"{path}: not a regular file; give the path of a PDF")
    if args.min_dpi is not None and not (1 <= args.min_dpi <= 10000):
        raise BadInput(f"--min-dpi {args.min_dpi}: give a resolution from 1 to 10000")
    try:
        report = preflight(path, min_dpi=args.min_dpi)
    except PreflightInputError as exc:
        raise BadInput(str(exc)) from None
    if report.ok:
        print(report.summary())
        return EXIT_OK
    err(report.summary())
    for p in report.problems:
        err(f"  - {p}")
    return EXIT_PROBLEMS
