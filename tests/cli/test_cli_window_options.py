"""Starting the window parses only the window's own options (cli._window_options_only): they
must mean what the whole command line makes of them, and anything else gets the whole parser."""

from __future__ import annotations

from pathlib import Path

import pytest

from bpjs_desktop.cli import _window_options_only, build_parser, main


@pytest.mark.parametrize(
    "arguments",
    [
        [],
        ["--db", "kantor.sqlite"],
        ["--db=kantor.sqlite", "--lang", "en"],
        ["--db-url", "postgresql://petugas@server/bpjs", "--verbose"],
        ["--self-test"],
    ],
)
def test_the_window_options_mean_the_same_to_both_parsers(arguments: list[str]) -> None:
    assert _window_options_only(arguments)
    light = build_parser(commands=False).parse_args(arguments)
    whole = build_parser().parse_args(arguments)
    assert vars(light) == vars(whole)


@pytest.mark.parametrize(
    "arguments",
    [["demo", "--db", "x.sqlite"], ["--db", "x.sqlite", "check"], ["-h"], ["--help"], ["audit"]],
)
def test_a_command_or_a_request_for_help_gets_the_whole_parser(arguments: list[str]) -> None:
    assert not _window_options_only(arguments)


def test_a_wrong_window_option_is_refused_as_before(capsys: pytest.CaptureFixture[str]) -> None:
    """Usage errors name the option, whichever parser read it (status 2, nothing opened)."""
    assert main(["--lang", "fr"]) == 2
    assert "--lang" in capsys.readouterr().err
    assert main(["--db"]) == 2
    assert "--db" in capsys.readouterr().err
    assert not Path("fr").exists()
