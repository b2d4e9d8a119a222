"""The print file of one cell: a PDF/X-4 for a poster format, preflighted before it is written.

Export calls this in the same worker task as the cell's PNG, after the PNG's checks, so the
print file obeys the same gate (check errors, approval) as the PNG it belongs beside.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .. import __version__
from ..model.types import Campaign, Format

DEFAULT_DATE = "2000-01-01"


def _date(campaign: Campaign) -> str:
    """The PDF's creation date, derived from the campaign (its flight start), never the clock."""
    d = campaign.flight_start or ""
    return d if len(d) == 10 and d[4] == "-" and d[7] == "-" else DEFAULT_DATE


def print_pdf(
    campaign: Campaign, message_id: str, format_id: str, marks: bool = False, language: str | None = None
) -> bytes:
    """The PDF/X-4 bytes of one message on one print format (deterministic)."""
    from ..encode.pdf import PdfMeta, build_pdf
    from ..render.engine import render_message
    from ..render.recording import Recording

    msg = campaign.message(message_id)
    fmt = campaign.format(format_id)
    recording = Recording()
    result = render_message(campaign, msg, fmt, 1.0, language, recording=recording)
    slogan = result.copy.text("slogan") if result.copy else msg.slogan  # in the render's language
    other = result.language and result.language != campaign.default_language
    meta = PdfMeta(
        title=f"{campaign.name}: {slogan} ({fmt.name})",
        creator=f"creative-studio {__version__}",
        date=_date(campaign),
        subject=f"{campaign.id} / {message_id} / {format_id}" + (f" / {result.language}" if other else ""),
    )
    del result
    return build_pdf(fmt, recording, (campaign.brand.background, campaign.brand.background_2), meta, marks)


def supplied_trim_mm(fmt: Format) -> tuple[float, float]:
    spec = fmt.print_spec
    assert spec is not None
    return spec.width_mm / spec.scale, spec.height_mm / spec.scale


def preflight_problems(data: bytes, fmt: Format, name: str) -> list[str]:
    from ..encode.preflight import preflight

    spec = fmt.print_spec
    assert spec is not None
    return preflight(data, min_dpi=spec.dpi, expect_trim_mm=supplied_trim_mm(fmt), name=name).problems


def write_print_pdf(campaign: Campaign, message_id: str, format_id: str, target: Path, marks: bool) -> tuple[int, str]:
    """Render, preflight and atomically write one print PDF: (bytes, sha256). Raises on a failed preflight."""
    from ..base.atomic import write_bytes_atomic

    fmt = campaign.format(format_id)
    data = print_pdf(campaign, message_id, format_id, marks)
    problems = preflight_problems(data, fmt, target.name)
    if problems:
        raise PrintPreflightError(f"the print PDF failed preflight: {'; '.join(problems)}")
    write_bytes_atomic(target, data)
    return len(data), hashlib.sha256(data).hexdigest()


class PrintPreflightError(Exception):
    """The PDF the exporter built does not pass its own preflight (a bug, never the designer's)."""
