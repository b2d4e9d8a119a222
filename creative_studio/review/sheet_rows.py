"""The sign-off sheet's rows and vocabulary: one row per message x format in one language.

Kept apart from sheet.py (the typesetting) so each stays readable.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ..model.types import Campaign
from .state import CellInfo, state_of
from .store import Decision, ReviewLog

STATE_LABEL = {
    "approved": "APPROVED",
    "changes-requested": "CHANGES REQUESTED",
    "rejected": "REJECTED",
    "stale": "STALE",
    "pending": "PENDING",
}
STATE_COLOUR = {
    "approved": "#1E7B34",
    "changes-requested": "#A15C00",
    "rejected": "#B42318",
    "stale": "#6B3FA0",
    "pending": "#5F6B7A",
}
STATE_HELP = {
    "approved": "signed off; the export hash matches the approved bytes",
    "changes-requested": "the reviewer asked for changes",
    "rejected": "must not be used",
    "stale": "a decision exists, but the render changed since: review again",
    "pending": "no decision yet",
}
THUMB_BOX_PX = (260, 170)  # thumbnail render size (fits), drawn at about 150 dpi


@dataclass(frozen=True)
class SheetRow:
    message: str
    format: str
    format_name: str
    platform: str
    width: int
    height: int
    state: str
    decision: Decision | None
    decisions: int  # how many decisions the cell's history holds
    info: CellInfo


@dataclass(frozen=True)
class SheetStats:
    path: Path
    pages: int
    renders: int
    counts: dict[str, int]


def sheet_rows(
    campaign: Campaign, log: ReviewLog, infos: dict[tuple[str, str], CellInfo], language: str = ""
) -> list[SheetRow]:
    """One row per message x format in one language (`language` a key: "" = the default)."""
    rows = []
    for m in campaign.message_ids:
        for f in campaign.format_ids:
            fmt = campaign.format(f)
            info = infos.get((m, f)) or CellInfo(m, f, error="not rendered")
            d = log.latest(m, f, language)
            rows.append(
                SheetRow(
                    m,
                    f,
                    fmt.name,
                    fmt.platform,
                    fmt.width,
                    fmt.height,
                    state_of(log, m, f, info.sha256, language),
                    d,
                    len(log.for_cell(m, f, language)),
                    info,
                )
            )
    return rows


PROOF_LABEL = "print proof (FOGRA39 soft proof)"


def _png(im) -> bytes:
    buf = io.BytesIO()
    im.save(buf, format="PNG", compress_level=3)
    return buf.getvalue()


def _thumbnail_png(campaign: Campaign, m: str, f: str, language: str | None = None) -> bytes:
    return _thumbnails(campaign, m, f, language)[0]


def _thumbnails(campaign: Campaign, m: str, f: str, language: str | None = None) -> tuple[bytes, bytes | None]:
    """(the screen thumbnail, its print proof) as PNG bytes; the proof only for print formats.

    The proof is the thumbnail through the press profile and back (encode/press.py, the round
    trip the PDF/X's CMYK takes): what the poster will print, out-of-gamut colours included.
    """
    from ..encode.press import soft_proof
    from ..render import fit_scale, render_detailed

    fmt = campaign.format(f)
    scale = max(1e-3, min(4.0, fit_scale(fmt, *THUMB_BOX_PX)))
    im = render_detailed(campaign, m, f, scale, language).image
    return _png(im), _png(soft_proof(im.convert("RGB"))) if fmt.print_spec is not None else None


def _file_sha(path: Path) -> str:
    """The review file's hash: which exact state of the decision history this sheet shows."""
    import hashlib

    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _fmt_flight(a: str, b: str) -> str:
    def one(s: str) -> str:
        try:
            return date.fromisoformat(s).strftime("%-d %B %Y")
        except ValueError:
            return s

    return f"{one(a)} \u2013 {one(b)}" if a or b else "not given"


def _fmt_at(at: str) -> str:
    try:
        return datetime.strptime(at, "%Y-%m-%dT%H:%M:%SZ").strftime("%-d %b %Y %H:%M UTC")
    except ValueError:
        return at


__all__ = [
    "PROOF_LABEL",
    "STATE_COLOUR",
    "STATE_HELP",
    "STATE_LABEL",
    "THUMB_BOX_PX",
    "SheetRow",
    "SheetStats",
    "sheet_rows",
]
