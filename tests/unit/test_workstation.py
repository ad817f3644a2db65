"""The workstation's own settings: its idle lock may be sooner than the office's, never later."""

from __future__ import annotations

import pytest

from bpjs_desktop.domain.workstation import (
    WorkstationSettings,
    backup_every_label,
    idle_minutes,
    validate,
)
from bpjs_desktop.errors import ValidationError


def test_the_screen_locks_after_the_workstations_minutes_at_most_the_offices() -> None:
    assert idle_minutes(0, 10) == 10  # 0: as the office says
    assert idle_minutes(5, 10) == 5  # sooner is allowed
    assert idle_minutes(15, 10) == 10  # later is not: the office's limit holds


def test_a_workstation_may_not_lock_later_than_the_office() -> None:
    with pytest.raises(ValidationError) as caught:
        validate(WorkstationSettings(idle_lock_minutes=15), office_idle_minutes=10)
    assert caught.value.field == "idle_lock"
    assert "10 menit" in caught.value.errors[0].message


def test_every_wrong_field_is_named_at_once() -> None:
    wrong = WorkstationSettings(language="fr", backup_every_minutes=7, paper_size="A3")
    with pytest.raises(ValidationError) as caught:
        validate(wrong, office_idle_minutes=10)
    assert [e.field for e in caught.value.errors] == ["language", "backup_every", "paper_size"]


def test_the_defaults_are_valid_and_back_up_every_half_hour() -> None:
    validate(WorkstationSettings(), office_idle_minutes=10)
    assert WorkstationSettings().backup_every_minutes == 30
    assert backup_every_label(30) == "Setiap 30 menit bila data berubah"
    assert backup_every_label(120) == "Setiap 2 jam bila data berubah"
    assert backup_every_label(0).startswith("Tidak berkala")
