"""Enums whose members carry the label the screens show, written beside the member.

Every coded choice the app shows (a segment, a claim state, a ground, a bill state...) has one
Indonesian label. Declaring it beside the member (``PU = "PU", N_("Penerima Upah (PU)")``) keeps
the one lookup in one place, instead of a ``label`` property and a table after every enum.
"""

from __future__ import annotations

import enum
from typing import Self

from bpjs_desktop.i18n import _


class _Labelled:
    """The label of a member: kept untranslated (``N_()``) and translated each time it is read,
    so a change of language applies at once."""

    _label: str

    @property
    def label(self) -> str:
        return _(self._label)


class LabelledEnum(_Labelled, enum.StrEnum):
    """A string enum whose members are declared ``NAME = "value", N_("Label")``; the value is the
    stored code, so ``SizeClass("MIKRO")`` finds the member as before."""

    def __new__(cls, value: str, label: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label
        return member


class LabelledIntEnum(_Labelled, enum.IntEnum):
    """An integer enum declared ``NAME = 1, N_("Label")`` (the value is the stored number)."""

    def __new__(cls, value: int, label: str = "") -> Self:
        member = int.__new__(cls, value)
        member._value_ = value
        member._label = label
        return member
