"""Whatever a designer types, the checks answer with findings in the contract's shape, never a crash."""

from __future__ import annotations

from dataclasses import replace

from checks_helpers import load
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creative_studio.checks import RULE_IDS, run_checks
from creative_studio.render import render_message

CAMPAIGN = load("ok")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    slogan=st.text(min_size=1, max_size=80).filter(lambda s: s.strip()),
    headline=st.text(max_size=60),
    fmt=st.sampled_from(["t-square", "t-banner", "t-snap", "t-six-sheet", "t-google-resp-ok"]),
    scale=st.sampled_from([0.05, 0.1, 0.2]),
)
def test_any_copy_any_scale(slogan, headline, fmt, scale):
    m = replace(CAMPAIGN.message("employ"), slogan=slogan, headline=headline)
    c = CAMPAIGN.with_message(m)
    f = c.format(fmt)
    res = render_message(c, m, f, scale)
    for finding in run_checks(c, res):
        assert finding.rule in RULE_IDS and finding.severity in ("error", "warning")
        assert finding.text
        if finding.box is not None:
            x0, y0, x1, y1 = finding.box
            assert all(isinstance(v, int) for v in finding.box)
            assert 0 <= x0 <= x1 <= f.width and 0 <= y0 <= y1 <= f.height
