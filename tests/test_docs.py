"""Docs that cannot drift: every command and option of the CLI appears in README.md.

Commands are read from the parser itself, so a command added later is checked too.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from saidwhat.cli import build_parser

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def documented_options(parser: argparse.ArgumentParser) -> list[str]:
    """Each optional argument by its long name (its short name when it has no long one)."""
    out = []
    for action in parser._actions:
        if not action.option_strings or isinstance(action, argparse._HelpAction):
            continue
        longs = [o for o in action.option_strings if o.startswith("--")]
        out.append(longs[0] if longs else action.option_strings[0])
    return out


PARSER = build_parser()
COMMANDS = subcommands(PARSER)
OPTIONS = [(name, opt) for name, sub in COMMANDS.items() for opt in documented_options(sub)]


def test_there_are_commands_to_check():
    assert {"extract", "eval"} <= set(COMMANDS)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_command_is_documented(command):
    assert re.search(rf"^#+ .*`?saidwhat {re.escape(command)}\b", README, re.M), (
        f"README.md has no section heading for `saidwhat {command}`"
    )


@pytest.mark.parametrize(("command", "option"), OPTIONS, ids=[f"{c} {o}" for c, o in OPTIONS])
def test_command_option_is_documented(command, option):
    assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", README), (
        f"README.md does not mention `saidwhat {command} {option}`"
    )


@pytest.mark.parametrize("option", documented_options(PARSER))
def test_global_option_is_documented(option):
    assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", README), f"README.md does not mention {option}"


def test_quick_start_is_the_two_make_commands():
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^\s*(make \w+)\s*$", quick, re.M)
    assert commands == ["make example", "make test"]


def test_python_api_is_documented():
    import saidwhat

    for name in ("extract", "extract_articles", "load_pipeline"):
        assert hasattr(saidwhat, name)
        assert f"saidwhat.{name}" in README, f"README.md does not document saidwhat.{name}"
