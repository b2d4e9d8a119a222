"""Every file a cell delivers besides its PNG: the print PDF, the animation.

Sign-off binds the sha256 of each (review set, the app's review panel), and
`export --approved-only` writes a file only when its own hash was approved. The bytes are the
ones export writes: the same functions, deterministic.
"""

from __future__ import annotations

import hashlib

from ..model.types import Campaign


def deliverable_hashes(
    campaign: Campaign, message_id: str, format_id: str, language: str | None = None
) -> tuple[dict[str, str], list[str]]:
    """({kind: sha256} for the PDF and/or GIF/MP4 the cell exports, notes on what could not be made)."""
    fmt = campaign.format(format_id)
    out: dict[str, str] = {}
    notes: list[str] = []
    if fmt.print_spec is not None:
        from .print_job import print_pdf

        out["pdf"] = hashlib.sha256(print_pdf(campaign, message_id, format_id, False, language)).hexdigest()
    if fmt.motion is not None:
        from ..encode.mp4 import VideoUnavailable
        from .motion_job import motion_file

        try:
            mf = motion_file(campaign, message_id, format_id, language)
            out[mf.kind] = hashlib.sha256(mf.data).hexdigest()
        except VideoUnavailable as exc:
            notes.append(f"the {fmt.motion.file.upper()} is not bound: {exc}")
    return out, notes
