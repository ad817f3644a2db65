"""Full personal data on request, and exports of personal data: both on the audit trail.

Lists, search results and exports show NIK, KPJ, wage and bank account masked
(domain/masking.py). A user whose role may see them (``personal.view``, services/context.py)
asks for one row's full values with a reason: :func:`reveal` reads them inside the asker's offices
(services/scope.py) and records ``personal.reveal`` — who, which record, which values, why —
never the values themselves. An export of a list holding personal data states its purpose:
:func:`record_export` records ``personal.export`` — who, which list, how many rows, masked or
full, the purpose (UU 27/2022: data processed only for a stated purpose; domain.md §9).

Opening a member's page is itself a deliberate act on one record (the search, then Enter): that
page shows the full NIK to a role with ``personal.view`` without a further question, and masked
to the others (ui/membership/member_page.py).
"""

from __future__ import annotations

from sqlalchemy import select

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import Claim, Membership, Person
from bpjs_desktop.domain.money import format_rupiah
from bpjs_desktop.errors import FieldError, NotFoundError, ValidationError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import audit, scope
from bpjs_desktop.services.context import Actor, require

REVEAL_ACTION = "personal.reveal"
EXPORT_ACTION = "personal.export"
MAX_REASON = 200
KINDS = ("membership", "claim")
# What left, as the audit trail names it (a code, the same in every language).
IMPORT_ERROR_REPORT = "import.error_report"


def _reason(text: str, field: str, message: str) -> str:
    text = " ".join((text or "").split())[:MAX_REASON]
    if len(text) < 3:
        raise ValidationError([FieldError(field, message)])
    return text


@scope.guarded
def reveal(db: Database, actor: Actor, kind: str, key: int, reason: str) -> dict[str, str]:
    """The full values of one record, for *actor*, with *reason* on the audit trail.

    *kind* ``"membership"`` (*key* its id) gives ``nik``, ``kpj`` and ``wage``; ``"claim"``
    (*key* its id) gives ``bank_account``. The wage comes formatted (``Rp4.725.479``).

    Raises:
        PermissionDeniedError: the role may not see full personal data.
        ValidationError: no reason (at least three characters).
        NotFoundError: no such record in *actor*'s offices (the attempt audited).
    """
    require(actor, "personal.view")
    why = _reason(reason, "reason", _("Tuliskan alasan menampilkan data lengkap."))
    if kind not in KINDS:
        raise ValueError(f"unknown kind of record: {kind!r}")
    with db.write() as session:
        values: dict[str, str]
        if kind == "membership":
            missing = _("Kepesertaan tidak ada (mungkin dihapus oleh pengguna lain)")
            row = session.execute(
                select(Membership.office_id, Membership.kpj, Membership.wage, Person.nik)
                .join(Person, Person.id == Membership.person_id)
                .where(Membership.id == key)
            ).first()
            if row is None:
                raise NotFoundError(missing)
            scope.require_in_scope(session, actor, row.office_id, "membership", key, missing)
            values = {
                "nik": row.nik,
                "kpj": row.kpj,
                "wage": format_rupiah(row.wage) if row.wage else "–",
            }
        else:
            missing = _("Klaim tidak ada (mungkin dihapus oleh pengguna lain)")
            claim = session.get(Claim, key)
            if claim is None:
                raise NotFoundError(missing)
            scope.require_in_scope(
                session, actor, claim.office_id, "claim", claim.claim_no, missing
            )
            values = {"bank_account": claim.bank_account}
        audit.record(
            session,
            actor,
            REVEAL_ACTION,
            kind,
            key,
            {"fields": sorted(values), "reason": why},
        )
        return values


def record_export(
    db: Database, actor: Actor, what: str, rows: int, purpose: str, *, full: bool = False
) -> None:
    """Put an export of personal data on the audit trail: who, which list, how many rows, why.

    Called by whoever writes the file, before it is written (an export refused here writes
    nothing). *full*: the file holds unmasked values, which needs ``personal.view``.

    Raises:
        ValidationError: no purpose (at least three characters).
        PermissionDeniedError: *full* for a role that may not see full personal data.
    """
    why = _reason(purpose, "purpose", _("Tuliskan tujuan ekspor data pribadi."))
    if full:
        require(actor, "personal.view")
    with db.write() as session:
        audit.record(
            session,
            actor,
            EXPORT_ACTION,
            "export",
            what,
            {"rows": rows, "purpose": why, "full": full},
        )
