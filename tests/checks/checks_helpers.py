"""Helpers for the check tests: load a test campaign, render it small, run the rules on it.

Imported by the test modules of this folder (pytest puts the folder on sys.path; tests/ has no
packages), under a name no other test folder uses."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent / "data"


def load(name: str):
    from creative_studio.model import load_campaign

    return load_campaign(DATA / f"{name}.yaml")


def render_small(campaign, message_id: str, format_id: str, scale: float | None = None):
    """Renders stay small: print posters at 1:10 of their artwork, the rest at half size."""
    from creative_studio.render import render_detailed

    fmt = campaign.format(format_id)
    if scale is None:
        scale = 0.1 if fmt.is_print else 0.5
    return render_detailed(campaign, message_id, format_id, scale)


def findings(name: str, message_id: str, format_id: str, rule: str | None = None, scale: float | None = None):
    from creative_studio.checks import run_checks

    c = load(name)
    result = render_small(c, message_id, format_id, scale)
    out = run_checks(c, result)
    return [f for f in out if rule is None or f.rule == rule]


def near(box, expected, tol: float) -> bool:
    return box is not None and all(abs(a - b) <= tol for a, b in zip(box, expected, strict=True))


def inside(inner, outer) -> bool:
    return outer[0] <= inner[0] <= inner[2] <= outer[2] and outer[1] <= inner[1] <= inner[3] <= outer[3]


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
