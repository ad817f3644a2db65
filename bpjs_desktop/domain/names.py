"""Person names compared as people read them: titles and degrees set aside, accents and
punctuation dropped, the same words in another order or a shortened name taken as the same name.

Pure rules (no database): the near-duplicate check of the registration form and the import use
them on the names a query found.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

# Words that are not part of a person's name: honorifics and religious titles before it, academic
# degrees after it (written with or without dots: "S.Pd." and "SPD" both read as SPD).
_NAME_PREFIXES = frozenset((
    "H", "HJ", "HAJI", "HAJAH", "KH", "DR", "DRS", "DRA", "DRG", "DRH", "IR", "PROF", "BPK",
    "BAPAK", "IBU", "SDR", "SDRI", "NY", "NYONYA", "TN", "TUAN", "UST", "USTADZ", "USTADZAH", "RA",
))  # fmt: skip
_NAME_SUFFIXES = frozenset((
    "SPD", "SPDI", "SE", "SH", "SKOM", "SSOS", "SAG", "SIP", "SS", "SSI", "SKM", "SKEP", "SPSI",
    "SFARM", "SST", "ST", "MM", "MSI", "MPD", "MH", "MT", "MKOM", "MAG", "MBA", "PHD", "AMD",
    "AMK", "AMKEP", "AMAK",
))  # fmt: skip
NAME_SIMILARITY = 0.85  # difflib ratio from which two names read as the same person's


def normalise_name(text: str) -> str:
    """A name reduced for comparison: upper case, no accents, punctuation or titles, one space.

    ``"Hj. Siti  Aminah, S.Pd."`` → ``"SITI AMINAH"``; ``"Ma'ruf"`` → ``"MARUF"``.
    """
    plain = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    head = plain.upper().split(",", 1)[0]  # degrees usually follow a comma
    words = [re.sub(r"[^A-Z]", "", word) for word in re.split(r"[\s/]+", head)]
    words = [w for w in words if w]
    while len(words) > 1 and words[0] in _NAME_PREFIXES:
        words.pop(0)
    while len(words) > 1 and words[-1] in _NAME_SUFFIXES:
        words.pop()
    return " ".join(words)


def name_similarity(a: str, b: str) -> float:
    """How alike two *normalised* names are, 0 to 1; 1 for the same words in any order or
    when one name is the first words of the other (a short name on one record, the full one on
    another: "SITI AMINAH" and "SITI AMINAH BINTI ..."). Below :data:`NAME_SIMILARITY` they
    read as different people."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    a_words, b_words = a.split(), b.split()
    if sorted(a_words) == sorted(b_words):
        return 1.0
    shorter, longer = sorted((a_words, b_words), key=len)
    if longer[: len(shorter)] == shorter:
        return 1.0
    return SequenceMatcher(None, a, b).ratio()
