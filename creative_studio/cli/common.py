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
