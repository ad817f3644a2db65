"""``bpjs-desktop manfaat``: the benefit calculator on worked examples (amounts by hand)."""

from __future__ import annotations

import json

import pytest

from bpjs_desktop.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def answer(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    status, out, err = run(capsys, "manfaat", *argv, "--json")
    assert status == 0, err
    return json.loads(out)


def one_line_error(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("bpjs-desktop: ")
    assert "Traceback" not in err
    return lines[0]


def test_jkm_with_one_child_at_sma_is_45_million(capsys):
    """Issue #10: PP 82/2019 Rp20 juta + 24 × Rp500.000 + Rp10 juta = Rp42 juta, + SMA Rp3 juta for
    this school year (domain.md §5.1 schedule; 48 ≥ 36 months) = Rp45.000.000, not Rp216 juta."""
    data = answer(capsys, "--program", "JKM", "--event-date", "01/06/2024", "--months", "48",
                  "--children", "SMA")  # fmt: skip
    assert data["total"] == 45_000_000
    assert data["monthly"] is None
    assert [line["amount"] for line in data["lines"]] == [
        20_000_000, 12_000_000, 10_000_000, 3_000_000
    ]  # fmt: skip
    assert set(data) == {"total", "monthly", "lines", "rules", "notes"}
    assert any("PP 82/2019" in rule for rule in data["rules"])


def test_jkm_under_36_months_pays_no_scholarship(capsys):
    """PP 82/2019: JKM scholarship needs 36 months; 35 → Rp42.000.000 only."""
    data = answer(capsys, "--program", "JKM", "--event-date", "01/06/2024", "--months", "35",
                  "--children", "SMA,SD")  # fmt: skip
    assert data["total"] == 42_000_000


def test_jp_widow_of_a_member_with_17_months_gets_a_monthly_pension(capsys):
    """Permenaker 29/2015 Pasal 26 + PP 45/2015 Pasal 17: 17 months at Rp9.000.000 (Jan 2023 –
    May 2024), joined 02/01/2023, died 01/06/2024. Average: (12 × 9.000.000 × 1,0261 +
    5 × 9.000.000) ÷ 17 = 155.818.800 ÷ 17 = 9.165.811,76 → 9.165.812; on 180 months:
    × 180/1200 = 1.374.871,8 → 1.374.872; widow 50 % [unverified share] = Rp687.436 a month,
    nothing paid at once."""
    data = answer(capsys, "--program", "JP", "--event-date", "01/06/2024", "--wage", "9000000",
                  "--months", "17", "--joined", "02/01/2023", "--kind", "janda-duda")  # fmt: skip
    assert data["total"] == 0
    assert data["monthly"] == 687_436
    # The unconfirmed share is said in words, never as a research tag (issues #10, #13).
    assert any("belum dipastikan" in note for note in data["notes"])
    assert not any("[" in text for text in data["notes"] + data["rules"])


def test_jp_widow_with_low_density_is_paid_at_once(capsys):
    """Density 0,7 < 80 % (Permenaker 29/2015 Pasal 26): the JP contributions and yield at once:
    3 % × 9.000.000 = 270.000 × 17 = 4.590.000; yield by the accumulate convention [unverified
    JP yields = JHT's]: 2023 270.000 × (11+10+…+0 = 66) × 5,89 % ÷ 12 = 87.467,25 → 87.467;
    2024 (event in June, 5 months open) (3.327.467 × 5 + 270.000 × (4+3+2+1+0)) × 6,31 % ÷ 12 =
    19.337.335 × 0,0631 ÷ 12 = 101.682,15 → 101.682; total 4.590.000 + 87.467 + 101.682 =
    Rp4.779.149."""
    data = answer(capsys, "--program", "JP", "--event-date", "01/06/2024", "--wage", "9000000",
                  "--months", "17", "--joined", "02/01/2023", "--kind", "janda-duda",
                  "--density", "0.7")  # fmt: skip
    assert data["monthly"] is None
    assert data["total"] == 4_779_149
    assert any("80%" in note for note in data["notes"])


def test_jkk_death_with_two_children_at_school(capsys):
    """PP 82/2019: 48 × 5.000.000 = 240.000.000 + funeral 10.000.000 + periodic 24 × 500.000 =
    12.000.000 + SD 1.500.000 + SMA 3.000.000 (no minimum months for JKK) = Rp266.500.000."""
    data = answer(capsys, "--program", "JKK", "--event-date", "01/03/2024", "--wage", "5000000",
                  "--kind", "meninggal", "--children", "SD,SMA")  # fmt: skip
    assert data["total"] == 266_500_000


def test_jkk_total_disability_adds_the_periodic_benefit(capsys):
    """PP 82/2019: 56 × 4.000.000 = 224.000.000 [unverified 56×] + 24 × 500.000 = Rp236.000.000."""
    data = answer(capsys, "--program", "JKK", "--event-date", "01/03/2024", "--wage", "4000000",
                  "--kind", "cacat-total")  # fmt: skip
    assert data["total"] == 236_000_000


def test_jkk_stmb_days_are_paid_at_full_wage_in_the_first_year(capsys):
    """PP 82/2019 STMB 100 % the first 12 months [unverified]: 30 days × 3.000.000 / 30 =
    Rp3.000.000."""
    data = answer(capsys, "--program", "JKK", "--event-date", "01/03/2024", "--wage", "3000000",
                  "--kind", "stmb", "--stmb-days", "30")  # fmt: skip
    assert data["total"] == 3_000_000


def test_jht_is_contributions_plus_the_declared_yield(capsys):
    """12 months at Rp5.000.000 ending Feb 2024: 5,7 % = 285.000 × 12 = 3.420.000. Yield (accumulate
    convention [unverified]): 2023 (Mar–Dec) 285.000 × (9+8+…+0 = 45) × 5,89 % ÷ 12 = 62.949,375 →
    62.949; 2024 (claim in March, 2 months open) (2.912.949 × 2 + 285.000 × 1) × 6,31 % ÷ 12 =
    6.110.898 × 0,0631 ÷ 12 = 32.133,14 → 32.133; total 3.420.000 + 62.949 + 32.133 = Rp3.515.082."""
    data = answer(capsys, "--program", "JHT", "--event-date", "01/03/2024", "--wage", "5000000",
                  "--months", "12")  # fmt: skip
    assert data["total"] == 3_515_082


def test_pmi_jht_credits_the_chosen_amount(capsys):
    """Permenaker 4/2023: PMI JHT is the chosen amount: 3 months × Rp100.000 (Oct–Dec 2023) =
    300.000; yield 2023: 100.000 × (2+1+0) × 5,89 % ÷ 12 = 1.472,5 → 1.473 (half up); event
    01/01/2024 has no month of 2024 open → Rp301.473."""
    data = answer(capsys, "--program", "JHT", "--event-date", "01/01/2024", "--wage", "100000",
                  "--months", "3", "--segment", "PMI")  # fmt: skip
    assert data["total"] == 301_473


def test_jkp_under_pp_6_2025(capsys):
    """PP 6/2025: 60 % × 4.000.000 × 6 months = Rp14.400.000 (domain.md §4.4)."""
    data = answer(capsys, "--program", "JKP", "--event-date", "10/06/2025", "--wage", "4000000")
    assert data["total"] == 14_400_000


def test_table_output_shows_total_and_rules(capsys):
    status, out, _err = run(capsys, "manfaat", "--program", "JKM", "--event-date", "01/06/2024",
                            "--months", "48", "--children", "sma")  # fmt: skip
    assert status == 0
    assert "Rp45.000.000" in out
    assert "PP 82/2019" in out


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (("--program", "JKK", "--event-date", "01/03/2024", "--wage", "1", "--kind", "hilang"),
         "--kind"),
        (("--program", "JKK", "--event-date", "01/03/2024", "--wage", "1"), "--kind"),
        (("--program", "JKM", "--event-date", "01/03/2024", "--children", "S3"), "S3"),
        (("--program", "JP", "--event-date", "01/03/2024", "--months", "12"), "--wage"),
        (("--program", "JP", "--event-date", "01/03/2024", "--wage", "1", "--density", "1.5"),
         "kepadatan"),
        (("--program", "JKM", "--event-date", "31/02/2024"), "event-date"),
        (("--program", "JKM", "--event-date", "01/03/2024", "--kind", "anak"), "--kind"),
    ],
)  # fmt: skip
def test_bad_arguments_exit_2_with_one_line(capsys, argv, needle):
    status, _out, err = run(capsys, "manfaat", *argv)
    assert status == 2
    assert needle in one_line_error(err)


def test_refusal_exits_1_with_the_reason(capsys):
    """JP is for wage earners only: a BPU question is refused, not computed."""
    status, _out, err = run(capsys, "manfaat", "--program", "JP", "--event-date", "01/03/2024",
                            "--wage", "5000000", "--months", "12", "--segment", "BPU")  # fmt: skip
    assert status == 1
    assert "penerima upah" in one_line_error(err)


def test_old_age_jp_under_15_years_says_it_is_paid_at_once(capsys):
    data = answer(capsys, "--program", "JP", "--event-date", "01/06/2024", "--wage", "9000000",
                  "--months", "17")  # fmt: skip
    assert data["monthly"] is None
    assert data["total"] == 4_779_149  # as in the low-density case above (same months)
