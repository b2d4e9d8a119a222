"""Hypothesis: valid files mutated with hostile YAML load or are refused as bad input, never crash.

The mutations are the ones attackers and accidents produce: aliases and anchors (bombs, cycles,
undefined names), deep brackets, NaN/infinities/huge numbers, lone surrogates, Python tags,
merge keys, stray documents, tabs, deleted and doubled lines. Every outcome is a Campaign or a
TemplateError (which the CLI prints as FILE:LINE:COLUMN, exit 2). The work of each example is
bounded by the reader's node and depth caps, which the parse-level test checks on what it returns;
no timer is involved.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creative_studio.cli import run as cli_run
from creative_studio.model import TEMPLATES_DIR, TemplateError, load_campaign
from creative_studio.model.yamlio import MAX_DEPTH, MAX_NODES, parse_yaml_text

SAMPLE = (TEMPLATES_DIR / "stopitnow.yaml").read_text(encoding="utf-8")
FORMATS = (TEMPLATES_DIR / "formats.yaml").read_text(encoding="utf-8")
LAYOUTS = (TEMPLATES_DIR / "layouts.yaml").read_text(encoding="utf-8")

BOMB = "x: &a [l,l,l,l,l,l,l,l,l]\n" + "".join(
    f"{k}: &{k} [{','.join(['*' + p] * 9)}]\n" for p, k in zip("abcdefg", "bcdefgh", strict=True)
)
VALUES = [
    ".nan",
    "-.inf",
    "1.0e+999",
    "9" * 400,
    '"\\ud800"',
    '"\\udfff text"',
    "*nope",
    "&a [*a]",
    "!!python/object/apply:os.system [true]",
    "!!binary aGk=",
    "[" * 80 + "]" * 80,
    "{" * 30,
    "[1, 2",
    "~",
    "''",
    "0x7fffffffffffffffff",
    "1:2:3:4:5",
    "2019-13-45",
    "'a' 'b'",
    '"\\x00"',
]
LINES = [
    "<<: *a",
    "---",
    "\tkey: value",
    "&x key: *x",
    "? [complex, key]\n: value",
    BOMB.rstrip("\n"),
    "deep: " + "[" * 70 + "1" + "]" * 70,
    "- stray",
    "...",
    "%YAML 1.1",
]


@st.composite
def mutated(draw, text: str) -> str:
    lines = text.splitlines()
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["value", "line", "delete", "double", "indent"]))
        if kind == "value" and ": " in lines[i]:
            head = lines[i].split(": ", 1)[0]
            lines[i] = f"{head}: {draw(st.sampled_from(VALUES))}"
        elif kind == "line":
            indent = len(lines[i]) - len(lines[i].lstrip())
            lines.insert(i, " " * indent + draw(st.sampled_from(LINES)))
        elif kind == "delete":
            del lines[i]
        elif kind == "double":
            lines.insert(i, lines[i])
        else:
            lines[i] = " " * draw(st.integers(0, 5)) + lines[i].lstrip()
        if not lines:
            lines = [""]
    return "\n".join(lines) + "\n"


def _size(data, depth: int = 1) -> tuple[int, int]:
    """(values, depth) of plain data, iteratively."""
    n, deepest, stack = 0, 0, [(data, depth)]
    while stack:
        d, k = stack.pop()
        n += 1
        deepest = max(deepest, k)
        if isinstance(d, dict):
            stack.extend((v, k + 1) for v in d.values())
        elif isinstance(d, list):
            stack.extend((v, k + 1) for v in d)
    return n, deepest


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([SAMPLE, FORMATS, LAYOUTS]).flatmap(mutated))
def test_parse_is_bounded_or_refused(text):
    try:
        located = parse_yaml_text(text, "fuzz.yaml")
    except TemplateError as err:
        assert err.file == "fuzz.yaml" and err.message and "\n" not in err.message
        return
    values, depth = _size(located.data)
    assert values <= MAX_NODES + 1 and depth <= MAX_DEPTH
    text.encode("utf-8")  # what was accepted can be written back as UTF-8
    for v in _strings(located.data):
        v.encode("utf-8")  # no lone surrogate got through


def _strings(data):
    stack = [data]
    while stack:
        d = stack.pop()
        if isinstance(d, str):
            yield d
        elif isinstance(d, dict):
            stack.extend(d.keys())
            stack.extend(d.values())
        elif isinstance(d, list):
            stack.extend(d)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    which=st.sampled_from(["campaign", "formats", "layouts"]),
    data=st.data(),
)
def test_mutated_campaign_or_catalogue_loads_or_is_bad_input(which, data):
    texts = {"campaign": SAMPLE, "formats": FORMATS, "layouts": LAYOUTS}
    texts[which] = data.draw(mutated(texts[which]))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "c.yaml").write_text(texts["campaign"], encoding="utf-8", errors="surrogatepass")
        (folder / "formats.yaml").write_text(texts["formats"], encoding="utf-8", errors="surrogatepass")
        (folder / "layouts.yaml").write_text(texts["layouts"], encoding="utf-8", errors="surrogatepass")
        try:
            campaign = load_campaign(folder / "c.yaml")
        except TemplateError as err:
            assert err.file.startswith(str(folder)) and err.message and "\n" not in err.message
            return
        assert campaign.messages and campaign.formats


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([SAMPLE, FORMATS]).flatmap(mutated))
def test_the_cli_gives_exit_0_or_2(text):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        is_formats = "platform:" in text  # only the catalogue names platforms
        (folder / "formats.yaml").write_text(text if is_formats else FORMATS, encoding="utf-8")
        (folder / "layouts.yaml").write_text(LAYOUTS, encoding="utf-8")
        (folder / "c.yaml").write_text(SAMPLE if is_formats else text, encoding="utf-8")
        # `check` of one small cell: loads everything, renders, runs the rules
        code = cli_run(["check", str(folder / "c.yaml"), "-f", "google-320x50", "-m", "freedom", "--jobs", "1"])
        assert code in (0, 1, 2)
