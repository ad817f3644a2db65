"""The claims desk end to end on a real database: eligibility before logging, the document
checklist and scans, the decision by rule, the service-level clock, the worklist and the papers."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from bpjs_desktop.db.models import (
    Attachment,
    AuditEvent,
    Claim,
    ClaimDocument,
    EndReason,
)
from bpjs_desktop.domain.claim_details import (
    Heir,
    HeirRelation,
    JhtDetail,
    JhtGround,
    JkmDetail,
)
from bpjs_desktop.domain.claims import ClaimState, ClaimType
from bpjs_desktop.domain.programmes import Programme, SizeClass
from bpjs_desktop.domain.service_level import SlaColour
from bpjs_desktop.errors import ConflictError, NotFoundError, ValidationError
from bpjs_desktop.services import claims, worker_registry
from bpjs_desktop.services.claims import ClaimFilter, ClaimInput, ClaimQuery
from tests.helpers import count, log_jkk_accident

S = ClaimState
RESIGNED = date(2018, 2, 28)
SUBMITTED = date(2018, 4, 10)


@pytest.fixture
def employer(make_employer):
    return make_employer(size_class=SizeClass.MENENGAH, office_code="GRS")


@pytest.fixture
def leaver(db, admin, employer, make_worker):
    """Joined 02/01/2018 on Rp4.000.000, resigned 28/02/2018."""
    worker = make_worker(employer_npp=employer.npp, start_date=date(2018, 1, 2))
    worker_registry.end_membership(db, admin, worker.kpj, RESIGNED, EndReason.MENGUNDURKAN_DIRI)
    return worker


def jht(kpj="", nik="", submitted=SUBMITTED, received=(), ground=JhtGround.MENGUNDURKAN_DIRI):
    return ClaimInput(
        kpj=kpj,
        nik=nik,
        claim_type=ClaimType.JHT_PENUH,
        event_date=RESIGNED,
        submitted_on=submitted,
        reason="Mengundurkan diri",
        bank_name="BNI",
        bank_account="0123456789",
        detail=JhtDetail(ground),
        received=received,
    )


def receive_all(db, actor, claim_no, on=date(2018, 4, 11)):
    for document in claims.claim_view(db, claim_no).missing:
        claims.receive_document(db, actor, claim_no, document.code, received_on=on)


# --- logging ------------------------------------------------------------------------------------


def test_claim_found_by_nik_gets_its_checklist_and_the_documents_handed_in(db, staff, leaver):
    """Logged by NIK: the JHT-resignation checklist is created; the KTP and KK handed in are ticked
    on the submission day; the clock waits (documents incomplete)."""
    row = claims.log_claim(db, staff["p1"], jht(nik=leaver.nik, received=("KTP", "KK")))
    view = claims.claim_view(db, row.claim_no)
    codes = [d.code for d in view.documents]
    assert codes == ["KARTU_KPJ", "KTP", "KK", "PAKLARING", "BUKU_TABUNGAN"]
    received = {d.code: d.received_on for d in view.documents}
    assert received["KTP"] == received["KK"] == SUBMITTED
    assert received["PAKLARING"] is None
    assert view.docs_complete_on is None
    assert view.clock.colour is SlaColour.JEDA
    assert view.detail == JhtDetail(JhtGround.MENGUNDURKAN_DIRI)


def test_claim_with_every_document_starts_its_clock_on_the_day(db, staff, leaver):
    """All documents handed in at the counter: the clock starts on the submission day."""
    codes = ("KARTU_KPJ", "KTP", "KK", "PAKLARING", "BUKU_TABUNGAN")
    row = claims.log_claim(db, staff["p1"], jht(kpj=leaver.kpj, received=codes))
    assert claims.claim_view(db, row.claim_no).docs_complete_on == SUBMITTED


def test_refused_claim_writes_nothing_and_uses_no_number(db, staff, leaver):
    """Submitted before the one-month wait ended: refused on the ground with the date it opens;
    no claim, no checklist, no audit event; the next claim still gets number 1."""
    events = count(db, AuditEvent)
    with pytest.raises(ValidationError) as exc:
        claims.log_claim(db, staff["p1"], jht(kpj=leaver.kpj, submitted=date(2018, 3, 27)))
    assert exc.value.field == "ground"
    assert "mulai 28/03/2018" in exc.value.message
    assert (count(db, Claim), count(db, ClaimDocument), count(db, AuditEvent)) == (0, 0, events)
    row = claims.log_claim(db, staff["p1"], jht(kpj=leaver.kpj, submitted=date(2018, 3, 28)))
    assert row.claim_no == "GRS-201803-00001"


def test_unknown_document_handed_in_is_refused(db, staff, leaver):
    """Only documents of the claim's checklist can be ticked at the counter."""
    with pytest.raises(ValidationError) as exc:
        claims.log_claim(db, staff["p1"], jht(kpj=leaver.kpj, received=("LAPORAN_POLISI",)))
    assert exc.value.field == "documents"


def test_check_claim_previews_refusal_documents_and_amount(db, leaver):
    """The form's preview: not eligible yet, the documents it would need, the amount by rule."""
    check = claims.check_claim(db, jht(kpj=leaver.kpj, submitted=date(2018, 3, 1)))
    assert not check.eligibility.ok
    assert "PAKLARING" in check.documents
    assert check.amount is not None and check.amount.total > 0


def test_find_member_by_kpj_or_nik(db, leaver):
    """The form finds the member by 11-digit KPJ or 16-digit NIK; anything else names the field."""
    assert claims.find_member(db, leaver.kpj).nik == leaver.nik
    assert claims.find_member(db, leaver.nik).kpj == leaver.kpj
    with pytest.raises(ValidationError) as exc:
        claims.find_member(db, "12345")
    assert exc.value.field == "kpj"
    with pytest.raises(NotFoundError):
        claims.find_member(db, "18000000099")


# --- documents and scans --------------------------------------------------------------------------


def test_claim_cannot_be_decided_while_a_document_is_missing(db, staff, leaver):
    """Verification can proceed, but DITETAPKAN names the missing documents until all are in."""
    row = claims.log_claim(db, staff["p1"], jht(kpj=leaver.kpj))
    claims.move_claim(db, staff["p1"], row.claim_no, S.VERIFIKASI, on_date=SUBMITTED)
    with pytest.raises(ConflictError) as exc:
        claims.move_claim(db, staff["p2"], row.claim_no, S.DITETAPKAN, on_date=SUBMITTED)
    assert "Surat keterangan berhenti bekerja (paklaring)" in exc.value.message
    receive_all(db, staff["p1"], row.claim_no)
    decided = claims.move_claim(
        db, staff["p2"], row.claim_no, S.DITETAPKAN, on_date=date(2018, 4, 12)
    )
    assert decided.state is S.DITETAPKAN


def test_the_last_document_starts_the_clock_and_untick_stops_it(db, staff, leaver):
    """Receiving the last document sets docs_complete_on; undoing a tick clears it again."""
    row = claims.log_claim(
        db, staff["p1"], jht(kpj=leaver.kpj, received=("KARTU_KPJ", "KTP", "KK", "BUKU_TABUNGAN"))
    )
    claims.receive_document(
        db, staff["p1"], row.claim_no, "PAKLARING", received_on=date(2018, 4, 13)
    )
    assert claims.claim_view(db, row.claim_no).docs_complete_on == date(2018, 4, 13)
    with pytest.raises(ConflictError):
        claims.receive_document(db, staff["p1"], row.claim_no, "PAKLARING")
    claims.unreceive_document(db, staff["p1"], row.claim_no, "PAKLARING")
    view = claims.claim_view(db, row.claim_no)
    assert view.docs_complete_on is None
    assert [d.code for d in view.missing] == ["PAKLARING"]


def test_document_received_before_submission_is_refused(db, staff, leaver):
    """A received date before the claim was submitted names the received_on field."""
    row = claims.log_claim(db, staff["p1"], jht(kpj=leaver.kpj))
    with pytest.raises(ValidationError) as exc:
        claims.receive_document(db, staff["p1"], row.claim_no, "KTP", received_on=date(2018, 4, 9))
    assert exc.value.field == "received_on"


def test_scan_is_kept_with_its_hash_and_ticks_its_document(db, staff, leaver):
    """A PDF scan of the paklaring is stored (bytes, SHA-256, MIME), ticks it, and reads back."""
    row = claims.log_claim(db, staff["p1"], jht(kpj=leaver.kpj))
    content = b"%PDF-1.4 paklaring"
    attachment = claims.attach_file(
        db, staff["p1"], row.claim_no, file_name="C:\\scan\\paklaring.pdf", content=content,
        document_code="PAKLARING", on=date(2018, 4, 11),
    )  # fmt: skip
    assert attachment.file_name == "paklaring.pdf"
    assert attachment.mime == "application/pdf"
    assert attachment.size == len(content)
    stored, data = claims.attachment_content(db, attachment.id)
    assert data == content
    assert stored.sha256 == __import__("hashlib").sha256(content).hexdigest()
    view = claims.claim_view(db, row.claim_no)
    paklaring = next(d for d in view.documents if d.code == "PAKLARING")
    assert paklaring.received_on == date(2018, 4, 11)
    assert paklaring.attachments == 1


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [
        ("besar.pdf", 10 * 1024 * 1024 + 1, "berukuran 10,0 MB; paling besar 10 MB"),
        ("lagu.mp3", 100, "tidak diterima"),
        ("kosong.pdf", 0, "kosong"),
    ],
)
def test_scan_over_10_mb_or_of_another_kind_is_refused(db, staff, leaver, name, size, message):
    """Scans over 10 MB, empty files, and files that are not PDF or images are refused clearly."""
    row = claims.log_claim(db, staff["p1"], jht(kpj=leaver.kpj))
    with pytest.raises(ValidationError) as exc:
        claims.attach_file(db, staff["p1"], row.claim_no, file_name=name, content=b"x" * size)
    assert exc.value.field == "file"
    assert message in exc.value.message
    assert count(db, Attachment) == 0


def test_documents_are_frozen_once_decided(db, staff, leaver):
    """After the decision the checklist can no longer change."""
    row = claims.log_claim(db, staff["p1"], jht(kpj=leaver.kpj))
    receive_all(db, staff["p1"], row.claim_no)
    claims.move_claim(db, staff["p1"], row.claim_no, S.VERIFIKASI, on_date=date(2018, 4, 11))
    claims.move_claim(db, staff["p2"], row.claim_no, S.DITETAPKAN, on_date=date(2018, 4, 12))
    with pytest.raises(ConflictError):
        claims.unreceive_document(db, staff["p1"], row.claim_no, "KTP")


# --- decision by rule ---------------------------------------------------------------------------


def test_decision_stores_the_rule_amount_and_how_it_was_reached(db, staff, leaver):
    """JHT of two months at Rp4.000.000: 2 × Rp228.000 plus the 2018 yield on them."""
    row = claims.log_claim(db, staff["p1"], jht(kpj=leaver.kpj))
    receive_all(db, staff["p1"], row.claim_no)
    claims.move_claim(db, staff["p1"], row.claim_no, S.VERIFIKASI, on_date=date(2018, 4, 11))
    rule = claims.claim_amount(db, row.claim_no, date(2018, 4, 12))
    decided = claims.move_claim(
        db, staff["p2"], row.claim_no, S.DITETAPKAN, on_date=date(2018, 4, 12)
    )
    assert decided.amount == rule.total
    assert rule.lines[0].amount == 456_000
    with db.read() as session:
        basis = session.scalar(select(Claim.amount_basis).where(Claim.claim_no == row.claim_no))
    assert "Iuran JHT 2 bulan" in basis
    assert "Jumlah manfaat:" in basis


def test_another_amount_needs_a_reason_which_is_recorded(db, staff, leaver):
    """An amount other than the rule's is refused without a reason; with one, the reason is in the
    basis, the history and the audit event."""
    row = claims.log_claim(db, staff["p1"], jht(kpj=leaver.kpj))
    receive_all(db, staff["p1"], row.claim_no)
    claims.move_claim(db, staff["p1"], row.claim_no, S.VERIFIKASI, on_date=date(2018, 4, 11))
    with pytest.raises(ValidationError) as exc:
        claims.move_claim(
            db, staff["p2"], row.claim_no, S.DITETAPKAN, on_date=date(2018, 4, 12), amount=500_000
        )
    assert exc.value.field == "amount_reason"
    claims.move_claim(
        db, staff["p2"], row.claim_no, S.DITETAPKAN, on_date=date(2018, 4, 12),
        amount=500_000, amount_reason="Saldo sesuai rekening koran kantor pusat",
    )  # fmt: skip
    view = claims.claim_view(db, row.claim_no)
    assert "Saldo sesuai rekening koran kantor pusat" in view.amount_basis
    assert view.history[-1].note == "Saldo sesuai rekening koran kantor pusat"
    with db.read() as session:
        detail = json.loads(
            session.scalar(select(AuditEvent.detail).order_by(AuditEvent.id.desc()).limit(1))
        )
    assert detail["amount"] == 500_000
    assert detail["amount_reason"] == "Saldo sesuai rekening koran kantor pusat"
    assert detail["rule_amount"] != 500_000


def test_jkm_with_heirs_is_decided_at_42_million(db, staff, admin, employer, make_worker):
    """A member who died on 10/12/2019 (PP 82/2019 in force): Rp42 juta to the heirs; a spouse
    among the heirs adds the marriage book to the checklist."""
    worker = make_worker(employer_npp=employer.npp, start_date=date(2018, 1, 2))
    worker_registry.end_membership(db, admin, worker.kpj, date(2019, 12, 10), EndReason.MENINGGAL)
    row = claims.log_claim(
        db, staff["p1"],
        ClaimInput(kpj=worker.kpj, claim_type=ClaimType.JKM, event_date=date(2019, 12, 10),
                   submitted_on=date(2019, 12, 16),
                   detail=JkmDetail((Heir("SITI AMINAH", HeirRelation.PASANGAN),))),
    )  # fmt: skip
    assert "BUKU_NIKAH" in [d.code for d in claims.claim_view(db, row.claim_no).documents]
    receive_all(db, staff["p1"], row.claim_no, date(2019, 12, 17))
    claims.move_claim(db, staff["p1"], row.claim_no, S.VERIFIKASI, on_date=date(2019, 12, 17))
    decided = claims.move_claim(
        db, staff["p2"], row.claim_no, S.DITETAPKAN, on_date=date(2019, 12, 18)
    )
    assert decided.amount == 42_000_000


def test_jkk_pays_temporary_disability_from_the_recorded_wage(db, staff, employer, make_worker):
    """An accident on 05/03/2018 with 30 days off work: 30 × Rp4.000.000 / 30 under PP 44/2015."""
    worker = make_worker(employer_npp=employer.npp, start_date=date(2018, 1, 2))
    row = log_jkk_accident(db, staff["p1"], worker.kpj)
    assert claims.claim_amount(db, row.claim_no).total == 4_000_000


# --- service-level clock -----------------------------------------------------------------------


def test_returned_claim_pauses_its_clock_and_resumes_with_the_days_counted(db, staff, leaver):
    """Complete on Tue 10/04/2018, returned Thu 12/04 (2 working days), back Mon 23/04: the clock
    resumes at 2, so on Tue 24/04 it reads 3."""
    codes = ("KARTU_KPJ", "KTP", "KK", "PAKLARING", "BUKU_TABUNGAN")
    row = claims.log_claim(db, staff["p1"], jht(kpj=leaver.kpj, received=codes))
    why = {"on_date": date(2018, 4, 12), "note": "Paklaring tidak sah"}
    claims.move_claim(db, staff["p1"], row.claim_no, S.DIKEMBALIKAN, **why)
    paused = claims.claim_view(db, row.claim_no, today=date(2018, 4, 20))
    assert paused.clock.colour is SlaColour.JEDA
    assert paused.clock.elapsed == 2
    # The worklist reads the returns of a page at once, and shows the same clock.
    (listed,) = ClaimQuery(db, ClaimFilter(), on=date(2018, 4, 20)).rows_after(None, 10)
    assert listed.clock == paused.clock
    claims.move_claim(db, staff["p1"], row.claim_no, S.DIAJUKAN, on_date=date(2018, 4, 23))
    resumed = claims.claim_view(db, row.claim_no, today=date(2018, 4, 24))
    assert resumed.clock.elapsed == 3
    assert resumed.clock.colour is SlaColour.HIJAU


def test_office_may_set_its_own_limit(db, staff, leaver):
    """The ``sla_days`` setting replaces the default JHT limit of 5 working days."""
    from bpjs_desktop.db.models import Setting

    with db.write() as session:
        session.add(Setting(key="sla_days", value=json.dumps({"JHT_PENUH": 2})))
    codes = ("KARTU_KPJ", "KTP", "KK", "PAKLARING", "BUKU_TABUNGAN")
    row = claims.log_claim(db, staff["p1"], jht(kpj=leaver.kpj, received=codes))
    view = claims.claim_view(db, row.claim_no, today=date(2018, 4, 13))
    assert (view.clock.limit, view.clock.elapsed, view.clock.colour) == (2, 3, SlaColour.MERAH)


# --- worklist -----------------------------------------------------------------------------------


def test_worklist_filters_by_state_programme_officer_and_office(
    db, staff, leaver, employer, make_worker
):
    """Two claims by two officers: each filter narrows to the right one, count and page agree."""
    first = claims.log_claim(db, staff["p1"], jht(kpj=leaver.kpj))
    worker = make_worker(employer_npp=employer.npp, start_date=date(2018, 1, 2))
    second = claims.log_claim(
        db, staff["p2"],
        ClaimInput(kpj=worker.kpj, claim_type=ClaimType.JKK, event_date=date(2018, 4, 2), submitted_on=date(2018, 4, 3),
                   received=("FORM_KK1", "ABSENSI", "KTP", "KARTU_KPJ", "KRONOLOGI", "BUKU_TABUNGAN")),
    )  # fmt: skip
    claims.move_claim(db, staff["p2"], second.claim_no, S.VERIFIKASI, on_date=date(2018, 4, 4))

    def numbers(**kwargs):
        query = ClaimQuery(db, ClaimFilter(**kwargs), on=date(2018, 4, 20))
        rows = query.page(0, 50)
        assert query.count() == len(rows)
        return [r.claim_no for r in rows]

    assert numbers() == [second.claim_no, first.claim_no]  # oldest clock first
    assert numbers(state=S.VERIFIKASI) == [second.claim_no]
    assert numbers(programme=Programme.JHT) == [first.claim_no]
    assert numbers(officer_id=staff["p1"].user_id) == [first.claim_no]
    assert numbers(office_code="GRS") == [second.claim_no, first.claim_no]
    assert numbers(office_code="SDA") == []
    assert numbers(colour=SlaColour.JEDA) == [first.claim_no]  # waiting for documents
    assert numbers(colour=SlaColour.MERAH) == [second.claim_no]  # JKK: 12 working days > 7


def test_worklist_colours_in_sql_agree_with_each_rows_clock(demo_db):
    """On the demo: every row a colour filter returns shows that colour, and the colours of the
    open claims add up to all of them."""
    on = date(2018, 4, 30)
    total = ClaimQuery(demo_db, ClaimFilter(), on=on).count()
    assert total > 0
    seen = 0
    for colour in SlaColour:
        query = ClaimQuery(demo_db, ClaimFilter(colour=colour), on=on)
        rows = query.page(0, 1000)
        assert len(rows) == query.count()
        assert all(r.clock.colour is colour for r in rows), colour
        seen += len(rows)
    assert seen == total


def test_worklist_sorts_in_sql_and_pages(demo_db):
    """Pages follow each other without overlap in any sort order."""
    query = ClaimQuery(demo_db, ClaimFilter(open_only=False), on=date(2018, 4, 30))
    for key in ("claim_no", "submitted", "amount", "age"):
        first = query.page(0, 20, key, descending=True)
        second = query.page(20, 20, key, descending=True)
        assert not {r.claim_no for r in first} & {r.claim_no for r in second}
    ordered = query.page(0, 30, "claim_no")
    assert [r.claim_no for r in ordered] == sorted(r.claim_no for r in ordered)


@pytest.mark.parametrize("sort_key", ["age", "claim_no", "submitted", "type", "state", "amount"])
@pytest.mark.parametrize("descending", [False, True])
def test_worklist_read_by_key_shows_every_claim_once_in_order(demo_db, sort_key, descending):
    """Every claim of the demo, read 150 at a time from the key of the row above (as the list
    does while scrolling), once each, in the column's order; a jump (key of row n, then the
    page after it) lands on the same rows, and so does reading backwards from the end."""
    query = ClaimQuery(demo_db, ClaimFilter(open_only=False), on=date(2018, 4, 30))
    total = query.count()
    assert total > 450  # several pages
    rows, key = [], None
    while page := query.rows_after(key, 150, sort_key, descending):
        rows += page
        key = query.key_of(page[-1], sort_key)
    assert len(rows) == total == len({r.claim_no for r in rows})
    values = [query.key_of(r, sort_key) for r in rows]
    assert values == sorted(values, reverse=descending)
    assert query.page(300, 150, sort_key, descending) == rows[300:450]
    assert query.rows_before(None, 150, sort_key, descending) == rows[-150:]


def test_worklist_default_order_is_the_day_the_clock_started(
    db, admin, staff, employer, leaver, make_worker
):
    """Oldest clock first: the day the last document came in, else the submission day. A claim
    logged first but completed later moves behind one logged later with every document."""
    codes = ("KARTU_KPJ", "KTP", "KK", "PAKLARING", "BUKU_TABUNGAN")
    first = claims.log_claim(
        db, staff["p1"], jht(kpj=leaver.kpj, submitted=date(2018, 4, 2), received=codes[:2])
    )
    other = make_worker(employer_npp=employer.npp, start_date=date(2018, 1, 2))
    worker_registry.end_membership(db, admin, other.kpj, RESIGNED, EndReason.MENGUNDURKAN_DIRI)
    second = claims.log_claim(
        db, staff["p1"], jht(kpj=other.kpj, submitted=date(2018, 4, 3), received=codes)
    )
    query = ClaimQuery(db, ClaimFilter(), on=date(2018, 4, 20))
    assert [r.claim_no for r in query.rows_after(None, 10)] == [first.claim_no, second.claim_no]
    for code in codes[2:]:
        claims.receive_document(db, staff["p1"], first.claim_no, code, received_on=date(2018, 4, 5))
    rows = ClaimQuery(db, ClaimFilter(), on=date(2018, 4, 20)).rows_after(None, 10)
    assert [(r.claim_no, r.clock_from) for r in rows] == [
        (second.claim_no, date(2018, 4, 3)),
        (first.claim_no, date(2018, 4, 5)),
    ]


# --- paper --------------------------------------------------------------------------------------


def test_receipt_names_office_member_documents_and_limit(db, staff, leaver):
    """The receipt: office letterhead, claim number, masked NIK, each document, the 5-day promise."""
    row = claims.log_claim(db, staff["p1"], jht(kpj=leaver.kpj, received=("KTP",)))
    html = claims.receipt_html(db, row.claim_no)
    assert "KC Gresik" in html
    assert row.claim_no in html
    assert leaver.nik not in html and leaver.nik[:4] + "********" + leaver.nik[-4:] in html
    assert "belum diterima" in html
    assert "5 hari kerja" in html
    assert "******6789" in html


def test_decision_letter_only_after_a_decision_and_with_its_breakdown(db, staff, leaver):
    """No letter for an undecided claim; once decided it states the amount and how."""
    row = claims.log_claim(db, staff["p1"], jht(kpj=leaver.kpj))
    with pytest.raises(ConflictError):
        claims.decision_letter_html(db, row.claim_no)
    receive_all(db, staff["p1"], row.claim_no)
    claims.move_claim(db, staff["p1"], row.claim_no, S.VERIFIKASI, on_date=date(2018, 4, 11))
    decided = claims.move_claim(
        db, staff["p2"], row.claim_no, S.DITETAPKAN, on_date=date(2018, 4, 12)
    )
    html = claims.decision_letter_html(db, row.claim_no)
    assert "Surat Penetapan Manfaat" in html
    assert f"PTP/{row.claim_no}" in html
    assert "Iuran JHT 2 bulan" in html
    from bpjs_desktop.domain.money import format_rupiah

    assert format_rupiah(decided.amount) in html


def test_every_desk_write_is_one_audit_event(db, staff, leaver):
    """Log, tick, attach and move: one audit event each."""
    before = count(db, AuditEvent)
    row = claims.log_claim(db, staff["p1"], jht(kpj=leaver.kpj))
    claims.receive_document(db, staff["p1"], row.claim_no, "KTP")
    claims.attach_file(
        db, staff["p1"], row.claim_no, file_name="kk.png", content=b"\x89PNG", document_code="KK"
    )
    claims.move_claim(db, staff["p1"], row.claim_no, S.VERIFIKASI)
    with db.read() as session:
        actions = list(
            session.scalars(
                select(AuditEvent.action).where(AuditEvent.id > before).order_by(AuditEvent.id)
            )
        )
    assert actions == ["claim.log", "claim.document", "claim.attach", "claim.move"]


def test_a_claim_from_before_the_service_level_rules_shows_without_a_limit(demo_db):
    """A 2013 claim (PT Jamsostek, before the SLA table's first rule of 1 January 2014) opens,
    lists and prints: its clock counts working days but judges nothing (it used to fail).

    The small demo need not hold one, so a paid claim of the demo is dated back to November
    2013, as an office's records of PT Jamsostek's last months are."""
    with demo_db.write() as session:
        claim = session.scalars(
            select(Claim).where(Claim.state == ClaimState.DIBAYAR).order_by(Claim.claim_no)
        ).first()
        assert claim is not None
        claim.event_date, claim.submitted_on = date(2013, 10, 31), date(2013, 11, 4)
        claim.docs_complete_on = claim.decided_on = date(2013, 11, 11)
        claim.paid_on = date(2013, 11, 18)
        old = claim.claim_no
    view = claims.claim_view(demo_db, old)
    assert view.clock.limit is None and view.clock.colour is None and not view.clock.late
    assert "tidak ada batas layanan" in view.clock.text
    assert old in claims.receipt_html(demo_db, old)
    query = ClaimQuery(demo_db, ClaimFilter(open_only=False))
    rows = query.page(0, query.count(), "submitted")
    listed = [r for r in rows if r.claim_no == old]
    assert listed and listed[0].clock.limit is None
