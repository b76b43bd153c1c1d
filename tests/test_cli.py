"""The command line as a whole: documented commands, examples in help, exit codes."""

from __future__ import annotations

import re

import pytest

from framing.cli import build_parser, main

def _subcommands():
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return action.choices


COMMANDS = sorted(_subcommands())


def test_the_expected_commands_exist():
    assert {"add", "fetch", "validate", "list", "import", "evidence", "score", "train", "compare",
            "report"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_help_has_a_real_example(name):
    sub = _subcommands()[name]
    text = sub.format_help()
    assert sub.description and sub.description.strip(), f"{name}: help has no opening sentence"
    assert re.search(rf"\bframing {name}\b", text), f"{name}: help shows no example of 'framing {name}'"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_documented_in_the_readme(repo_root, name):
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"\bframing {name}\b", readme), f"'framing {name}' is not in README.md"


def test_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["list", "--no-such-flag"])
    assert exc.value.code == 2


def test_input_error_is_one_line_and_exits_1(tmp_path, capsys):
    code = main(["list", "--sources", str(tmp_path / "missing")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("Error: ") and err.count("\n") == 1
    assert "missing" in err
