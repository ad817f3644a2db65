"""Claim states, the transitions between them, and claim numbers (domain.md §5.3)."""

from __future__ import annotations

from itertools import product

import pytest

from bpjs_desktop.domain.claims import (
    ClaimState,
    ClaimType,
    check_transition,
    claim_number,
)
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import Programme
from bpjs_desktop.errors import ConflictError

S = ClaimState

# domain.md §5.3, written out independently of the code's table.
ALLOWED = {
    (S.DRAFT, S.DIAJUKAN),  # documents handed in
    (S.DRAFT, S.DITOLAK),
    (S.DIAJUKAN, S.VERIFIKASI),
    (S.DIAJUKAN, S.DIKEMBALIKAN),  # incomplete documents returned
    (S.DIAJUKAN, S.DITOLAK),
    (S.VERIFIKASI, S.DITETAPKAN),  # approved, amount fixed
    (S.VERIFIKASI, S.DIKEMBALIKAN),
    (S.VERIFIKASI, S.DITOLAK),
    (S.DIKEMBALIKAN, S.DIAJUKAN),  # documents completed and handed in again
    (S.DIKEMBALIKAN, S.DITOLAK),
    (S.DITETAPKAN, S.DIBAYAR),  # transfer to the account
}
DISALLOWED = sorted(set(product(ClaimState, ClaimState)) - ALLOWED)


@pytest.mark.parametrize(("current", "new"), sorted(ALLOWED))
def test_allowed_claim_transitions_pass(current, new):
    """domain.md §5.3: DRAFT → DIAJUKAN → VERIFIKASI → DITETAPKAN → DIBAYAR, with DIKEMBALIKAN
    and DITOLAK on the way."""
    check_transition(current, new)


@pytest.mark.parametrize(("current", "new"), DISALLOWED)
def test_every_other_claim_transition_is_a_conflict(current, new):
    """No skipping verification (DIAJUKAN → DITETAPKAN), no paying unapproved claims, nothing
    after DIBAYAR or DITOLAK, no staying in the same state."""
    with pytest.raises(ConflictError, match="tidak dapat diubah menjadi"):
        check_transition(current, new)


def test_conflict_message_names_both_states_and_what_is_allowed():
    with pytest.raises(ConflictError) as caught:
        check_transition(S.DIAJUKAN, S.DIBAYAR)
    message = caught.value.message
    assert "Diajukan" in message
    assert "Dibayar" in message
    for allowed in ("Verifikasi", "Dikembalikan", "Ditolak"):
        assert allowed in message


def test_a_paid_claim_allows_nothing():
    with pytest.raises(ConflictError, match="tidak ada"):
        check_transition(S.DIBAYAR, S.DRAFT)


@pytest.mark.parametrize("state", list(ClaimState))
def test_only_paid_and_rejected_claims_are_final(state):
    assert state.final is (state in {S.DIBAYAR, S.DITOLAK})


@pytest.mark.parametrize(
    ("office", "period", "sequence", "number"),
    [
        ("KC3578", Period(2024, 6), 42, "KC3578-202406-00042"),
        ("GRS", Period(2018, 12), 1, "GRS-201812-00001"),
        ("GRS", Period(2019, 1), 99_999, "GRS-201901-99999"),
    ],
)
def test_claim_number_is_office_blth_and_sequence(office, period, sequence, number):
    """domain.md §5.3: branch-scoped IDs (office code + BLTH + sequence)."""
    assert claim_number(office, period, sequence) == number


@pytest.mark.parametrize("sequence", [0, -1, 100_000])
def test_claim_number_refuses_a_sequence_that_does_not_fit(sequence):
    with pytest.raises(ValueError, match="out of range"):
        claim_number("GRS", Period(2024, 6), sequence)


def test_claim_numbers_sort_by_office_then_month_then_sequence():
    numbers = [
        claim_number("GRS", Period(2024, 1), 2),
        claim_number("GRS", Period(2023, 12), 10),
        claim_number("GRS", Period(2024, 1), 1),
    ]
    assert sorted(numbers) == [
        "GRS-202312-00010",
        "GRS-202401-00001",
        "GRS-202401-00002",
    ]


@pytest.mark.parametrize(
    ("claim_type", "programme"),
    [
        (ClaimType.JHT_PENUH, Programme.JHT),
        (ClaimType.JHT_10, Programme.JHT),
        (ClaimType.JHT_30, Programme.JHT),
        (ClaimType.JKK, Programme.JKK),
        (ClaimType.JKM, Programme.JKM),
        (ClaimType.JP_BERKALA, Programme.JP),
        (ClaimType.JP_SEKALIGUS, Programme.JP),
        (ClaimType.JKP, Programme.JKP),
    ],
)
def test_claim_type_belongs_to_its_programme(claim_type, programme):
    """Monthly reports count claims by programme (domain.md §7.2 D)."""
    assert claim_type.programme is programme


def test_claim_labels_are_indonesian():
    assert S.DRAFT.label == "Pra-pengajuan"
    assert ClaimType.JHT_30.label == "JHT sebagian 30% (perumahan)"
