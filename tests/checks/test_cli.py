"""`main.py check`: exit codes and the --json shape of ../shared/contracts.md, via a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parent / "data"
SAMPLE = ROOT / "templates" / "stopitnow.yaml"

RULE_IDS = [
    "safe-zone",
    "text-overflow",
    "min-text-size",
    "contrast",
    "word-count",
    "copy-length",
    "text-coverage",
    "file-size",
    "missing-glyph",
    "overlap",
    "out-of-gamut",
    "panel-join",
    "missing-alt-text",
    "face-contrast",
    "missing-translation",
]
CHECK_JSON = {
    "type": "object",
    "additionalProperties": False,
    "required": ["findings"],
    "properties": {
        "findings": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["rule", "severity", "message", "format", "text"],
                "properties": {
                    "rule": {"enum": RULE_IDS},
                    "severity": {"enum": ["error", "warning"]},
                    "message": {"type": "string", "minLength": 1},
                    "format": {"type": "string", "minLength": 1},
                    "text": {"type": "string", "minLength": 1},
                    "language": {"type": "string", "minLength": 2},  # the render's language
                    "box": {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 4, "maxItems": 4},
                },
            },
        }
    },
}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "check", *args], capture_output=True, text=True, cwd=ROOT, timeout=600
    )


@pytest.fixture(scope="module")
def sample_json():
    p = run(str(SAMPLE), "--json")
    return p, json.loads(p.stdout)


def test_sample_json_matches_the_contract(sample_json):
    p, data = sample_json
    assert "Traceback" not in p.stderr
    jsonschema.validate(data, CHECK_JSON)
    for f in data["findings"]:
        if "box" in f:
            x0, y0, x1, y1 = f["box"]
            assert x0 <= x1 and y0 <= y1


def test_sample_exit_code_follows_its_errors(sample_json):
    p, data = sample_json
    errors = {(f["rule"], f["format"]) for f in data["findings"] if f["severity"] == "error"}
    assert p.returncode == (1 if errors else 0)
    assert not errors, errors


def test_sample_check_exits_0(sample_json):
    p, _ = sample_json
    assert p.returncode == 0, p.stdout[-2000:]


def test_clean_campaign_exits_0():
    p = run(str(DATA / "ok.yaml"))
    assert p.returncode == 0, p.stdout + p.stderr
    assert p.stdout.strip().splitlines()[-1] == "5 renders checked: 0 error(s), 0 warning(s)"
    p = run(str(DATA / "ok.yaml"), "--json")
    assert p.returncode == 0 and json.loads(p.stdout) == {"findings": []}


def test_errors_exit_1_with_readable_text():
    p = run(str(DATA / "contrast_low.yaml"))
    assert p.returncode == 1
    out = p.stdout.splitlines()
    assert out[0].startswith("employ:") and out[1].strip() == "t-square"
    assert "ERROR" in out[2] and "contrast" in out[2]
    assert out[-1].startswith("1 renders checked: 1 error(s)")


def test_warnings_only_exit_0():
    p = run(str(DATA / "word_count.yaml"), "-m", "nine", "-f", "t-six-sheet", "--json")
    data = json.loads(p.stdout)
    assert [f["severity"] for f in data["findings"]] == ["warning"] and p.returncode == 0


def test_filtered_run_counts_what_it_checked():
    p = run(str(DATA / "word_count.yaml"), "-f", "t-six-sheet")
    assert p.stdout.strip().splitlines()[-1].startswith("4 renders checked:")


@pytest.mark.parametrize(
    "args, where",
    [
        ([str(DATA / "bad_yaml.yaml")], "bad_yaml.yaml:"),
        ([str(DATA / "ok.yaml"), "-f", "no-such-format"], "no-such-format"),
        ([str(DATA / "missing.yaml")], "missing.yaml"),
    ],
)
def test_bad_input_exits_2_without_a_traceback(args, where):
    p = run(*args)
    assert p.returncode == 2
    assert where in p.stderr and "Traceback" not in p.stderr
