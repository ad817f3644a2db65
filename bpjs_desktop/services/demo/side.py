"""A second process that writes some of the demo's tables into a side file while the generator
writes the others (issue #14: the machine has two cores and SQLite writes on one).

SQLite takes one writer per file, and building a table's rows, its indexes and the name-search
index costs more than drawing them. So the biggest table (memberships) and the name-search index
are written by a helper process into a file of their own, in parallel with everything else; when
the generator is done, the main file takes them over in one ``INSERT INTO … SELECT *`` per table,
which SQLite copies page content for page content (its transfer optimisation: no row is decoded,
no index is sorted again) because the side tables are created from the very same statements.

Only rows cross the pipe: the records are the ones the generator drew, in the same order, so the
same seed still gives the same file. The memberships cross as columns (:func:`column_rows`):
numbers as the bytes of their arrays, runs of one value as that value, days as ordinals, so that
neither end builds, pickles or unpickles a tuple per row (most of the cost of the crossing).
The helper is started with ``spawn`` (safe from the desktop's worker thread) and is not used in
a frozen build, where a second interpreter is not at hand.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import sqlite3
import subprocess
import sys
import threading
from array import array
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from functools import cache
from itertools import chain, repeat
from pathlib import Path
from typing import IO, Any

# The shadow tables of the name-search index (FTS5, external content: no copy of the names).
FTS_SHADOWS = ("person_fts_data", "person_fts_idx", "person_fts_docsize")
FTS_INSERT = "INSERT INTO person_fts(rowid, name) VALUES (?, ?)"  # row by row: see insert_rows


# A column of a batch, as runs of (kind, length, value): "=" one value for the whole run, "+"
# consecutive integers from the value, "q" int64 numbers (the bytes of a numpy array), "d" days as
# int64 ordinals (0: none), written as ISO text, "k" KPJ numbers (int64, written on 11 digits),
# "l" a list of the values themselves.
Run = tuple[str, int, Any]


@cache
def _iso_day(ordinal: int) -> str | None:
    return date.fromordinal(ordinal).isoformat() if ordinal else None


def _run(kind: str, n: int, value: Any) -> Iterable[Any]:
    if kind == "=":
        return repeat(value, n)
    if kind == "+":
        return range(value, value + n)
    if kind == "q":
        return array("q", value)
    if kind == "d":
        return map(_iso_day, array("q", value))
    if kind == "k":
        return map("{:011d}".format, array("q", value))
    assert kind == "l" and len(value) == n, kind
    return value  # type: ignore[no-any-return]


def column_rows(columns: Sequence[Sequence[Run]]) -> Iterator[tuple[Any, ...]]:
    """The rows of a batch sent as columns of runs (the same rows, whichever process writes
    them: the generator too writes a batch through this when it has no helper)."""
    return zip(*(chain.from_iterable(_run(*run) for run in runs) for runs in columns), strict=True)


# Parameters in one statement: the smallest limit an SQLite build may have (999 before 3.32).
_MAX_PARAMETERS = 999


def insert_rows(db: sqlite3.Connection, head: str, rows: Iterable[Sequence[Any]]) -> None:
    """*rows* inserted by *head* (``INSERT INTO table (columns)``), as many rows to a statement
    as its parameters allow (``VALUES (…), (…), …``), the same rows in the same order.

    A statement run row by row (``executemany``) is set up again for every row: at a million rows
    that costs more than storing them, most of all where a CHECK constraint lists values
    (``segment IN (…)``: SQLite builds that list afresh each time the statement runs). Dozens of
    rows to a statement pay it once for them all; every constraint is still checked on every row
    (the membership rows: less than half the time row by row, measured).

    A *head* with its own ``VALUES (?, …)`` is run row by row: the name-search index's
    (:data:`FTS_INSERT`), as FTS5 writes out the names it holds at the savepoint a statement of
    many rows opens, which would make its index thousands of small segments to merge."""
    if " VALUES " in head:
        db.executemany(head, rows)
        return
    source = iter(rows)
    first = next(source, None)
    if first is None:
        return
    width = len(first)
    values = list(chain(first, chain.from_iterable(source)))
    one = f"({', '.join('?' * width)})"
    size = width * max(1, _MAX_PARAMETERS // width)  # parameters to a full statement
    whole = len(values) // size * size
    if whole:
        many = f"{head} VALUES {', '.join([one] * (size // width))}"
        db.executemany(many, (values[i : i + size] for i in range(0, whole, size)))
    if whole < len(values):
        rest = (values[i : i + width] for i in range(whole, len(values), width))
        db.executemany(f"{head} VALUES {one}", rest)


def _helper_available() -> bool:
    """Whether a helper process can be used: not in a frozen build, and a second core."""
    return not getattr(sys, "frozen", False) and (os.cpu_count() or 1) > 1


def _serve(source: IO[bytes], reply: IO[bytes]) -> None:
    """The helper: open the file and create the schema it is sent, insert every ``(head, rows)``
    received (:func:`insert_rows`) in one transaction, and on ``(None, statements)`` run those
    (the indexes), commit and answer ``None`` (or what went wrong)."""
    path, pragmas, schema = pickle.load(source)
    db = sqlite3.connect(path, isolation_level=None)
    try:
        for pragma in pragmas:
            db.execute(f"PRAGMA {pragma}")
        db.execute("BEGIN")
        for sql in schema:
            db.execute(sql)
        while True:
            head, rows = pickle.load(source)
            if head is None:
                for statement in rows:
                    db.execute(statement)
                break
            insert_rows(db, head, rows if isinstance(rows, list) else column_rows(rows[1]))
        db.execute("COMMIT")
        pickle.dump(None, reply)
    except BaseException as error:  # reported to the generator, which fails the run
        pickle.dump(f"{type(error).__name__}: {error}", reply)
        raise
    finally:
        reply.flush()
        db.close()


class _SideWriter:
    """The generator's end of the helper process: this file run as a script by the same Python
    (standard library only, so nothing of the application is imported twice)."""

    def __init__(self, path: Path, pragmas: tuple[str, ...], schema: list[str]) -> None:
        self.path = path
        path.unlink(missing_ok=True)
        self.process = subprocess.Popen(  # this very file, by this interpreter
            [sys.executable, "-I", str(Path(__file__).resolve())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self.pipe, self.reply = self.process.stdin, self.process.stdout
        # Messages are pickled here and written by a thread (which waits on the pipe without the
        # GIL): the generator goes on drawing while the helper catches up.
        # At most this many messages (of a chunk of rows each) wait: a bound on the memory held
        # when the helper is behind, without holding the generator up for every chunk.
        self.outbox: queue.Queue[bytes | None] = queue.Queue(maxsize=48)
        self.failed: BaseException | None = None
        self.feeder = threading.Thread(target=self._feed, name="demo-side-feeder", daemon=True)
        self.feeder.start()
        self._write((str(path), pragmas, schema))

    def _feed(self) -> None:
        """Write the messages to the helper up to the end mark (None). After a failure (a broken
        pipe: the helper died; wait() says so) the messages are still taken, and dropped, so
        that the generator never waits on a full outbox nobody empties."""
        while (message := self.outbox.get()) is not None:
            if self.failed is None:
                try:
                    self.pipe.write(message)
                except BaseException as error:
                    self.failed = error
        try:
            self.pipe.close()
        except BaseException as error:  # the last bytes, to a helper that died
            self.failed = self.failed or error

    def _write(self, message: Any) -> None:
        if self.failed is not None:
            raise RuntimeError(f"demo side writer failed: {self.failed}")
        self.outbox.put(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))

    def send(self, head: str, rows: list[tuple[Any, ...]] | tuple[int, list[list[Run]]]) -> None:
        """*rows* to insert by *head* (``INSERT INTO table (columns)``): a list of rows, or (how
        many, their columns of runs)."""
        self._write((head, rows))

    def close(self, statements: list[str]) -> None:
        """No more rows: run *statements* (the side tables' indexes) there and commit, while the
        generator goes on with the other tables."""
        self._write((None, statements))
        self.outbox.put(None)

    def wait(self) -> None:
        """Wait for the helper to have committed its file."""
        self.feeder.join()
        try:
            failure = pickle.load(self.reply)
        except EOFError:
            failure = "no answer"
        self.process.wait()
        self.reply.close()
        if failure is not None or self.process.returncode:
            raise RuntimeError(f"demo side writer failed: {failure}")

    def abort(self) -> None:
        """Stop the helper (if still running) and remove its file."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.outbox.put(None)
        self.feeder.join()
        for stream in (self.pipe, self.reply):
            with contextlib.suppress(OSError):  # the pipe to a killed helper
                stream.close()
        self.path.unlink(missing_ok=True)


if __name__ == "__main__":
    _serve(sys.stdin.buffer, sys.stdout.buffer)
