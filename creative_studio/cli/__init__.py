"""The command line: arguments and exit codes only; the work is done by the layers below.

Exit codes (see docs/contracts): 0 success, 1 the work ran but found problems (failed files,
check errors), 2 bad input. Bad input never prints a traceback: it prints FILE:LINE:COLUMN and a
sentence on stderr.

Each subcommand is a module here with `register(subparsers)` (its arguments, `func=run`) and
`run(args) -> int`. A new command is a new module added to `COMMANDS`.
"""

from __future__ import annotations

import argparse
import os
import sys

from .. import __version__
from . import check, copydeck, export, formats, init, layout, preflight, render, review
from .common import EXIT_BAD_INPUT, EXIT_OK, EXIT_PROBLEMS, BadInput, err

# The order is the order of `--help`.
COMMANDS = (init, formats, render, layout, export, check, review, preflight, copydeck)
SUBCOMMANDS = tuple(c.NAME for c in COMMANDS)
# Commands that lay out no text; every other one (and the app) needs raqm, see render/textstack.py.
# (copydeck and preflight only read and write tables and PDFs.)
NO_TEXT_LAYOUT = frozenset({"init", "formats", "copydeck", "preflight"})
# Exit status when the reader of our output went away (`creative-studio formats | head`), as a
# program killed by SIGPIPE reports it to the shell; nothing is printed.
EXIT_BROKEN_PIPE = 128 + 13

__all__ = ["EXIT_BAD_INPUT", "EXIT_OK", "EXIT_PROBLEMS", "SUBCOMMANDS", "BadInput", "build_parser", "main", "run"]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="creative-studio",
        description="Creative Studio: campaign images for every placement. With no subcommand, opens the desktop app.",
    )
    p.add_argument("--version", action="version", version=f"creative-studio {__version__}")
    sub = p.add_subparsers(dest="command")
    for command in COMMANDS:
        command.register(sub)
    for sp in sub.choices.values():
        _add_shared_options(sp)
    return p


def _add_shared_options(parser: argparse.ArgumentParser) -> None:
    """Options every command shares (see model.loader), on nested subcommands too."""
    nested = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if nested:
        for a in nested:
            for sp in a.choices.values():
                _add_shared_options(sp)
        return
    parser.add_argument(
        "--allow-outside-paths",
        action="store_true",
        help="let the campaign name files (logo, catalogue) outside its own folder",
    )


# The errors that mean bad input (exit 2, one sentence), by the module that defines them. They are
# looked up only in modules already imported: an exception cannot come from a module that was never
# loaded, and importing export.batch or the review store just to name their errors would cost
# every command (`render` above all) their imports.
_BAD_INPUT_ERRORS = (
    ("creative_studio.model.yamlio", "TemplateError"),
    ("creative_studio.render.engine", "RenderError"),
    ("creative_studio.render.fonts", "FontMissingError"),
    ("creative_studio.export.batch", "UnsafePathError"),
    ("creative_studio.review.store", "ReviewError"),
)


def _bad_input_errors() -> tuple[type[BaseException], ...]:
    loaded = (sys.modules.get(module) for module, _ in _BAD_INPUT_ERRORS)
    found = tuple(getattr(m, name) for m, (_, name) in zip(loaded, _BAD_INPUT_ERRORS, strict=True) if m is not None)
    return (BadInput, *found)


def run(argv: list[str]) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed its usage message
        return EXIT_OK if exc.code == 0 else EXIT_BAD_INPUT
    if getattr(args, "allow_outside_paths", False):
        from ..model.campaign_files import ALLOW_OUTSIDE_ENV

        os.environ[ALLOW_OUTSIDE_ENV] = "1"
    if args.command not in NO_TEXT_LAYOUT and (problem := _text_layout_problem()):
        err(problem)
        return EXIT_BAD_INPUT
    try:
        return args.func(args)
    except Exception as exc:
        if isinstance(exc, _bad_input_errors()):
            err(str(exc))
            return EXIT_BAD_INPUT
        if isinstance(exc, OSError) and not isinstance(exc, BrokenPipeError):  # a broken pipe: main() ends quietly
            err(f"{exc.filename or ''}: {exc.strerror or exc}")
            return EXIT_BAD_INPUT
        raise
    except KeyboardInterrupt:
        err("interrupted")
        return 130


def _text_layout_problem() -> str | None:
    from ..render.textstack import raqm_problem

    return raqm_problem()


def main(argv: list[str] | None = None) -> int:
    """The program: a subcommand, or the desktop app. Returns the exit status."""
    try:
        status = _main(argv)
        sys.stdout.flush()  # a closed pipe shows here, while it can still be handled
        return status
    except BrokenPipeError:
        # Point stdout at /dev/null so the interpreter's own flush at exit stays silent too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return EXIT_BROKEN_PIPE


def _main(argv: list[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and (argv[0] in SUBCOMMANDS or argv[0] in ("-h", "--help", "--version")):
        return run(argv)
    # The desktop app: main.py [--screenshot OUT.png] [CAMPAIGN.yaml]
    ap = argparse.ArgumentParser(
        prog="creative-studio",
        description="Open the desktop app. Subcommands: "
        + ", ".join(SUBCOMMANDS)
        + " (see 'main.py SUBCOMMAND --help').",
    )
    ap.add_argument("campaign", nargs="?", help="campaign YAML (default: the bundled #StopItNow sample)")
    ap.add_argument("--screenshot", metavar="OUT.png", help="save the window with previews loaded and exit")
    ap.add_argument("--size", metavar="WxH", help="with --screenshot: the window size, e.g. 1280x800")
    ap.add_argument("--theme", choices=("light", "dark"), help="with --screenshot: the theme (default light)")
    try:
        args = ap.parse_args(argv)
    except SystemExit as exc:
        return EXIT_OK if exc.code == 0 else EXIT_BAD_INPUT
    if args.screenshot and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if problem := _text_layout_problem():
        err(problem)
        return EXIT_BAD_INPUT
    size = None
    if args.size:
        w, _, h = args.size.lower().partition("x")
        if not (w.isdigit() and h.isdigit() and 640 <= int(w) <= 7680 and 480 <= int(h) <= 4320):
            err(f"--size {args.size}: give the window size as WIDTHxHEIGHT, e.g. 1280x800")
            return EXIT_BAD_INPUT
        size = (int(w), int(h))
    from ..gui.app import run_app

    return run_app(args.campaign, screenshot=args.screenshot, size=size, theme_name=args.theme)
