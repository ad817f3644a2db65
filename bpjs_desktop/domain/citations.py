"""Citations as people read them: the research tags of the rate tables turned into plain words.

The dated tables carry their sources with the tags of ``domain.md`` (``[S34]``, ``[S-JP]``,
``[computed]``, ``[unverified]``…): they tell a maintainer where a figure came from. An officer
reading a decision, a paper or the command line needs the regulation and, where a figure is not yet
confirmed from the regulation, to be told so in words (issue #13: "[S34]" and "[unverified]"
reached the screen; issue #10: an assumption must be visible).
"""

from __future__ import annotations

import re

from bpjs_desktop.i18n import _

# A source tag: [S34], [S9-jkm], [S-JP29], [S35-Cilegon], [computed], [inferred from S12]…
_SOURCE_TAG = re.compile(r"\s*\[(?:S[-\w]*|computed|inferred[^\]]*|self)\]")
# A figure not yet read in the regulation: [unverified], [unverified formula], [verify …]…
_UNVERIFIED_TAG = re.compile(r"\s*\[(?:unverified|verify|conflicting)[^\]]*\]")


def is_unconfirmed(source: str) -> bool:
    """Whether *source* says that its figure is not yet confirmed from the regulation."""
    return _UNVERIFIED_TAG.search(source) is not None


def for_people(source: str) -> str:
    """*source* without research tags; an unconfirmed figure says so once, in words.

    >>> for_people("PP 82/2019 [S34][unverified STMB]")  # doctest: +SKIP
    'PP 82/2019 (belum dipastikan dari teks peraturan)'
    """
    unconfirmed = is_unconfirmed(source)
    text = _SOURCE_TAG.sub("", _UNVERIFIED_TAG.sub("", source))
    text = re.sub(r"\s+", " ", text).strip().rstrip(";,").strip()
    if unconfirmed:
        note = _("(belum dipastikan dari teks peraturan)")
        text = f"{text} {note}" if text else note
    return text
