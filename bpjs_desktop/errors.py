"""Known errors: problems of input or environment that the user can act on.

Anything raised that is *not* a :class:`KnownError` is a bug: the CLI and the GUI log it with its
traceback and show one crash message (qutebrowser's KnownError/BugError split, style.md rule 5).
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable
from dataclasses import dataclass


class KnownError(Exception):
    """An error whose message is written for the user, in the current UI language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class FieldError:
    """One field that is wrong, and what is expected of it."""

    field: str
    message: str


class ValidationError(KnownError):
    """Input that breaks a rule. Names every field that is wrong (the first one leads)."""

    def __init__(self, errors: Iterable[FieldError] | FieldError) -> None:
        if isinstance(errors, FieldError):
            errors = [errors]
        self.errors: tuple[FieldError, ...] = tuple(errors)
        if not self.errors:
            raise ValueError("ValidationError needs at least one FieldError")
        super().__init__("; ".join(e.message for e in self.errors))

    @classmethod
    def single(cls, field: str, message: str) -> ValidationError:
        return cls(FieldError(field, message))

    @property
    def field(self) -> str:
        return self.errors[0].field


class NotFoundError(KnownError):
    """A record the user asked for does not exist."""


class PermissionDeniedError(KnownError):
    """The signed-in user's role does not allow this action."""


class ConflictError(KnownError):
    """The action clashes with existing data (a duplicate NIK, a claim already decided...)."""


class DatabaseError(KnownError):
    """The database file or server cannot be used: missing, locked, corrupt, too new, read-only.

    *retryable*: the same action may succeed as it stands once the cause passes (another copy
    releases its lock, disk space is freed, the server answers again), so a form keeps what was
    typed and offers to try again (issue #12 item 4).
    """

    def __init__(self, message: str, *, retryable: bool = False) -> None:
        super().__init__(message)
        self.retryable = retryable


def traceback_without_messages(error: BaseException) -> str:
    """*error*'s traceback (and those of the errors that led to it), each ending in the exception's
    type, without the exceptions' own texts: an unexpected error may quote the data it failed on
    (a SQL statement's parameters: a NIK, a wage), and personal data never goes to a log. The
    frames name the file, line and code, which is what finding the bug needs."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and all(current is not seen for seen in chain):
        chain.append(current)
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    parts = [
        "Traceback (most recent call last):\n"
        + "".join(traceback.format_tb(exc.__traceback__))
        + f"{type(exc).__module__}.{type(exc).__qualname__}"
        for exc in reversed(chain)
    ]
    return "\n\nwhich led to:\n\n".join(parts)
