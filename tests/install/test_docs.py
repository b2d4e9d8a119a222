"""The README and docs/ stand on their own: links stay inside the repository and the commands
they show are ones the program accepts."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from creative_studio.cli import SUBCOMMANDS, build_parser

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def _shell_lines(text: str) -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", text, re.S)
    return [line for block in blocks for line in block.splitlines()]


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_links_stay_inside_the_repository(doc):
    for target in _LINK.findall(doc.read_text(encoding="utf-8")):
        assert "://" not in target and not target.startswith("mailto:"), f"{doc.name}: link outside: {target}"
        path = (doc.parent / target.split("#")[0]).resolve()
        assert path.is_relative_to(ROOT) and path.exists(), f"{doc.name}: broken link {target}"


def test_the_shown_commands_are_accepted():
    seen = 0
    for doc in DOCS:
        for line in _shell_lines(doc.read_text(encoding="utf-8")):
            argv = shlex.split(line, comments=True)
            if not argv or argv[0] != "creative-studio" or len(argv) < 2 or argv[1] not in SUBCOMMANDS:
                continue
            try:
                build_parser().parse_args(argv[1:])
            except SystemExit:
                pytest.fail(f"{doc.name}: the program refuses: {line.strip()}")
            seen += 1
    assert seen >= 10
