"""Run the checks over a whole campaign (in worker processes) and format the findings."""

from __future__ import annotations

import os

from ..base.pool import Failed, Lost, run_tasks
from ..model.types import Campaign
from .findings import Finding

_CAMPAIGN: Campaign | None = None


def _init(campaign: Campaign) -> None:
    global _CAMPAIGN
    _CAMPAIGN = campaign


def check_one(
    message_id: str, format_id: str, campaign: Campaign | None = None, language: str | None = None
) -> list[Finding]:
    """Render at full size once and run every rule on that render.

    The PNG is encoded only when the raw pixels could exceed the byte limit: a PNG is never much
    larger than its raw RGB data, so a 6 MB raw story can't break a 30 MB limit.
    """
    from ..encode.png import BudgetError, encode_for_format
    from ..render import render_detailed
    from . import run_checks

    campaign = campaign or _CAMPAIGN
    assert campaign is not None
    result = render_detailed(campaign, message_id, format_id, 1.0, language)
    fmt = result.format
    png_bytes = None
    budget_error = None
    raw = fmt.width * fmt.height * 3 + 65536
    if raw > fmt.max_bytes:
        try:
            png_bytes = len(encode_for_format(result.image, fmt, {}).data)
        except BudgetError as exc:
            budget_error = str(exc)
    return run_checks(campaign, result, png_bytes, budget_error)


class Findings(list):
    """The findings of a check run, and which messages and formats it covered."""

    def __init__(
        self,
        items=(),
        message_ids: tuple[str, ...] = (),
        format_ids: tuple[str, ...] = (),
        languages: tuple[str, ...] = (),
    ):
        super().__init__(items)
        self.message_ids = tuple(message_ids)
        self.format_ids = tuple(format_ids)
        self.languages = tuple(languages)

    @property
    def renders(self) -> int:
        return len(self.message_ids) * len(self.format_ids) * max(1, len(self.languages))


def check_campaign(
    campaign: Campaign, message_ids=None, format_ids=None, jobs: int | None = None, languages=None
) -> Findings:
    """Check every message x format x language (or the ones given), each rendered once at full size."""
    mids = list(dict.fromkeys(message_ids or campaign.message_ids))
    fids = list(dict.fromkeys(format_ids or campaign.format_ids))
    langs = list(dict.fromkeys(languages or campaign.languages))
    work = [(m, f, lang) for lang in langs for m in mids for f in fids]
    jobs = max(1, jobs or os.cpu_count() or 1)
    if jobs == 1 or len(work) < 4:
        results = [check_one(m, f, campaign, lang) for m, f, lang in work]
    else:
        outcomes = run_tasks(
            check_one, [(m, f, None, lang) for m, f, lang in work], jobs=jobs, initializer=_init, initargs=(campaign,)
        )
        results = []
        for i, (m, f, lang) in enumerate(work):
            out = outcomes[i]
            if isinstance(out, Failed):
                raise out.exception  # as in-process: a render error is the caller's to report
            if isinstance(out, Lost):  # only this cell is lost; the report covers the rest
                out = [
                    Finding("render-failed", "error", m, f, f"could not be checked: {out.reason}", language=lang or "")
                ]
            results.append(out)
    return Findings((f for r in results for f in r), tuple(mids), tuple(fids), tuple(langs))


def format_text(campaign: Campaign, findings: list[Finding], message_ids=None, format_ids=None) -> str:
    """Findings grouped by message and format, readable in a terminal.

    The count of renders is of the messages and formats actually checked: the ones given, else
    those recorded on a `Findings` from check_campaign, else the whole campaign.
    """
    errors = sum(f.severity == "error" for f in findings)
    warnings = sum(f.severity == "warning" for f in findings)
    mids = tuple(message_ids or getattr(findings, "message_ids", ()) or campaign.message_ids)
    fids = tuple(format_ids or getattr(findings, "format_ids", ()) or campaign.format_ids)
    langs = tuple(getattr(findings, "languages", ()) or (campaign.default_language,))
    n = len(mids) * len(fids) * len(langs)
    lines = []
    by_msg: dict[str, dict[tuple[str, str], list[Finding]]] = {}
    for f in findings:
        by_msg.setdefault(f.message, {}).setdefault((f.format, f.language), []).append(f)
    for m in campaign.messages:
        if m.id not in by_msg:
            continue
        lines.append(f'{m.id}: "{m.slogan}"')
        keys = [(fid, lang) for lang in langs for fid in fids] + list(by_msg[m.id])
        for fid, lang in dict.fromkeys(keys):
            fs = by_msg[m.id].get((fid, lang))
            if not fs:
                continue
            lines.append(f"  {fid}" + (f" [{lang}]" if campaign.multilingual and lang else ""))
            for f in sorted(fs, key=lambda x: (x.severity != "error", x.rule)):
                box = f" at {list(f.box)}" if f.box else ""
                lines.append(f"    {f.severity.upper():7} {f.rule:14} {f.text}{box}")
    lines.append(f"{n} renders checked: {errors} error(s), {warnings} warning(s)")
    return "\n".join(lines)
