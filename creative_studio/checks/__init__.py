"""Compliance checks over a render: what gets an ad rejected at upload or unread on the street."""

from __future__ import annotations

from ..model.platforms import registry
from ..model.types import Campaign, Face, Message
from ..render.engine import RenderResult
from .findings import Finding
from .rules import RULE_IDS, RULES, Context, rule_id


def _message_for(campaign: Campaign, result: RenderResult) -> Message:
    try:
        return campaign.message(result.message_id)
    except KeyError:
        # A message being edited that is not in the campaign yet: judge what was drawn.
        def text(role: str) -> str:
            b = result.block(role)
            return b.text if b else ""

        return Message(
            id=result.message_id,
            slogan=text("slogan"),
            cta=text("cta"),
            cta_short=text("cta"),
            hashtag=text("hashtag"),
            face=Face(),
        )


def run_checks(
    campaign: Campaign,
    result: RenderResult,
    png_bytes: int | None = None,
    budget_error: str | None = None,
    message: Message | None = None,
) -> list[Finding]:
    """Every rule over one render. Works on a render at any scale; boxes come back at 1x.

    `message` is the message that was rendered when it differs from the campaign's copy (the GUI
    renders edits before they are committed); by default the campaign's message of that id.
    `png_bytes`/`budget_error` come from encoding a full-size render; without them file-size is
    not judged.
    """
    msg = message or _message_for(campaign, result)
    if result.copy is not None:
        # Judge the copy as rendered: this language, with this platform's and format's overrides.
        from ..render.engine import localized

        msg = result.copy.apply(msg)
        campaign = localized(campaign, result)
    ctx = Context(campaign, msg, result, png_bytes, budget_error)
    reg = registry()
    out: list[Finding] = []
    for rule in RULES:
        if reg.applies(ctx.format, rule_id(rule)):  # platform-only rules (word-count: outdoor)
            out.extend(rule(ctx))
    return out


__all__ = ["Finding", "RULE_IDS", "run_checks"]
