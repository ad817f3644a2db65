"""Which programmes each segment and employer size must or may join (domain.md §3.1, §3.2)."""

from __future__ import annotations

from datetime import date

import pytest

from bpjs_desktop.domain.programmes import (
    Programme,
    RiskGroup,
    Segment,
    SizeClass,
    allowed_programmes,
    check_programmes,
    jkp_eligible,
    kbli_category,
    mandatory_programmes,
    parse_programmes,
    programmes_text,
    risk_group_for_kbli,
    size_class_for,
)
from bpjs_desktop.errors import ValidationError

JKK, JKM, JHT, JP, JKP = (Programme[name] for name in ("JKK", "JKM", "JHT", "JP", "JKP"))
ON = date(2024, 6, 1)

# --- Perpres 109/2013 matrix --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "required"),
    [
        (SizeClass.BESAR, {JKK, JKM, JHT, JP}),
        (SizeClass.MENENGAH, {JKK, JKM, JHT, JP}),
        (SizeClass.KECIL, {JKK, JKM, JHT}),
        (SizeClass.MIKRO, {JKK, JKM}),
    ],
)
def test_pu_mandatory_programmes_by_employer_size(size, required):
    """domain.md §3.1/§3.2, Perpres 109/2013 Pasal 6: large & medium JKK+JKM+JHT+JP; small
    JKK+JKM+JHT; micro JKK+JKM."""
    assert mandatory_programmes(Segment.PU, size, ON) == required


@pytest.mark.parametrize(
    ("on", "size", "required"),
    [
        (date(2015, 6, 30), SizeClass.BESAR, {JKK, JKM, JHT}),
        (date(2015, 6, 30), SizeClass.MENENGAH, {JKK, JKM, JHT}),
        (date(2015, 7, 1), SizeClass.BESAR, {JKK, JKM, JHT, JP}),
        (date(2015, 7, 1), SizeClass.MENENGAH, {JKK, JKM, JHT, JP}),
    ],
)
def test_jp_is_not_required_before_1_july_2015(on, size, required):
    """PP 45/2015: Jaminan Pensiun runs from 1 July 2015."""
    assert mandatory_programmes(Segment.PU, size, on) == required


@pytest.mark.parametrize("segment", [Segment.BPU, Segment.JAKON, Segment.PMI])
def test_other_segments_must_have_jkk_and_jkm(segment):
    """domain.md §3.1: BPU, Jakon and PMI: JKK+JKM mandatory."""
    assert mandatory_programmes(segment, None, ON) == {JKK, JKM}


def test_pu_mandatory_programmes_need_the_size_class():
    with pytest.raises(ValidationError, match="Kelas usaha") as caught:
        mandatory_programmes(Segment.PU, None, ON)
    assert caught.value.field == "size_class"


@pytest.mark.parametrize(
    ("segment", "on", "allowed"),
    [
        (Segment.PU, ON, {JKK, JKM, JHT, JP, JKP}),
        (Segment.PU, date(2021, 1, 31), {JKK, JKM, JHT, JP}),  # JKP from February 2021
        (Segment.PU, date(2015, 6, 30), {JKK, JKM, JHT}),  # JP from July 2015
        (Segment.BPU, ON, {JKK, JKM, JHT}),  # no JP, no JKP; JHT optional
        (Segment.JAKON, ON, {JKK, JKM}),
        (Segment.PMI, ON, {JKK, JKM, JHT}),  # Permenaker 4/2023: JHT optional
    ],
)
def test_allowed_programmes_by_segment_and_date(segment, on, allowed):
    """domain.md §3.1/§10: BPU no JP/JKP; Jakon & PMI JKK+JKM (PMI may add JHT)."""
    assert allowed_programmes(segment, on) == allowed


# --- check_programmes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "chosen", "missing"),
    [
        (SizeClass.MENENGAH, {JKK, JKM}, "JHT,JP"),
        (SizeClass.BESAR, {JKK, JKM, JHT}, "JP"),
        (SizeClass.KECIL, {JKK, JKM}, "JHT"),
        (SizeClass.MIKRO, {JKK}, "JKM"),
        (SizeClass.BESAR, set(), "JKK,JKM,JHT,JP"),
    ],
)
def test_check_programmes_names_the_missing_programmes(size, chosen, missing):
    """domain.md §6.3 (PDS Program): fewer programmes than the size matrix requires."""
    with pytest.raises(ValidationError) as caught:
        check_programmes(Segment.PU, chosen, on=ON, size=size)
    assert caught.value.field == "programmes"
    assert f"Program wajib belum dipilih: {missing}" in caught.value.message


@pytest.mark.parametrize(
    ("segment", "chosen", "extra"),
    [
        (Segment.BPU, {JKK, JKM, JP}, "JP"),
        (Segment.BPU, {JKK, JKM, JKP}, "JKP"),
        (Segment.BPU, {JKK, JKM, JHT, JP, JKP}, "JP,JKP"),
        (Segment.JAKON, {JKK, JKM, JHT}, "JHT"),
        (Segment.PMI, {JKK, JKM, JP}, "JP"),
    ],
)
def test_check_programmes_names_the_programmes_a_segment_cannot_take(segment, chosen, extra):
    with pytest.raises(ValidationError) as caught:
        check_programmes(segment, chosen, on=ON)
    assert caught.value.field == "programmes"
    assert f"Program {extra} tidak tersedia untuk segmen {segment.value}" in caught.value.message


def test_check_programmes_reports_missing_and_extra_together():
    with pytest.raises(ValidationError) as caught:
        check_programmes(Segment.BPU, {JKK, JP}, on=ON)
    assert len(caught.value.errors) == 2
    assert "JKM" in caught.value.errors[0].message
    assert "JP" in caught.value.errors[1].message


@pytest.mark.parametrize(
    ("segment", "size", "chosen"),
    [
        (Segment.PU, SizeClass.MENENGAH, {JKK, JKM, JHT, JP}),
        (Segment.PU, SizeClass.MIKRO, {JKK, JKM, JHT}),  # more than required is fine
        (Segment.BPU, None, {JKK, JKM}),
        (Segment.BPU, None, {JKK, JKM, JHT}),
        (Segment.JAKON, None, {JKK, JKM}),
        (Segment.PMI, None, {JKK, JKM, JHT}),
    ],
)
def test_check_programmes_accepts_allowed_sets(segment, size, chosen):
    assert check_programmes(segment, chosen, on=ON, size=size) == frozenset(chosen)


def test_check_programmes_refuses_jp_before_july_2015():
    with pytest.raises(ValidationError, match="Program JP tidak tersedia"):
        check_programmes(Segment.PU, {JKK, JKM, JHT, JP}, on=date(2015, 6, 1), size=SizeClass.BESAR)


# --- JKP eligibility ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "chosen", "age", "eligible"),
    [
        (SizeClass.MENENGAH, {JKK, JKM, JHT, JP, JKP}, 53, True),
        (SizeClass.MENENGAH, {JKK, JKM, JHT, JP, JKP}, 54, False),  # must be younger than 54
        (SizeClass.BESAR, {JKK, JKM, JHT, JKP}, 30, False),  # medium/large need JP too
        (SizeClass.KECIL, {JKK, JKM, JHT, JKP}, 30, True),  # micro/small: JKK+JKM+JHT
        (SizeClass.MIKRO, {JKK, JKM, JHT, JKP}, 30, True),
        (SizeClass.MIKRO, {JKK, JKM, JKP}, 30, False),  # micro still needs JHT for JKP
    ],
)
def test_jkp_eligibility_needs_the_full_set_and_age_under_54(size, chosen, age, eligible):
    """domain.md §3.2/§4.4: JKP needs JKK+JHT+JP+JKM (medium/large) or JKK+JHT+JKM
    (micro/small), and age < 54 at registration (PP 37/2021)."""
    assert jkp_eligible(chosen, size, age, ON) is eligible


def test_jkp_not_eligible_before_february_2021():
    assert not jkp_eligible({JKK, JKM, JHT, JP, JKP}, SizeClass.BESAR, 30, date(2021, 1, 31))
    assert jkp_eligible({JKK, JKM, JHT, JP, JKP}, SizeClass.BESAR, 30, date(2021, 2, 1))


@pytest.mark.parametrize(
    ("size", "chosen", "age"),
    [
        (SizeClass.MENENGAH, {JKK, JKM, JHT, JP, JKP}, 54),
        (SizeClass.MENENGAH, {JKK, JKM, JHT, JP, JKP}, 60),
        (SizeClass.MIKRO, {JKK, JKM, JKP}, 30),
    ],
)
def test_check_programmes_refuses_jkp_for_ineligible_workers(size, chosen, age):
    with pytest.raises(ValidationError, match="JKP hanya untuk pekerja berusia di bawah 54") as c:
        check_programmes(Segment.PU, chosen, on=ON, size=size, age_at_registration=age)
    assert c.value.field == "programmes"


def test_check_programmes_accepts_jkp_for_an_eligible_worker():
    chosen = {JKK, JKM, JHT, JP, JKP}
    assert check_programmes(
        Segment.PU, chosen, on=ON, size=SizeClass.BESAR, age_at_registration=53
    ) == frozenset(chosen)


# --- programme text -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "programmes"),
    [
        ("JKK,JKM,JHT,JP", {JKK, JKM, JHT, JP}),
        (" jkk , Jkm,jht ", {JKK, JKM, JHT}),
        ("JKK,,JKM,", {JKK, JKM}),
        ("", set()),
        (["jkk", "JP"], {JKK, JP}),
    ],
)
def test_parse_programmes(text, programmes):
    assert parse_programmes(text) == programmes


def test_parse_programmes_names_the_unknown_item():
    with pytest.raises(ValidationError, match="'JKN' tidak dikenal") as caught:
        parse_programmes("JKK,JKN")
    assert caught.value.field == "programmes"


def test_programmes_text_is_in_bill_order():
    assert programmes_text({JP, JKP, JHT, JKM, JKK}) == "JKK,JKM,JHT,JP,JKP"
    assert programmes_text([JHT, JKK]) == "JKK,JHT"
    assert programmes_text([]) == ""


# --- size classes -------------------------------------------------------------------------------

PP_7_2021 = date(2021, 6, 1)
UU_20_2008 = date(2020, 6, 1)


@pytest.mark.parametrize(
    ("capital", "size"),
    [
        (0, SizeClass.MIKRO),
        (1_000_000_000, SizeClass.MIKRO),  # ≤ Rp1 bn
        (1_000_000_001, SizeClass.KECIL),
        (5_000_000_000, SizeClass.KECIL),  # ≤ Rp5 bn
        (5_000_000_001, SizeClass.MENENGAH),
        (10_000_000_000, SizeClass.MENENGAH),  # ≤ Rp10 bn
        (10_000_000_001, SizeClass.BESAR),
    ],
)
def test_size_class_by_capital_under_pp_7_2021(capital, size):
    """domain.md §3.2, PP 7/2021 Pasal 35: capital ≤1 / ≤5 / ≤10 bn, above → besar."""
    assert size_class_for(on=PP_7_2021, capital=capital) is size


@pytest.mark.parametrize(
    ("sales", "size"),
    [
        (2_000_000_000, SizeClass.MIKRO),  # ≤ Rp2 bn
        (2_000_000_001, SizeClass.KECIL),
        (15_000_000_000, SizeClass.KECIL),  # ≤ Rp15 bn
        (15_000_000_001, SizeClass.MENENGAH),
        (50_000_000_000, SizeClass.MENENGAH),  # ≤ Rp50 bn
        (50_000_000_001, SizeClass.BESAR),
    ],
)
def test_size_class_by_annual_sales_under_pp_7_2021(sales, size):
    """domain.md §3.2, PP 7/2021 Pasal 35: annual sales ≤2 / ≤15 / ≤50 bn, above → besar."""
    assert size_class_for(on=PP_7_2021, annual_sales=sales) is size


@pytest.mark.parametrize(
    ("capital", "size"),
    [
        (50_000_000, SizeClass.MIKRO),  # net assets ≤ Rp50 m
        (50_000_001, SizeClass.KECIL),
        (500_000_000, SizeClass.KECIL),  # ≤ Rp500 m
        (500_000_001, SizeClass.MENENGAH),
        (10_000_000_000, SizeClass.MENENGAH),  # ≤ Rp10 bn
        (10_000_000_001, SizeClass.BESAR),
    ],
)
def test_size_class_by_net_assets_under_uu_20_2008(capital, size):
    """domain.md §3.2: old UU 20/2008 thresholds (≤Rp50 m micro, ≤Rp500 m small, ≤Rp10 bn
    medium) apply to older records."""
    assert size_class_for(on=UU_20_2008, capital=capital) is size


def test_the_date_decides_which_thresholds_apply():
    """Rp800 juta of capital is medium under UU 20/2008 but micro under PP 7/2021 (2 Feb 2021)."""
    assert size_class_for(on=date(2021, 2, 1), capital=800_000_000) is SizeClass.MENENGAH
    assert size_class_for(on=date(2021, 2, 2), capital=800_000_000) is SizeClass.MIKRO


def test_annual_sales_decide_when_both_are_given():
    """PP 7/2021 Pasal 35(5): a running business is classed by its sales."""
    assert (
        size_class_for(on=PP_7_2021, capital=500_000_000, annual_sales=20_000_000_000)
        is SizeClass.MENENGAH
    )


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [({}, "modal usaha atau omzet"), ({"capital": -1}, "tidak boleh negatif")],
)
def test_size_class_needs_a_non_negative_figure(kwargs, fragment):
    with pytest.raises(ValidationError, match=fragment) as caught:
        size_class_for(on=PP_7_2021, **kwargs)
    assert caught.value.field == "size_class"


# --- KBLI ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "category", "risk"),
    [
        ("01111", "A", RiskGroup.SEDANG),
        ("05100", "B", RiskGroup.SANGAT_TINGGI),  # mining ≈ 1.74 %
        ("10110", "C", RiskGroup.SEDANG),  # manufacturing ≈ 0.89 %
        ("33190", "C", RiskGroup.SEDANG),
        ("35101", "D", RiskGroup.TINGGI),
        ("41011", "F", RiskGroup.TINGGI),  # construction ≈ 1.27 %
        ("47111", "G", RiskGroup.RENDAH),  # retail ≈ 0.54 %
        ("62010", "J", RiskGroup.SANGAT_RENDAH),  # IT ≈ 0.24 %
        ("64110", "K", RiskGroup.SANGAT_RENDAH),
        ("85111", "P", RiskGroup.SANGAT_RENDAH),
        ("99000", "U", RiskGroup.SANGAT_RENDAH),
        (" 10110 ", "C", RiskGroup.SEDANG),
    ],
)
def test_kbli_category_and_risk_group(code, category, risk):
    """domain.md §4.2 (illustrative): IT/services≈0.24, retail≈0.54, manufacturing≈0.89,
    construction≈1.27, mining≈1.74; KBLI 2020 categories by 2-digit division."""
    assert kbli_category(code) == category
    assert risk_group_for_kbli(code) is risk


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("1011", "harus 5 digit"),
        ("101100", "harus 5 digit"),
        ("1011A", "harus 5 digit"),
        ("", "harus 5 digit"),
        ("04000", "Golongan pokok KBLI 04"),  # no division 04 in KBLI 2020
        ("00000", "Golongan pokok KBLI 00"),
        ("34000", "Golongan pokok KBLI 34"),
    ],
)
def test_kbli_rejections(code, fragment):
    with pytest.raises(ValidationError, match=fragment) as caught:
        kbli_category(code)
    assert caught.value.field == "kbli"


def test_labels_are_indonesian():
    assert Segment.BPU.label == "Bukan Penerima Upah (BPU)"
    assert Programme.JKP.label == "Jaminan Kehilangan Pekerjaan"
    assert SizeClass.MENENGAH.label == "Menengah"
    assert RiskGroup.SANGAT_TINGGI.label == "Sangat tinggi"
