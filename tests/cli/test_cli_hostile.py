"""Hostile command lines (issue #12): each ends in one line naming the argument, exit status 2,
never "kesalahan tak terduga (bug)"."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bpjs_desktop.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def one_line(err: str) -> str:
    assert "Traceback" not in err and "tak terduga" not in err, err
    lines = err.splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["check", "--db-url", "not a url"], "URL database tidak dapat dibaca: 'not a url'"),
        (["check", "--db-url", "mysql://x/y"], "URL database harus postgresql://… atau sqlite"),
        (["arrears", "list", "--year", "1" + "0" * 30], "Tahun harus antara 1977 dan 2100"),
        (["arrears", "list", "--year", "10**30"], "Tahun harus bilangan bulat, bukan '10**30'"),
        (["arrears", "list", "--year", "0"], "Tahun harus antara 1977 dan 2100"),
        (["demo", "--db", "x.db", "--seed", "-1"], "Benih acak harus antara 0 dan 4294967295"),
        (["iuran", "--segment", "PU", "--wage", str(10**20)], "Jumlah terlalu besar (21 digit)"),
        (["iuran", "--segment", "PU", "--wage", "20.000.000.000"],
         "Jumlah paling besar Rp10.000.000.000 sebulan"),
        (["iuran", "--segment", "PU", "--wage", "9" * 5_000], "Jumlah terlalu besar (5000 digit)"),
        (["iuran", "--segment", "PMI", "--months", "9" * 5_000], "Bilangan harus antara 1 dan"),
        (["nik", "3578015505900001", "--birth-date", "01/01/1800"],
         "Tanggal tidak boleh sebelum 01/01/1900"),
    ],
)  # fmt: skip
def test_hostile_arguments_end_in_one_line_naming_the_argument(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    status, _out, err = run(capsys, *argv)
    assert status == 2
    line = one_line(err)
    assert expected in line
    assert len(line) < 300  # a 5,000-digit number is never echoed whole


def test_a_sane_seed_and_year_are_still_accepted() -> None:
    from bpjs_desktop.cli import build_parser

    args = build_parser().parse_args(["demo", "--db", "x.db", "--seed", "0"])
    assert args.seed == 0


_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["\u00b2\u00b3\u2074", "\u2460\u2461", "1" * 5000, "-1", "0", "1e400", "nan",
                     "Rp 4.500.000", "4,500,000", "01/01/1800", "31/12/9999", "\x00", "\ud800"]),
)  # fmt: skip


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    command=st.sampled_from(["nik", "iuran", "manfaat"]),
    value=_TEXT,
    option=st.sampled_from(
        ["--wage", "--income", "--months", "--period", "--birth-date", "--event-date", "--joined",
         "--contract-value", None]
    ),
)  # fmt: skip
def test_the_calculator_commands_answer_any_text_with_a_result_or_one_line(
    capsys: pytest.CaptureFixture[str], command: str, value: str, option: str | None
) -> None:
    """Arbitrary text in any option of nik/iuran/manfaat: exit 0, 1 or 2, never a bug."""
    argv = [command]
    if command == "iuran":
        argv += ["--segment", "PU", "--wage", "5000000"]
    if command == "manfaat":
        argv += ["--program", "JHT", "--event-date", "01/02/2024", "--wage", "5000000"]
    if option is None or command == "nik":
        argv.insert(1, value) if command == "nik" else argv.append(value)
    else:
        argv += [option, value]
    try:
        status = main(argv)
    except SystemExit as exc:  # --help-like exits
        status = int(exc.code or 0)
    _out, err = capsys.readouterr()
    assert status in (0, 1, 2), err
    assert "Traceback" not in err and "tak terduga" not in err, (argv, err)
