"""Compliance checks over a render: what gets an ad rejected at upload or unread on the street."""

from __future__ import annotations

from ..model.types import Campaign
from ..render.engine import RenderResult
from .findings import RULES as RULE_IDS
from .findings import Finding
from .rules import RULES, Context


def run_checks(campaign: Campaign, result: RenderResult, png_bytes: int | None = None,
               budget_error: str | None = None) -> list[Finding]:
    """Every rule over one render. Works on a render at any scale; boxes come back at 1x."""
    ctx = Context(campaign, campaign.message(result.message_id), result, png_bytes, budget_error)
    out: list[Finding] = []
    for rule in RULES:
        out.extend(rule(ctx))
    return out


__all__ = ["Finding", "RULE_IDS", "run_checks"]
