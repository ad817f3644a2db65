"""argparse's own words (usage, options, its errors) in the user's language, and a sub-command
whose kind is missing before its options says which kinds exist (issue #13)."""

from __future__ import annotations

import argparse
import gettext

import pytest

from bpjs_desktop.cli import main
from tests.cli.test_cli import NIK_SURABAYA, assert_one_line_error, run


def help_text(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as exit_:
        main(list(argv))
    assert exit_.value.code == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def test_options_before_the_report_kind_say_which_kinds_exist(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`export --db x` used to answer "invalid choice: 'x'": --db belongs to `export monthly`."""
    status, out, err = run(capsys, "export", "--db", "x.sqlite")
    assert status == 2
    assert out == ""
    assert assert_one_line_error(err) == (
        "bpjs-desktop: export: pilih jenis laporan lebih dulu: monthly "
        "(contoh: bpjs-desktop export monthly --db PATH …)"
    )


def test_a_sub_command_without_its_kind_names_the_kinds(capsys: pytest.CaptureFixture[str]) -> None:
    status, _out, err = run(capsys, "export")
    assert status == 2
    assert assert_one_line_error(err) == (
        "bpjs-desktop: export: pilih jenis laporan lebih dulu: monthly "
        "(contoh: bpjs-desktop export monthly --db PATH …)"
    )
    status, _out, err = run(capsys, "user")
    assert status == 2
    assert "user: pilih tindakan lebih dulu: add, passwd," in assert_one_line_error(err)


def test_the_kind_first_message_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    status, _out, err = run(capsys, "--lang", "en", "export", "--db", "x.sqlite")
    assert status == 2
    assert assert_one_line_error(err) == (
        "bpjs-desktop: export: choose the report kind first: monthly "
        "(e.g. bpjs-desktop export monthly --db PATH …)"
    )


def test_import_lists_its_kinds_too(capsys: pytest.CaptureFixture[str]) -> None:
    status, _out, err = run(capsys, "import", "--db", "x.sqlite", "daftar.xlsx")
    assert status == 2
    line = assert_one_line_error(err)
    assert "import: pilih jenis impor lebih dulu: workers, template" in line
    assert "bpjs-desktop import workers --db PATH" in line


def test_help_is_indonesian(capsys: pytest.CaptureFixture[str]) -> None:
    out = help_text(capsys, "--help")
    assert out.startswith("pemakaian: bpjs-desktop ")
    assert "\nargumen posisi:\n" in out
    assert "\nopsi:\n" in out
    assert "tampilkan bantuan ini lalu keluar" in out
    assert "tampilkan versi program lalu keluar" in out
    for english in ("usage:", "options:", "positional arguments", "show this help", "number"):
        assert english not in out


def test_help_of_a_sub_command_is_indonesian(capsys: pytest.CaptureFixture[str]) -> None:
    out = help_text(capsys, "export", "monthly", "--help")
    assert out.startswith("pemakaian: bpjs-desktop export monthly ")
    assert "\nopsi:\n" in out
    assert "usage:" not in out


def test_help_in_english_is_argparses_own(capsys: pytest.CaptureFixture[str]) -> None:
    out = help_text(capsys, "--lang", "en", "--help")
    assert out.startswith("usage: bpjs-desktop ")
    assert "\npositional arguments:\n" in out
    assert "\noptions:\n" in out
    assert "show this help message and exit" in out
    assert "show program's version number and exit" in out


@pytest.mark.parametrize(
    ("argv", "indonesian", "english"),
    [
        (
            ["nik"],
            "argumen berikut wajib diisi: nik (lihat bpjs-desktop nik --help)",
            "the following arguments are required: nik (see bpjs-desktop nik --help)",
        ),
        (
            ["nik", NIK_SURABAYA, "--bogus"],
            "argumen tidak dikenal: --bogus (lihat bpjs-desktop --help)",
            "unrecognized arguments: --bogus (see bpjs-desktop --help)",
        ),
        (
            ["export", "monthly", "--month"],
            "argumen --month: perlu satu nilai",
            "argument --month: expected one argument",
        ),
        (
            ["iuran", "--segment", "x"],
            "argumen --segment: pilihan tidak dikenal: 'X' (pilih dari 'PU', 'BPU',",
            "argument --segment: invalid choice: 'X' (choose from 'PU', 'BPU',",
        ),
    ],
)
def test_argparse_errors_speak_the_language_in_use(
    capsys: pytest.CaptureFixture[str], argv: list[str], indonesian: str, english: str
) -> None:
    status, _out, err = run(capsys, *argv)
    assert status == 2
    assert indonesian in assert_one_line_error(err)
    status, _out, err = run(capsys, "--lang", "en", *argv)
    assert status == 2
    assert english in assert_one_line_error(err)


def test_other_users_of_argparse_keep_its_own_words(capsys: pytest.CaptureFixture[str]) -> None:
    """The translation is in place only while the app's parser works: pytest, alembic and any
    other argparse in the process see the standard gettext afterwards."""
    run(capsys, "nik")
    assert argparse._ is gettext.gettext  # type: ignore[attr-defined]
    assert argparse.ngettext is gettext.ngettext
    plain = argparse.ArgumentParser(prog="x", add_help=True)
    assert plain.format_help().startswith("usage: x")
