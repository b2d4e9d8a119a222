"""`init DIR`: a starter campaign (the bundled sample) that renders, checks and exports from DIR.

The starter names no catalogue, so it uses the one bundled with the program: a designer starts
from one file, and the platform specs stay the ones this version was checked against (they are
updated with the program). `--copy-catalogue` copies formats.yaml and layouts.yaml beside it
instead, for a campaign that tunes formats or layouts of its own.
"""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

from .common import EXIT_OK, BadInput

NAME = "init"
CAMPAIGN_FILE = "campaign.yaml"
_CATALOGUE_LINE = re.compile(r"^catalogue:.*\n", re.MULTILINE)
_BUNDLED_NOTE = (
    "# No catalogue: line, so the formats and layouts are the ones bundled with Creative Studio\n"
    "# ('creative-studio formats' lists them). To tune them for this campaign, run\n"
    "# 'creative-studio init --copy-catalogue' in an empty folder, or copy them here and add:\n"
    "# catalogue: {formats: formats.yaml, layouts: layouts.yaml}\n"
)


def register(sub) -> None:
    p = sub.add_parser("init", help="write a starter campaign into a folder")
    p.add_argument("dir", metavar="DIR", help="the folder (created if missing; existing files are never replaced)")
    p.add_argument(
        "--copy-catalogue",
        action="store_true",
        help="copy formats.yaml and layouts.yaml beside the campaign instead of using the bundled ones",
    )
    p.set_defaults(func=run)


def _program() -> str:
    """How the user started us, so the hint can be typed as is."""
    started = Path(sys.argv[0]) if sys.argv and sys.argv[0] else Path()
    if started.name == "main.py":  # as typed, so it works from the folder the user is in
        return f"python {shlex.quote(sys.argv[0])}"
    if started.name == "__main__.py" and started.parent.name == "creative_studio":
        return "python -m creative_studio"
    return "creative-studio"


def _create(path: Path, data: bytes) -> None:
    """Write a new file whole, never replacing one."""
    from ..base.atomic import create_file_atomic

    try:
        create_file_atomic(path, data)
    except FileExistsError:
        raise BadInput(f"{path}: already exists; init never replaces a file, use an empty folder") from None


def run(args) -> int:
    from ..base import resources
    from ..model import load_campaign

    folder = Path(args.dir)
    if folder.exists() and not folder.is_dir():
        raise BadInput(f"{folder}: is not a folder; give a folder for the starter campaign")
    sample = resources.SAMPLE_CAMPAIGN.read_text(encoding="utf-8")
    files: dict[str, str] = {}
    if args.copy_catalogue:
        files["formats.yaml"] = resources.CATALOGUE_FORMATS.read_text(encoding="utf-8")
        files["layouts.yaml"] = resources.CATALOGUE_LAYOUTS.read_text(encoding="utf-8")
        line = "catalogue: {formats: formats.yaml, layouts: layouts.yaml}\n"
        text, n = _CATALOGUE_LINE.subn(line, sample, count=1)
        text = text if n else text + "\n" + line
    else:
        text = _CATALOGUE_LINE.sub(_BUNDLED_NOTE, sample, count=1)
    files[CAMPAIGN_FILE] = "# Starter campaign written by 'creative-studio init': the #StopItNow sample.\n" + text

    taken = [folder / name for name in files if (folder / name).exists() or (folder / name).is_symlink()]
    if taken:
        names = ", ".join(str(p) for p in taken)
        raise BadInput(f"{names}: already exists; init never replaces a file, use an empty folder")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in files.items():  # the campaign last: it names the others
        _create(folder / name, content.encode("utf-8"))
        written.append(folder / name)

    campaign = load_campaign(folder / CAMPAIGN_FILE)  # what the user will run next must load
    camp = shlex.quote(str(folder / CAMPAIGN_FILE))
    message = campaign.message_ids[0]
    fmt = "snapchat-snap-ad" if "snapchat-snap-ad" in campaign.format_ids else campaign.format_ids[0]
    prog = _program()
    where = "a copy of the catalogue beside it" if args.copy_catalogue else "the bundled catalogue"
    print(
        f"wrote {', '.join(str(p) for p in written)}: the #StopItNow sample, {len(campaign.messages)} messages "
        f"x {len(campaign.formats)} formats on {where}"
    )
    print("next:")
    print(f"  {prog} render {camp} -m {message} -f {fmt} -o {fmt}.png")
    print(f"  {prog} check {camp}")
    print(f"  {prog} export {camp} -o {shlex.quote(str(folder / 'out'))}")
    print(f"  {prog} {camp}    # open it in the app")
    return EXIT_OK
