"""Docs that tests keep honest: every command has help text and is in the README."""

from __future__ import annotations

import argparse
from pathlib import Path

from tracker.cli import build_parser

README = Path(__file__).resolve().parents[1] / "README.md"


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_command_has_help_and_is_in_the_readme() -> None:
    readme = README.read_text(encoding="utf-8")
    commands = _commands()
    assert {"check", "status", "overdue", "kpi"} <= set(commands)
    for name, parser in commands.items():
        assert parser.description, name
        for action in parser._actions:
            assert action.help, (name, action.dest)
        assert f"tracker {name}" in readme, name


def test_readme_gives_the_two_commands() -> None:
    readme = README.read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
