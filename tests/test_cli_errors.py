"""The CLI names its bad-input errors by module, so `render` need not import export or review."""

from __future__ import annotations

import importlib

import pytest

from creative_studio import cli


@pytest.mark.parametrize(("module", "name"), cli._BAD_INPUT_ERRORS)
def test_every_bad_input_error_is_named_where_it_is_defined(module, name):
    cls = getattr(importlib.import_module(module), name)
    assert isinstance(cls, type) and issubclass(cls, Exception) and cls.__module__ == module


def test_an_error_from_a_module_loaded_during_the_command_is_bad_input(monkeypatch, capsys):
    """The error's module is imported by the command itself, after run() started."""
    from creative_studio.cli import formats

    def boom(args):
        from creative_studio.review.store import ReviewError

        raise ReviewError("stopitnow.review.yaml:3: a broken history")

    monkeypatch.setattr(cli, "build_parser", _parser_with(formats, boom))
    assert cli.run(["formats"]) == cli.EXIT_BAD_INPUT
    assert capsys.readouterr().err.strip() == "stopitnow.review.yaml:3: a broken history"


def test_other_errors_still_raise(monkeypatch):
    from creative_studio.cli import formats

    def boom(args):
        raise ZeroDivisionError("a bug, not bad input")

    monkeypatch.setattr(cli, "build_parser", _parser_with(formats, boom))
    with pytest.raises(ZeroDivisionError):
        cli.run(["formats"])


def _parser_with(command, func):
    real = cli.build_parser

    def build():
        p = real()
        for action in p._subparsers._group_actions:
            action.choices[command.NAME].set_defaults(func=func)
        return p

    return build
