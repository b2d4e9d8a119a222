"""Sign-off: decisions bound to the sha256 of the exact PNG bytes, staleness, the sign-off sheet.

Qt-free (the GUI's review panel sits on top of this). The public API:

* `record_decision(campaign, message_id, format_id, status, by, role, note, sha256, png_bytes)`
* `load_reviews(campaign) -> ReviewLog` (`.history`, `.latest(msg, fmt)`)
* `cell_states(campaign, current_hashes) -> {(msg, fmt): state}`; `cell_statuses(campaign)` without
  rendering (cached hashes only), for the matrix badges on the GUI thread
* `status_lookup(campaign)(msg, fmt, sha256[, language]) -> state` and `approved_hashes(campaign)`
  (keys (msg, fmt, language), and (msg, fmt) for the default language) for export
* Decisions are per language: `record_decision(..., language=)`, `log.latest(msg, fmt, key)` with
  `store.language_key(campaign, language)` ("" for the default language, as files before it)
* `diff_images(approved_png_bytes, current_png_bytes) -> PIL.Image` (`compare_images` for the bbox)
* `cli(args) -> int` for `main.py review status|set|sheet|verify|keygen`
* `ReviewLog.chain` (review/chain.py): the hash chain's state; `BrokenHistoryError` when a history
  that was altered is appended to or exported from; review/trust.py: the roster and signatures

The review file's format, its hash chain and signatures are documented in docs/review.md.
"""

from __future__ import annotations

from .state import (
    CellInfo,
    approved_hashes,
    cell_info,
    cell_states,
    cell_statuses,
    counts,
    current_hashes,
    current_infos,
    state_of,
    status_lookup,
)
from .store import (
    STATES,
    STATUSES,
    BrokenHistoryError,
    Decision,
    ReviewError,
    ReviewLog,
    cache_dir,
    cached_png,
    load_reviews,
    record_decision,
    review_path,
)


def cli(args) -> int:
    from .command import cli as _cli

    return _cli(args)


def diff_images(approved_png_bytes: bytes, current_png_bytes: bytes):
    from .diff import diff_images as _diff

    return _diff(approved_png_bytes, current_png_bytes)


def compare_images(approved_png_bytes: bytes, current_png_bytes: bytes):
    from .diff import compare_images as _cmp

    return _cmp(approved_png_bytes, current_png_bytes)


__all__ = [
    "STATES",
    "BrokenHistoryError",
    "STATUSES",
    "CellInfo",
    "Decision",
    "ReviewError",
    "ReviewLog",
    "approved_hashes",
    "cache_dir",
    "cached_png",
    "cell_info",
    "cell_states",
    "cell_statuses",
    "cli",
    "compare_images",
    "counts",
    "current_hashes",
    "current_infos",
    "diff_images",
    "load_reviews",
    "record_decision",
    "review_path",
    "state_of",
    "status_lookup",
]
