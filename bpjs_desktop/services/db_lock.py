"""One running copy of the app per database: a lock file beside it naming who has it open.

SQLite lets any number of processes open a file, and two copies of the app on one database (two
staff on one shared PC, or a share reached from two desks) each see stale screens and queue on
each other's writes. The GUI takes ``<db>.lock`` when it opens a database: a small JSON file
naming the user, the computer, the process id and since when. A second start reads it and can say
who holds the database; a lock whose process is gone from this computer (a crash, a power cut)
is stale and taken over. A lock from another computer cannot be checked from here and is
believed (its holder may still be at work); the message names that computer.

The file is created atomically (written aside, then hard-linked into place: the link fails if
another process got there first), so two starts at the same moment cannot both win.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bpjs_desktop.errors import KnownError
from bpjs_desktop.i18n import _

log = logging.getLogger(__name__)

LOCK_SUFFIX = ".lock"


@dataclass(frozen=True, slots=True)
class LockHolder:
    user: str
    computer: str
    pid: int
    since: datetime  # UTC

    def describe(self) -> str:
        # domain.periods (calendar, locale) is not on the way to the sign-in dialog: a lock
        # held by another copy is described only when one is met.
        from bpjs_desktop.domain.periods import format_datetime_wib

        return _("{user} di komputer {computer} sejak {since}").format(
            user=self.user, computer=self.computer, since=format_datetime_wib(self.since)
        )


class DatabaseInUseError(KnownError):
    """Another running copy of the app holds the database."""

    def __init__(self, path: Path, holder: LockHolder) -> None:
        super().__init__(
            _(
                "Database {path} sedang dibuka oleh {holder}. Hanya satu aplikasi yang boleh "
                "mengubah database yang sama; buka untuk dilihat saja, atau tutup aplikasi di sana."
            ).format(path=path, holder=holder.describe())
        )
        self.path = path
        self.holder = holder


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + LOCK_SUFFIX)


def this_computer() -> str:
    return socket.gethostname() or "?"


def _this_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "?"


def pid_alive(pid: int) -> bool:
    """Whether process *pid* runs on this computer (a reused pid reads as alive: cautious)."""
    if pid <= 0:
        return False
    if os.name == "nt":  # pragma: no cover - Windows
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        try:
            code = ctypes.c_ulong()
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    except OSError:
        return False
    return True


def read_holder(db_path: Path) -> LockHolder | None:
    """Who holds *db_path* now, or None (no lock file, or an unreadable one)."""
    try:
        data = json.loads(lock_path(db_path).read_text(encoding="utf-8"))
        return LockHolder(
            str(data["user"]),
            str(data["computer"]),
            int(data["pid"]),
            datetime.fromisoformat(str(data["since"])),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def is_stale(holder: LockHolder) -> bool:
    """A lock of this computer whose process is gone: left by a crash, safe to take over."""
    return holder.computer == this_computer() and not pid_alive(holder.pid)


class DatabaseLock:
    """The lock file this process holds on a database; ``release()`` when the database closes."""

    def __init__(self, db_path: Path, holder: LockHolder) -> None:
        self.db_path = db_path
        self.holder = holder
        self._released = False

    def release(self) -> None:
        if self._released:
            return
        self._released = True
        current = read_holder(self.db_path)
        if current is not None and (current.pid, current.computer) == (
            self.holder.pid,
            self.holder.computer,
        ):
            try:
                lock_path(self.db_path).unlink(missing_ok=True)
            except OSError as exc:
                log.warning("could not remove lock file of %s: %s", self.db_path, exc)

    def __enter__(self) -> DatabaseLock:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()


def _create_exclusively(target: Path, payload: str) -> None:
    """Write *target* only if it does not exist (FileExistsError otherwise), never half-written.

    Written aside and hard-linked into place; where the file system has no hard links (FAT32
    sticks, some shares) an O_EXCL create, whose brief empty moment read_holder() tolerates.
    """
    aside = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    aside.write_text(payload, encoding="utf-8")
    try:
        os.link(aside, target)
    except FileExistsError:
        raise
    except OSError:
        descriptor = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(payload)
    finally:
        aside.unlink(missing_ok=True)


def acquire(db_path: Path) -> DatabaseLock:
    """Take the lock of *db_path* for this process.

    Raises:
        DatabaseInUseError: a running copy of the app (here or on another computer) holds it.
        KnownError: the lock file cannot be written (a read-only folder).
    """
    db_path = Path(db_path)
    target = lock_path(db_path)
    holder = LockHolder(_this_user(), this_computer(), os.getpid(), datetime.now(UTC))
    payload = json.dumps(
        {"user": holder.user, "computer": holder.computer, "pid": holder.pid,
         "since": holder.since.isoformat()}
    )  # fmt: skip
    for _attempt in range(3):
        try:
            _create_exclusively(target, payload)
            return DatabaseLock(db_path, holder)
        except FileExistsError:
            current = read_holder(db_path)
            if current is None:
                # Being written by a racing start, or garbage: garbage older than a minute goes.
                try:
                    age = datetime.now(UTC).timestamp() - target.stat().st_mtime
                except OSError:
                    continue
                if age < 60:
                    raise DatabaseInUseError(
                        db_path, LockHolder("?", "?", 0, datetime.now(UTC))
                    ) from None
            elif (current.computer, current.pid) == (holder.computer, holder.pid):
                return DatabaseLock(db_path, current)  # this process already holds it
            elif not is_stale(current):
                raise DatabaseInUseError(db_path, current) from None
            log.info("taking over a stale lock of %s", db_path)
            target.unlink(missing_ok=True)
        except OSError as exc:
            raise KnownError(
                _(
                    "Kunci database {path} tidak dapat ditulis ({reason}); periksa izin foldernya."
                ).format(path=target, reason=exc.strerror or exc)
            ) from exc
    current = read_holder(db_path)
    raise DatabaseInUseError(db_path, current or LockHolder("?", "?", 0, datetime.now(UTC)))
