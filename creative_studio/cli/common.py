"""What every subcommand shares: exit codes, the bad-input error, loading a campaign."""

from __future__ import annotations

import sys

EXIT_OK, EXIT_PROBLEMS, EXIT_BAD_INPUT = 0, 1, 2


class BadInput(Exception):
    """A command-line argument that cannot be used: printed as one sentence, exit 2."""


def err(msg: str) -> None:
    print(msg, file=sys.stderr)


def require_ids(campaign, messages, formats) -> None:
    from ..model.loader import require_ids as check

    check(campaign, messages, formats)


def load(path: str):
    from ..model import load_campaign

    return load_campaign(path)


def add_language(parser, many: bool = False) -> None:
    """-l/--language: one of the campaign's languages (repeatable where a command covers many)."""
    parser.add_argument(
        "-l",
        "--language",
        action="append" if many else "store",
        metavar="LANG",
        help="a language of the campaign (its first is the default)"
        + ("; repeat for several; default: every language" if many else "; default: the campaign's first"),
    )


def require_languages(campaign, languages) -> list[str] | None:
    from ..model.loader import require_languages as check

    return check(campaign, languages)
