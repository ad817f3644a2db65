"""Files written whole or not at all: a temporary file beside the target, renamed over it.

A failure (a full disk, a file open in Excel, Cancel) leaves the target as it was and no
temporary file behind. Every error is a :class:`KnownError` that names the file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from bpjs_desktop.errors import KnownError
from bpjs_desktop.i18n import _


@contextmanager
def replaced_atomically(out: Path) -> Iterator[Path]:
    """Yield a temporary path in *out*'s folder; when the block ends, rename it over *out*.

    Raises:
        KnownError: the folder is missing or not writable, or the file cannot be written (for
            instance because Excel holds it open).
    """
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise KnownError(_("Folder {folder} tidak ada").format(folder=folder))
    try:
        handle, name = tempfile.mkstemp(prefix=".~" + out.stem, suffix=out.suffix, dir=folder)
    except OSError as exc:
        raise KnownError(
            _("Tidak dapat menulis di folder {folder}: {reason}").format(
                folder=folder, reason=exc.strerror
            )
        ) from exc
    os.close(handle)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, out)
    except PermissionError as exc:
        tmp.unlink(missing_ok=True)
        raise KnownError(
            _(
                "File {path} tidak dapat ditulis; mungkin sedang dibuka di program lain "
                "(Excel, pembaca PDF)."
            ).format(path=out)
        ) from exc
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise KnownError(
            _("Gagal menulis {path}: {reason}").format(path=out, reason=exc.strerror or exc)
        ) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_xlsx(
    out: Path | str,
    write: Callable[[Any], None],
    *,
    constant_memory: bool = False,
    created: datetime | None = None,
) -> Path:
    """Write an XlsxWriter workbook to *out* atomically; *write* fills it.

    Text stays text: no string becomes a formula, a number or a link. *created* fixes the
    document's creation time (a closed month's export is reproduced byte for byte).
    """
    import xlsxwriter  # at export time only (stack-notes §4a)

    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise KnownError(_("Nama file keluaran harus berakhiran .xlsx: {path}").format(path=out))
    with replaced_atomically(out) as tmp:
        workbook = xlsxwriter.Workbook(
            str(tmp),
            {
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
                "constant_memory": constant_memory,
                # A workbook written whole (not row by row) is assembled in memory: no temporary
                # file per part, written, zipped and removed (a fifth of a monthly export).
                "in_memory": not constant_memory,
            },
        )
        if created is not None:
            workbook.set_properties({"created": created})
        write(workbook)
        workbook.close()
    return out
