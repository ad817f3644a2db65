"""Keyset paging: a page of a long list is read from the key of a row next to it, not by OFFSET.

``ORDER BY name, id OFFSET 2000000`` makes the database walk two million index entries for every
page (about 200 ms on the 2.84 million worker memberships of the scale-1 demo); ``WHERE (name, id)
> (:name, :id) ORDER BY name, id LIMIT 200`` starts at the key in the index and reads 200 rows
(under a millisecond). A list therefore pages by the *key* of a row: the sort value(s) and the row
id, which makes every key unique.

To jump to an arbitrary row (the scroll bar dragged to row 2,000,000) the UI needs the key of the
row just above the page: :func:`anchors` reads, once per list and order and in the background, the
key of every *every*-th row in one window-function pass (2.3–10 s for 2.84 million rows: the
window numbers every row). Before that pass, :meth:`KeysetList.anchors` reads a *skeleton*: the
key of every :data:`SKELETON_STRIDE`-th row, one index seek each from the key before (about 0.1 s
for the same rows idle, 0.3–0.7 s under load: the index is walked once, nothing is numbered). A
jump made before the fine keys arrive counts at most a stride's rows from the nearest skeleton key
(:func:`key_from`) instead of walking the index from its start with ``LIMIT 1 OFFSET n``
(:func:`key_at`: 75 ms for row 2.8 million on an idle machine, 0.5–1.5 s under load); one made
while the skeleton is read waits for it rather than walk the same index beside it.

The SQL is plain comparisons (``a > :a OR (a = :a AND id > :id)``, with ``a >= :a`` in front so
that both SQLite and PostgreSQL seek the index): no row values, which older SQLite builds and
mixed ascending/descending orders do not support. Sort columns must not be NULL (coalesce them).
Statements of plain columns run on the session's connection (Core): the ORM's execution path
costs three times the query itself for a page of 200 rows.

A list whose rows are found another way and held in memory (a few thousand: the members an
office's Perisai agents recruited) gives its keys in order (:meth:`KeysetList._key_list`) and is
paged the same way over that list (:func:`keys_between`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

Key = tuple[Any, ...]
ROWS_PER_QUERY = 1000  # ids in one IN (…): SQLite and PostgreSQL cap the bound parameters
# Rows between two keys of a skeleton: 22 seeks for 2.84 million rows (about one OFFSET to the
# end, 0.1 s idle), and a jump then counts at most 131,071 index entries (4 ms) from the nearest.
SKELETON_STRIDE = 131_072
SKELETON_SECONDS = 1.0  # at most this long before the anchors' window pass starts
KeyQuery = Select[*tuple[Any, ...]]  # selects the key columns of an Order


@dataclass(frozen=True)
class Order:
    """The columns a list is ordered by, the last one unique (the row id), each with its direction.

    ``descending`` flips every column: a list sorted by name descending is read by (name desc,
    id desc), so that the key comparison keeps one direction per column.
    """

    columns: tuple[Any, ...]
    descending: tuple[bool, ...]

    @classmethod
    def of(cls, *columns: Any, descending: bool = False) -> Order:
        return cls(tuple(columns), tuple(descending for _ in columns))

    def reversed(self) -> Order:
        return Order(self.columns, tuple(not d for d in self.descending))

    def by(self) -> list[Any]:
        return [
            c.desc() if d else c.asc() for c, d in zip(self.columns, self.descending, strict=True)
        ]

    def after(self, key: Key) -> Any:
        """Rows strictly after the row whose key is *key*, in this order."""
        terms = []
        for i, (column, descending) in enumerate(zip(self.columns, self.descending, strict=True)):
            beyond = column < key[i] if descending else column > key[i]
            terms.append(
                and_(*(c == k for c, k in zip(self.columns[:i], key[:i], strict=True)), beyond)
            )
        first, first_desc = self.columns[0], self.descending[0]
        seek = first <= key[0] if first_desc else first >= key[0]
        return and_(seek, or_(*terms))

    def parts_after(self, key: Key) -> list[Any]:
        """The rows after *key* as ranges of the index, in list order: those that share all
        but the last sort value with it, then all but the last two, …, then the later first
        values. Each is an equality prefix and one bound, which an index seeks to directly;
        :meth:`after` is one condition (for one query) that the database tests on every row
        from the first of the key's first value on."""
        parts = []
        for i in reversed(range(len(self.columns))):
            column, descending = self.columns[i], self.descending[i]
            beyond = column < key[i] if descending else column > key[i]
            parts.append(
                and_(*(c == k for c, k in zip(self.columns[:i], key[:i], strict=True)), beyond)
            )
        return parts

    def before(self, key: Key) -> Any:
        return self.reversed().after(key)


def page_keys(
    session: Session,
    query: KeyQuery,
    order: Order,
    after: Key | None,
    before: Key | None,
    limit: int,
) -> list[Key]:
    """The keys of up to *limit* rows of *query* (which selects exactly ``order.columns``).

    After the key *after* (or from the start), or, with *before*, the rows just before that key
    (or the last rows of the list, with neither key given and *before* = ``()``) in list order.
    """
    if before is not None:
        backwards = order.reversed()
        if before:
            query = query.where(backwards.after(before))
        keys = [
            tuple(r)
            for r in session.connection().execute(query.order_by(*backwards.by()).limit(limit))
        ]
        keys.reverse()
        return keys
    if after is not None:
        query = query.where(order.after(after))
    return [
        tuple(r) for r in session.connection().execute(query.order_by(*order.by()).limit(limit))
    ]


def key_at(
    session: Session, query: KeyQuery, order: Order, position: int, after: Key | None = None
) -> Key | None:
    """The key of the row at *position* (0-based; counted after the row keyed *after*, when
    given): an OFFSET on the key columns only.

    After a key, the rows are counted part by part (:meth:`Order.parts_after`), each part at most
    as far as the row sought: every row passed is an index entry stepped over, nothing tested.
    One OFFSET after the key's condition tests it on every row from the first of the key's sort
    value: a skeleton of the 2.84 m memberships by segment took 8.8 s so, 0.1 s by parts.
    """
    if after is None:
        return _row_at(session, query, order, position)
    *tied, rest = order.parts_after(after)
    for part in tied:  # the rows sharing the key's first value(s): counted, at most to the row
        within = query.where(part)
        counted = select(func.count()).select_from(within.limit(position + 1).subquery())
        rows = int(session.connection().execute(counted).scalar() or 0)
        if rows > position:
            return _row_at(session, within, order, position)
        position -= rows
    return _row_at(session, query.where(rest), order, position)


def _row_at(session: Session, query: KeyQuery, order: Order, position: int) -> Key | None:
    row = (
        session.connection().execute(query.order_by(*order.by()).offset(position).limit(1)).first()
    )
    return tuple(row) if row is not None else None


def key_from(
    session: Session, query: KeyQuery, order: Order, position: int, known: Sequence[Key], every: int
) -> Key | None:
    """The key of the row at *position*, counted from the nearest key of *known* before it.

    *known* are the keys of rows ``every - 1``, ``2 * every - 1``, … (a skeleton, or anchors): the
    OFFSET after the nearest one reads fewer than *every* index entries.
    """
    passed = min((position + 1) // every, len(known))  # known[passed - 1]: at or before it
    if passed == 0:
        return key_at(session, query, order, position)
    base, base_position = known[passed - 1], passed * every - 1
    if position == base_position:
        return base
    return key_at(session, query, order, position - base_position - 1, after=base)


def skeleton(
    session: Session, query: KeyQuery, order: Order, stride: int, seconds: float = SKELETON_SECONDS
) -> list[Key]:
    """The keys of rows ``stride - 1``, ``2 * stride - 1``, …: each one seek from the key before,
    reading *stride* index entries (one walk of the index, in ``count / stride`` statements).

    Cut short after *seconds*: a list whose keys are not in one index (the worker list by name
    joins each membership to its person: 6–11 s for 2.84 m rows) keeps the keys of its first
    part, and the fine anchors (:func:`anchors`) are not kept waiting for the rest.
    """
    keys: list[Key] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and (
        key := key_at(session, query, order, stride - 1, keys[-1] if keys else None)
    ):
        keys.append(key)
    return keys


def anchors(session: Session, query: KeyQuery, order: Order, every: int) -> list[Key]:
    """The keys of rows ``every - 1``, ``2 * every - 1``, … (the last row of each page of *every*).

    One pass of ``row_number()`` over the key columns (SQLite ≥ 3.25 and PostgreSQL): 0.6 s per
    280,000 rows on the 2-core office machine, so the UI asks for them in the background.
    """
    numbered = query.add_columns(func.row_number().over(order_by=order.by()).label("rn")).subquery()
    keys = [numbered.c[i] for i in range(len(order.columns))]
    rows = session.connection().execute(
        select(*keys).where(numbered.c.rn % every == 0).order_by(numbered.c.rn)
    )
    return [tuple(r) for r in rows]


def keys_between(
    keys: Sequence[Key], after: Key | None, before: Key | None, limit: int
) -> list[Key]:
    """:func:`page_keys` over the keys of a list held in memory (*keys*, in list order).

    A key not in *keys* (a row gone since it was shown) reads from the start (*after*) or the end
    (*before*) of the list, as if the list had been opened again.
    """
    position = {key: i for i, key in enumerate(keys)}
    if before is not None:
        end = position.get(before, len(keys)) if before else len(keys)
        return list(keys[max(0, end - limit) : end])
    start = position[after] + 1 if after is not None and after in position else 0
    return list(keys[start : start + limit])


def in_key_order(rows: Sequence[Any], ids: Sequence[Any], id_of: Any) -> list[Any]:
    """*rows* (read by id, in any order) put back in the order of *ids*."""
    by_id = {id_of(r): r for r in rows}
    return [by_id[i] for i in ids if i in by_id]


class KeysetList:
    """A list service read by keys (mixed into WorkerQuery, EmployerQuery…): the PageSource of
    ``ui/common/tables.py``.

    A subclass says how to select the key columns under its filters (:meth:`_keys`), how to read
    the rows of some ids (:meth:`_rows`) and what a row's key is (:meth:`key_of`).
    ``page(offset, …)`` stays for exports and tests: one :func:`key_at`, then a keyset read.
    """

    db: Any
    DEFAULT_SORT: str | None = None
    DEFAULT_DESCENDING = False

    def _keys(
        self, session: Session, sort_key: str | None, descending: bool
    ) -> tuple[KeyQuery, Order]:
        raise NotImplementedError

    def _rows(self, session: Session, ids: Sequence[Any]) -> list[Any]:
        raise NotImplementedError

    def key_of(self, row: Any, sort_key: str | None = None) -> Key:
        raise NotImplementedError

    def count(self) -> int:
        raise NotImplementedError

    def _key_list(
        self, session: Session, sort_key: str | None, descending: bool
    ) -> list[Key] | None:
        """Every key of the list, in list order, for a list a subclass holds in memory (a few
        thousand rows found another way); None (the default): the keys are read in SQL."""
        return None

    def rows_after(
        self,
        key: Key | None,
        limit: int,
        sort_key: str | None = None,
        descending: bool | None = None,
    ) -> list[Any]:
        """Up to *limit* rows after the row keyed *key* (None: from the first row)."""
        return self._read(key, None, limit, sort_key, descending)

    def rows_before(
        self,
        key: Key | None,
        limit: int,
        sort_key: str | None = None,
        descending: bool | None = None,
    ) -> list[Any]:
        """Up to *limit* rows just before the row keyed *key* (None: the last rows), in list order."""
        return self._read(None, key or (), limit, sort_key, descending)

    def _read(
        self,
        after: Key | None,
        before: Key | None,
        limit: int,
        sort_key: str | None,
        descending: bool | None,
    ) -> list[Any]:
        with self.db.read() as session:
            descending = self._descending(descending)
            held = self._key_list(session, sort_key, descending)
            if held is not None:
                keys = keys_between(held, after, before, limit)
            else:
                query, order = self._keys(session, sort_key, descending)
                keys = page_keys(session, query, order, after, before, limit)
            ids = [k[-1] for k in keys]
            rows: list[Any] = []
            for start in range(0, len(ids), ROWS_PER_QUERY):  # an export reads every row
                rows += self._rows(session, ids[start : start + ROWS_PER_QUERY])
            return rows

    def _known(self) -> dict[tuple[str | None, bool], tuple[int, list[Key]]]:
        """Per order, the keys of every n-th row read so far (n, the keys): the skeleton, then
        the anchors. Written by the anchors' thread, read by a jump's (one dict item each)."""
        known: dict[tuple[str | None, bool], tuple[int, list[Key]]]
        known = self.__dict__.setdefault("_known_keys", {})
        return known

    def _walks(self) -> dict[tuple[str | None, bool], threading.Event]:
        """Per order, the skeleton being read (set once it is there, or has failed)."""
        walks: dict[tuple[str | None, bool], threading.Event]
        walks = self.__dict__.setdefault("_skeleton_walks", {})
        return walks

    def key_at(
        self, position: int, sort_key: str | None = None, descending: bool | None = None
    ) -> Key | None:
        """The key of the row at *position*: from the nearest known key (:meth:`anchors` has
        read them), else by an OFFSET from the start of the list.

        A jump past the first stride while the skeleton is being read waits for it (at most
        :data:`SKELETON_SECONDS`) rather than walk the same index beside it: its own walk would
        take about as long, and slow the skeleton's down on a busy machine.
        """
        descending = self._descending(descending)
        order_key = (sort_key, descending)
        walk = self._walks().get(order_key)
        if order_key not in self._known() and walk is not None and position >= SKELETON_STRIDE:
            walk.wait(SKELETON_SECONDS)
        with self.db.read() as session:
            held = self._key_list(session, sort_key, descending)
            if held is not None:
                return held[position] if 0 <= position < len(held) else None
            query, order = self._keys(session, sort_key, descending)
            known = self._known().get(order_key)
            if known is None:
                return key_at(session, query, order, position)
            every, keys = known
            return key_from(session, query, order, position, keys, every)

    def anchors(
        self, every: int, sort_key: str | None = None, descending: bool | None = None
    ) -> list[Key]:
        """The key of the last row of every page of *every* rows (the UI asks in the background).

        The skeleton first (a fraction of a second), kept for :meth:`key_at`: a jump made while
        the window pass runs counts from it. Then the anchors, kept too.
        """
        descending = self._descending(descending)
        order_key = (sort_key, descending)
        known = self._known()
        known.pop(order_key, None)  # the list is read again: its old keys go
        walk = self._walks()[order_key] = threading.Event()
        try:
            with self.db.read() as session:
                held = self._key_list(session, sort_key, descending)
                if held is not None:
                    return held[every - 1 :: every]
                query, order = self._keys(session, sort_key, descending)
                if every < SKELETON_STRIDE:
                    known[order_key] = (
                        SKELETON_STRIDE,
                        skeleton(session, query, order, SKELETON_STRIDE),
                    )
                walk.set()
                keys = anchors(session, query, order, every)
                known[order_key] = (every, keys)
                return keys
        finally:
            walk.set()

    def page(
        self, offset: int, limit: int, sort_key: str | None = None, descending: bool | None = None
    ) -> list[Any]:
        """Rows *offset*…*offset+limit* (a key found by OFFSET on the key columns, then keyset)."""
        if offset <= 0:
            return self.rows_after(None, limit, sort_key, descending)
        key = self.key_at(offset - 1, sort_key, descending)
        return [] if key is None else self.rows_after(key, limit, sort_key, descending)

    def _descending(self, descending: bool | None) -> bool:
        return self.DEFAULT_DESCENDING if descending is None else descending
