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


def test_the_repository_stands_on_its_own() -> None:
    """The contract is in docs/, not in a file outside the repository; every command and
    every option is documented there."""
    readme = README.read_text(encoding="utf-8")
    assert "DESIGN.md" not in readme and "docs/README.md" in readme
    docs = README.parent / "docs"
    commands_doc = (docs / "commands.md").read_text(encoding="utf-8")
    for name, parser in _commands().items():
        assert f"tracker {name}" in commands_doc, name
        for action in parser._actions:
            for option in action.option_strings:
                if option.startswith("--") and option != "--help":
                    assert option in commands_doc, (name, option)
    for page in ("workbook", "deadlines", "agencies", "statuses", "json", "configuration"):
        assert (docs / f"{page}.md").exists(), page


def test_the_demo_uses_the_default_store_and_writes_no_config() -> None:
    """A store of its own made `tracker changes` after the demo find no history."""
    import subprocess

    plan = subprocess.run(
        ["make", "-n", "demo"], cwd=README.parent, capture_output=True, text=True, check=True
    ).stdout
    assert "TRACKER_DB" not in plan and "tracker.toml" not in plan
    assert ".venv/bin/tracker sync" in plan and ".venv/bin/tracker dashboard" in plan
