"""Labelled enums (domain.labelled): every member carries its label, the stored value stays the
code, and the label follows the language chosen at sign-in."""

from __future__ import annotations

import importlib

import pytest

from bpjs_desktop import i18n
from bpjs_desktop.domain.claim_details import JhtGround
from bpjs_desktop.domain.claims import ClaimState
from bpjs_desktop.domain.labelled import LabelledEnum, LabelledIntEnum
from bpjs_desktop.domain.programmes import RiskGroup, SizeClass

# Every module that declares labelled enums, so that all of them are subclasses by now.
MODULES = (
    "bpjs_desktop.domain.claim_details",
    "bpjs_desktop.domain.claims",
    "bpjs_desktop.domain.kpis",
    "bpjs_desktop.domain.programmes",
    "bpjs_desktop.domain.scholarships",
    "bpjs_desktop.domain.service_level",
    "bpjs_desktop.services.employer_view",
    "bpjs_desktop.services.pds",
)


def _labelled() -> list[type]:
    for name in MODULES:
        importlib.import_module(name)
    return [*LabelledEnum.__subclasses__(), *LabelledIntEnum.__subclasses__()]


@pytest.mark.parametrize("enum_class", _labelled(), ids=lambda c: c.__name__)
def test_every_member_has_a_label(enum_class) -> None:
    missing = [member.name for member in enum_class if not member.label.strip()]
    assert missing == []


def test_the_value_is_the_stored_code_and_finds_the_member() -> None:
    assert SizeClass("MIKRO") is SizeClass.MIKRO
    assert SizeClass.MIKRO == "MIKRO"
    assert f"{ClaimState.DIBAYAR}" == "DIBAYAR"
    assert RiskGroup(3) is RiskGroup.SEDANG
    assert RiskGroup.SEDANG == 3
    with pytest.raises(ValueError, match="is not a valid SizeClass"):
        SizeClass("Mikro")  # a label is not a code


def test_the_label_is_translated_when_read() -> None:
    assert JhtGround.PHK.label == "Pemutusan hubungan kerja (PHK)"
    assert RiskGroup.SANGAT_TINGGI.label == "Sangat tinggi"
    i18n.set_language("en")
    try:
        assert JhtGround.PHK.label == "Dismissal (PHK)"
        assert RiskGroup.SANGAT_TINGGI.label == "Very high"
    finally:
        i18n.set_language("id")
