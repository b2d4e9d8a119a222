"""Property test: any text fed to the loader gives a Campaign or a TemplateError, never a crash."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creative_studio.model import TemplateError, load_campaign

SAMPLE = (Path(__file__).resolve().parents[2] / "templates" / "stopitnow.yaml").read_text()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_arbitrary_text_never_crashes(text):
    try:
        load_campaign(Path("/tmp/fuzz-campaign.yaml"), text=text)
    except TemplateError as err:
        assert str(err).startswith("/tmp/fuzz-campaign.yaml")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(SAMPLE) - 1), st.integers(0, 40), st.text(max_size=12))
def test_mutated_sample_never_crashes(pos, cut, insert):
    text = SAMPLE[:pos] + insert + SAMPLE[pos + cut :]
    path = Path(__file__).resolve().parents[2] / "templates" / "fuzz.yaml"  # catalogue resolves beside it
    try:
        load_campaign(path, text=text)
    except TemplateError as err:
        assert err.file == str(path)
