"""Office settings on a real database: the letterhead printed on the claim and arrears papers,
the office's own service-level limits in the claims worklist, the holidays in the working-day
clocks; who may change what, refusals that change nothing, and one audit event per change."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import select

from bpjs_desktop.db.models import (
    AuditEvent,
    EndReason,
    FollowUp,
    FollowUpKind,
    Holiday,
    Office,
    Role,
    Setting,
)
from bpjs_desktop.domain.claim_details import JhtDetail, JhtGround
from bpjs_desktop.domain.claims import ClaimType
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.service_level import SlaColour
from bpjs_desktop.errors import NotFoundError, PermissionDeniedError, ValidationError
from bpjs_desktop.exchange.documents import Letterhead, page
from bpjs_desktop.i18n import set_language
from bpjs_desktop.services import arrears, audit, claims, contributions, worker_registry
from bpjs_desktop.services import office_settings as settings
from bpjs_desktop.services.arrears import FollowUpInput
from bpjs_desktop.services.arrears_letters import warning_letter_document
from bpjs_desktop.services.claims import ClaimFilter, ClaimInput, ClaimQuery
from bpjs_desktop.services.context import allowed
from bpjs_desktop.services.office_settings import LetterheadInput

ADDRESS = "Jl. Dr. Wahidin Sudirohusodo No. 700, Gresik"
PHONE = "(031) 3981234"
REGION = "Deputi Direktur Wilayah Jawa Timur"
FOOTER = "Pengaduan: 175 atau grs@bpjsketenagakerjaan.go.id"
ALL_DOCUMENTS = ("KARTU_KPJ", "KTP", "KK", "PAKLARING", "BUKU_TABUNGAN")
COMPLETE = date(2018, 4, 10)  # a Tuesday: the JHT claim is logged with every document


def text_of(document: str) -> str:
    """What a reader sees of an HTML paper: the text without tags, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", document)).split())


def snapshot(db) -> dict[str, object]:
    """Everything the settings may touch, and the length of the audit trail."""
    with db.read() as session:
        return {
            "offices": sorted(session.execute(select(Office.code, Office.address, Office.phone))),
            "settings": sorted(session.execute(select(Setting.key, Setting.value))),
            "holidays": sorted(session.execute(select(Holiday.day, Holiday.name))),
            "events": len(session.scalars(select(AuditEvent.id)).all()),
        }


def events(db, since: int) -> list[tuple[str, str, str, dict[str, object]]]:
    with db.read() as session:
        rows = session.execute(
            select(AuditEvent.action, AuditEvent.entity, AuditEvent.entity_id, AuditEvent.detail)
            .where(AuditEvent.id > since)
            .order_by(AuditEvent.id)
        )
        return [(a, e, k, json.loads(d)) for a, e, k, d in rows]


def last_event_id(db) -> int:
    with db.read() as session:
        return max(session.scalars(select(AuditEvent.id)).all(), default=0)


@pytest.fixture(autouse=True)
def _offices_restored(db) -> Iterator[None]:
    """Put every office's address and phone back after the test: the PostgreSQL fixture keeps
    the ``office`` table from test to test (it is reference data from the migrations)."""
    with db.read() as session:
        kept = list(session.execute(select(Office.id, Office.address, Office.phone)))
    yield
    with db.write() as session:
        for office_id, address, phone in kept:
            office = session.get(Office, office_id)
            assert office is not None
            office.address, office.phone = address, phone


@pytest.fixture
def heads(make_user):
    """The head of KC Gresik, the head of the regional office, and a front-office officer."""
    return {
        "grs": make_user(Role.KEPALA, "GRS", "kepala.grs"),
        "jtm": make_user(Role.KEPALA, "JTM", "kepala.jtm"),
        "pelayanan": make_user(Role.PELAYANAN, "GRS", "pelayanan.grs"),
    }


@pytest.fixture
def jht_claim(db, admin, heads, make_employer, make_worker) -> str:
    """A JHT claim of a Gresik leaver logged on Tue 10/04/2018 with every document: its clock
    counts from that day (5 working days by rule)."""
    employer = make_employer(office_code="GRS")
    worker = make_worker(employer_npp=employer.npp, start_date=date(2018, 1, 2))
    worker_registry.end_membership(
        db, admin, worker.kpj, date(2018, 2, 28), EndReason.MENGUNDURKAN_DIRI
    )
    row = claims.log_claim(
        db,
        heads["pelayanan"],
        ClaimInput(
            kpj=worker.kpj,
            claim_type=ClaimType.JHT_PENUH,
            event_date=date(2018, 2, 28),
            submitted_on=COMPLETE,
            reason="Mengundurkan diri",
            bank_name="BNI",
            bank_account="0123456789",
            detail=JhtDetail(JhtGround.MENGUNDURKAN_DIRI),
            received=ALL_DOCUMENTS,
        ),
    )
    return row.claim_no


@pytest.fixture
def warning_letter_id(db, admin, make_employer, make_worker) -> int:
    """A first warning letter of 02/05/2018 to a Gresik employer owing February–April 2018."""
    employer = make_employer(name="PT PENUNGGAK", office_code="GRS")
    make_worker(employer_npp=employer.npp, start_date=date(2018, 1, 2))
    for month in (2, 3, 4):
        contributions.bill_month(db, admin, employer.npp, Period(2018, month))
    case = arrears.open_case(db, admin, employer.npp, target_year=2018, opened_on=date(2018, 4, 20))
    arrears.record_follow_up(
        db, admin, case.id, FollowUpInput(FollowUpKind.SURAT_1, date(2018, 5, 2))
    )
    with db.read() as session:
        return session.scalar(select(FollowUp.id).where(FollowUp.case_id == case.id))


def worklist_row(db, claim_no: str, on: date):
    rows = ClaimQuery(db, ClaimFilter(), on=on).page(0, 50)
    return next(r for r in rows if r.claim_no == claim_no)


# --- the letterhead on the papers ----------------------------------------------------------------


def test_saved_letterhead_is_printed_on_the_claim_receipt_and_the_warning_letter(
    db, heads, jht_claim, warning_letter_id
):
    """The head of Gresik saves the office's address and phone, a region line and a footer: the
    claim receipt shows all four, the arrears warning letter the same letterhead (its region
    line too, which it ignored before)."""
    saved = settings.set_letterhead(
        db, heads["grs"], LetterheadInput("grs", ADDRESS, PHONE, REGION, FOOTER)
    )
    assert (saved.office_name, saved.address, saved.phone) == ("KC Gresik", ADDRESS, PHONE)
    assert (saved.region, saved.footer) == (REGION, FOOTER)

    receipt = text_of(claims.receipt_html(db, jht_claim))
    assert f"{REGION} · KC Gresik" in receipt
    assert f"{ADDRESS} · {PHONE}" in receipt
    assert FOOTER in receipt

    letter = text_of(warning_letter_document(db, warning_letter_id))
    assert f"{REGION} · KC Gresik" in letter
    assert f"{ADDRESS} · {PHONE}" in letter


def test_empty_lines_print_the_defaults_in_indonesian_whatever_the_window_language(
    db, heads, jht_claim
):
    """A region line and footer cleared again print the parent office and the public line, and
    the papers stay Indonesian when the window speaks English."""
    settings.set_letterhead(
        db, heads["grs"], LetterheadInput("GRS", ADDRESS, PHONE, REGION, FOOTER)
    )
    settings.set_letterhead(db, heads["grs"], LetterheadInput("GRS", ADDRESS, PHONE, "", ""))
    with db.read() as session:
        keys = set(session.scalars(select(Setting.key)))
    assert not keys & {settings.LETTERHEAD_REGION, settings.LETTERHEAD_FOOTER}
    set_language("en")
    receipt = text_of(claims.receipt_html(db, jht_claim))
    assert "Kantor Wilayah Jawa Timur · KC Gresik" in receipt
    assert "Layanan masyarakat BPJS Ketenagakerjaan: 175" in receipt
    stored = settings.letterhead(db, "GRS")
    assert (stored.region, stored.default_region) == ("", "Kantor Wilayah Jawa Timur")
    assert (stored.footer, stored.default_footer) == ("", settings.DEFAULT_FOOTER)


def test_spaces_are_tidied_and_an_unchanged_letterhead_records_nothing(db, heads):
    """Leading, trailing and doubled spaces are dropped; saving the same again writes nothing."""
    settings.set_letterhead(
        db,
        heads["grs"],
        LetterheadInput("GRS", f"  {ADDRESS.replace(' ', '  ')} ", " 031 398 1234"),
    )
    stored = settings.letterhead(db, "GRS")
    assert (stored.address, stored.phone) == (ADDRESS, "031 398 1234")
    before = snapshot(db)
    settings.set_letterhead(db, heads["grs"], LetterheadInput("GRS", ADDRESS, "031 398 1234"))
    assert snapshot(db) == before


@pytest.mark.parametrize(
    ("address", "phone", "region", "field", "message"),
    [
        (ADDRESS, "abc", "", "phone", "Telepon hanya boleh berisi angka"),
        (ADDRESS, "031-39x", "", "phone", "bukan '031-39x'"),
        (ADDRESS, "(031)", "", "phone", "Telepon terlalu pendek: 3 angka, paling sedikit 5"),
        (ADDRESS, "0" * 41, "", "phone", "Telepon terlalu panjang: 41 karakter, paling banyak 40"),
        (
            "J" * 201,
            PHONE,
            "",
            "address",
            "Alamat terlalu panjang: 201 karakter, paling banyak 200",
        ),
        (ADDRESS, PHONE, "W" * 121, "region", "Baris wilayah terlalu panjang: 121 karakter"),
    ],
)
def test_bad_letterhead_is_refused_and_changes_nothing(
    db, heads, address, phone, region, field, message
):
    """A phone that is no phone number, or a line longer than the paper holds, names its field."""
    before = snapshot(db)
    with pytest.raises(ValidationError) as refused:
        settings.set_letterhead(db, heads["grs"], LetterheadInput("GRS", address, phone, region))
    assert refused.value.field == field
    assert message in refused.value.message
    assert snapshot(db) == before


def test_every_problem_of_the_letterhead_is_named_at_once(db, heads):
    before = snapshot(db)
    with pytest.raises(ValidationError) as refused:
        settings.set_letterhead(db, heads["grs"], LetterheadInput("GRS", "J" * 201, "abc"))
    assert [e.field for e in refused.value.errors] == ["address", "phone"]
    assert snapshot(db) == before


def test_unknown_office_is_refused(db, admin):
    with pytest.raises(ValidationError) as refused:
        settings.set_letterhead(db, admin, LetterheadInput("XYZ", ADDRESS, PHONE))
    assert refused.value.field == "office"
    assert "XYZ tidak ada" in refused.value.message


# --- who may ---------------------------------------------------------------------------------------


def test_a_branch_head_may_not_change_another_office(db, heads):
    """The head of Gresik cannot change Sidoarjo's address; nothing is written."""
    before = snapshot(db)
    with pytest.raises(PermissionDeniedError) as refused:
        settings.set_letterhead(db, heads["grs"], LetterheadInput("SDA", ADDRESS, PHONE))
    assert "hanya dapat mengubah alamat dan telepon kantornya sendiri" in refused.value.message
    assert snapshot(db) == before


def test_the_regional_head_and_the_administrator_change_any_office(db, admin, heads):
    settings.set_letterhead(db, heads["jtm"], LetterheadInput("SDA", "Jl. Sidoarjo 1", PHONE))
    settings.set_letterhead(db, admin, LetterheadInput("GRS", ADDRESS, PHONE))
    assert settings.letterhead(db, "SDA").address == "Jl. Sidoarjo 1"
    assert settings.letterhead(db, "GRS").address == ADDRESS


def test_the_office_chooser_lists_what_each_head_may_change(db, admin, heads):
    everyone = [o.code for o in settings.letterhead_offices(db, admin)]
    assert everyone[0] == "JTM" and {"GRS", "SDA"} <= set(everyone)
    assert [o.code for o in settings.letterhead_offices(db, heads["jtm"])] == everyone
    assert [o.code for o in settings.letterhead_offices(db, heads["grs"])] == ["GRS"]
    assert allowed(heads["grs"], "office.settings") and allowed(admin, "office.settings")
    assert not allowed(heads["pelayanan"], "office.settings")


def test_front_office_staff_may_change_no_setting(db, heads):
    """Every write refuses the front-office role, before anything is written."""
    officer = heads["pelayanan"]
    before = snapshot(db)
    writes = [
        lambda: settings.set_letterhead(db, officer, LetterheadInput("GRS", ADDRESS, PHONE)),
        lambda: settings.set_sla_days(db, officer, {ClaimType.JKK: 10}),
        lambda: settings.add_holiday(db, officer, date(2018, 4, 12), "Libur kantor"),
        lambda: settings.remove_holiday(db, officer, date(2018, 8, 17)),
    ]
    for write in writes:
        with pytest.raises(PermissionDeniedError, match="mengubah pengaturan kantor"):
            write()
    assert snapshot(db) == before


# --- service-level limits ---------------------------------------------------------------------------


def test_an_office_limit_replaces_the_rule_in_the_worklist(db, heads, jht_claim):
    """JHT: 5 working days by rule, 3 used on Fri 13/04 (green). With the office's own 2 days the
    same claim is late (red); cleared again, the rule applies."""
    on = date(2018, 4, 13)
    row = worklist_row(db, jht_claim, on)
    assert (row.clock.limit, row.clock.elapsed, row.clock.colour) == (5, 3, SlaColour.HIJAU)

    rows = settings.set_sla_days(db, heads["grs"], {ClaimType.JHT_PENUH: " 2 ", ClaimType.JKK: ""})
    jht = next(r for r in rows if r.claim_type is ClaimType.JHT_PENUH)
    assert (jht.rule_days, jht.office_days, jht.days) == (5, 2, 2)
    assert all(r.office_days is None for r in rows if r.claim_type is not ClaimType.JHT_PENUH)
    row = worklist_row(db, jht_claim, on)
    assert (row.clock.limit, row.clock.colour) == (2, SlaColour.MERAH)
    assert [
        r.claim_no for r in ClaimQuery(db, ClaimFilter(colour=SlaColour.MERAH), on=on).page(0, 9)
    ] == [jht_claim]
    assert "2 hari kerja" in text_of(claims.receipt_html(db, jht_claim))

    settings.set_sla_days(db, heads["grs"], {})
    assert worklist_row(db, jht_claim, on).clock.limit == 5
    with db.read() as session:
        assert session.get(Setting, "sla_days") is None


def test_the_rule_and_the_office_value_of_every_claim_type(db, admin):
    settings.set_sla_days(db, admin, {ClaimType.JKK: 10, ClaimType.JKM: "1", ClaimType.JKP: "60"})
    rows = {r.claim_type: r for r in settings.sla_settings(db)}
    assert list(rows) == list(ClaimType)
    assert (rows[ClaimType.JKK].rule_days, rows[ClaimType.JKK].office_days) == (7, 10)
    assert (rows[ClaimType.JKM].office_days, rows[ClaimType.JKP].office_days) == (1, 60)
    assert rows[ClaimType.JHT_PENUH].office_days is None
    with db.read() as session:
        stored = json.loads(session.get(Setting, "sla_days").value)
    assert stored == {"JKK": 10, "JKM": 1, "JKP": 60}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "Batas JKK harus antara 1 dan 60 hari kerja, bukan 0"),
        ("61", "Batas JKK harus antara 1 dan 60 hari kerja, bukan 61"),
        (0, "bukan 0"),
        ("abc", "Batas JKK harus bilangan bulat hari kerja (1–60), bukan 'abc'"),
        ("-1", "bukan '-1'"),
        ("7,5", "bukan '7,5'"),
        ("٧", "bukan '٧'"),  # an Arabic-Indic seven: a digit to Python, not to the office
    ],
)
def test_a_limit_that_is_not_a_whole_number_from_1_to_60_is_refused(db, heads, value, message):
    before = snapshot(db)
    with pytest.raises(ValidationError) as refused:
        settings.set_sla_days(db, heads["grs"], {ClaimType.JHT_PENUH: "3", ClaimType.JKK: value})
    assert refused.value.field == "sla_JKK"
    assert message in refused.value.message
    assert snapshot(db) == before


def test_every_bad_limit_is_named_at_once(db, admin):
    with pytest.raises(ValidationError) as refused:
        settings.set_sla_days(db, admin, {ClaimType.JKP: "x", ClaimType.JHT_PENUH: "99"})
    assert [e.field for e in refused.value.errors] == ["sla_JHT_PENUH", "sla_JKP"]


# --- holidays ----------------------------------------------------------------------------------------


def test_a_new_holiday_shifts_the_working_days_of_a_clock(db, heads, jht_claim):
    """Complete on Tue 10/04/2018: on Fri 13/04 three working days are used. A holiday on Thu
    12/04 leaves two; removed again, three."""
    on = date(2018, 4, 13)
    assert claims.claim_view(db, jht_claim, today=on).clock.elapsed == 3
    added = settings.add_holiday(db, heads["grs"], date(2018, 4, 12), "  Libur  daerah ")
    assert added == settings.HolidayRow(date(2018, 4, 12), "Libur daerah")
    assert claims.claim_view(db, jht_claim, today=on).clock.elapsed == 2
    assert worklist_row(db, jht_claim, on).clock.elapsed == 2
    days = [h.day for h in settings.holidays(db, 2018)]
    assert date(2018, 4, 12) in days and days == sorted(days)
    assert all(d.year == 2018 for d in days)

    removed = settings.remove_holiday(db, heads["grs"], date(2018, 4, 12))
    assert removed.name == "Libur daerah"
    assert claims.claim_view(db, jht_claim, today=on).clock.elapsed == 3


@pytest.mark.parametrize(
    ("day", "name", "fields", "message"),
    [
        (
            date(2018, 8, 17),
            "Hari Kemerdekaan",
            ["day"],
            "Tanggal 17/08/2018 sudah menjadi hari libur",
        ),
        (None, "", ["day", "name"], "Tanggal hari libur wajib diisi"),
        (date(2018, 4, 12), "  ", ["name"], "Nama hari libur wajib diisi"),
        (date(1999, 12, 31), "Malam tahun baru", ["day"], "harus di tahun 2000–2100, bukan 1999"),
        (date(2101, 1, 1), "Tahun baru", ["day"], "bukan 2101"),
        (date(2018, 4, 12), "N" * 121, ["name"], "Nama hari libur terlalu panjang: 121 karakter"),
    ],
)
def test_a_bad_holiday_is_refused_and_changes_nothing(db, heads, day, name, fields, message):
    with db.write() as session:  # seeded by the migrations; the PostgreSQL fixture empties it
        if session.get(Holiday, date(2018, 8, 17)) is None:
            session.add(Holiday(day=date(2018, 8, 17), name=""))
    before = snapshot(db)
    with pytest.raises(ValidationError) as refused:
        settings.add_holiday(db, heads["grs"], day, name)
    assert [e.field for e in refused.value.errors] == fields
    assert message in refused.value.message
    assert snapshot(db) == before


def test_a_named_holiday_is_named_when_added_twice(db, admin):
    settings.add_holiday(db, admin, date(2018, 4, 12), "Libur daerah")
    with pytest.raises(ValidationError, match="12/04/2018 sudah menjadi hari libur: Libur daerah"):
        settings.add_holiday(db, admin, date(2018, 4, 12), "Lagi")


def test_removing_a_day_that_is_no_holiday_is_refused(db, admin):
    before = snapshot(db)
    with pytest.raises(NotFoundError, match="12/04/2018 bukan hari libur"):
        settings.remove_holiday(db, admin, date(2018, 4, 12))
    assert snapshot(db) == before


# --- the audit trail ---------------------------------------------------------------------------------


def test_every_change_is_one_audit_event_with_before_and_after(db, heads):
    """Letterhead, limits, a holiday added and removed: four events, each saying what was and
    what is; the chain still verifies."""
    start = last_event_id(db)
    settings.set_letterhead(db, heads["grs"], LetterheadInput("GRS", ADDRESS, PHONE, REGION))
    settings.set_sla_days(db, heads["grs"], {ClaimType.JKK: "10"})
    settings.add_holiday(db, heads["grs"], date(2018, 4, 12), "Libur daerah")
    settings.remove_holiday(db, heads["grs"], date(2018, 4, 12))
    assert events(db, start) == [
        ("office.letterhead", "office", "GRS", {
            "before": {"address": "", "phone": "", "region": "", "footer": ""},
            "after": {"address": ADDRESS, "phone": PHONE, "region": REGION, "footer": ""},
        }),
        ("office.sla_days", "setting", "sla_days", {"before": {}, "after": {"JKK": 10}}),
        ("holiday.add", "holiday", "2018-04-12", {
            "before": None, "after": {"day": "2018-04-12", "name": "Libur daerah"},
        }),
        ("holiday.remove", "holiday", "2018-04-12", {
            "before": {"day": "2018-04-12", "name": "Libur daerah"}, "after": None,
        }),
    ]  # fmt: skip
    assert audit.verify(db).ok


def test_unchanged_limits_record_nothing(db, admin):
    settings.set_sla_days(db, admin, {ClaimType.JKK: 10})
    before = snapshot(db)
    settings.set_sla_days(db, admin, {ClaimType.JKK: "10"})
    assert snapshot(db) == before


def test_the_regional_offices_own_papers_name_it_once() -> None:
    """The region line above the office name is left out where it is the office itself."""
    regional = Letterhead("Kantor Wilayah Jawa Timur", "Jl. Raya Darmo 1", "031-123")
    branch = Letterhead("KCP Jombang", "", "", "KC Mojokerto")

    assert text_of(page(regional, "Surat", "")).count("Kantor Wilayah Jawa Timur") == 1
    assert "KC Mojokerto · KCP Jombang" in text_of(page(branch, "Surat", ""))
