"""`check`: every rule on every message x format."""

from __future__ import annotations

import json

from .common import EXIT_OK, EXIT_PROBLEMS, add_language, load, require_ids, require_languages

NAME = "check"


def register(sub) -> None:
    c = sub.add_parser("check", help="run every check on every message x format")
    c.add_argument("campaign")
    c.add_argument("--json", action="store_true")
    c.add_argument("-m", "--message", action="append")
    c.add_argument("-f", "--format", action="append")
    c.add_argument("--jobs", type=int, default=None)
    add_language(c, many=True)
    c.set_defaults(func=run)


def run(args) -> int:
    from ..checks.report import check_campaign, format_text

    campaign = load(args.campaign)
    require_ids(campaign, args.message, args.format)
    languages = require_languages(campaign, args.language)
    findings = check_campaign(campaign, args.message or None, args.format or None, jobs=args.jobs, languages=languages)
    if args.json:
        print(json.dumps({"findings": [f.to_json() for f in findings]}, indent=2, ensure_ascii=False))
    else:
        print(format_text(campaign, findings))
    return EXIT_PROBLEMS if any(f.severity == "error" for f in findings) else EXIT_OK
