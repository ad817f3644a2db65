"""The papers the desks hand out (claim receipts and decision letters, warning letters, the SKK
hand-over list) as files on this workstation.

The services build each paper (claims.receipt_html, arrears_letters.warning_letter_document, …);
the screens lay it out with Qt and write it as a PDF into :func:`pdf_file`, so that a paper is
written whole or not at all, as every other file the app writes (exchange/atomic.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bpjs_desktop.exchange.atomic import replaced_atomically


@contextmanager
def pdf_file(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside *path* for the PDF; when the block ends it replaces *path*
    (a failure, or a PDF reader holding the old file, leaves *path* as it was).

    Raises:
        KnownError: the folder is missing or not writable, or the file is held by another program.
    """
    with replaced_atomically(Path(path)) as tmp:
        yield tmp
