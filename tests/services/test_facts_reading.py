"""The monthly facts as the overview and the export read them (issue #14), on the small demo.

The facts are the monthly summary's own rows; these tests check that reading a month from them
gives the very summary the records give, that several months computed at once are each the month
computed alone, and that stale facts are never exported.
"""

from __future__ import annotations

from datetime import date

from bpjs_desktop.db.engine import Database
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.services import audit, facts, reports
from bpjs_desktop.services.context import Actor

APRIL = Period(2018, 4)
YEAR_2018 = [Period(2017, 12)] + [Period(2018, m) for m in range(1, 5)]


def _branch(db: Database) -> str:
    return next(o.code for o in reports.list_offices(db) if o.kind == "KC")


def test_months_computed_together_equal_each_month_computed_alone(demo_db: Database) -> None:
    together = reports.monthly_summaries(demo_db, [Period(2017, 11), *YEAR_2018])
    for period, summary in together.items():
        assert summary == reports.monthly_summaries(demo_db, [period])[period], period
    branch = _branch(demo_db)
    together = reports.monthly_summaries(demo_db, YEAR_2018, branch)
    for period in YEAR_2018:
        assert together[period] == reports.monthly_summary(demo_db, period, branch)


def test_fresh_facts_give_the_summary_of_the_records(demo_db: Database) -> None:
    facts.rebuild_facts(demo_db, 2018)
    for office in (None, _branch(demo_db)):
        for period in (Period(2017, 12), Period(2018, 1), APRIL):
            from_facts = facts.facts_summary(demo_db, period, office)
            assert from_facts == reports.report_summary(demo_db, period, office)
            assert facts.reported_summary(demo_db, period, office) == from_facts


def test_stale_facts_are_shown_but_never_exported(demo_db: Database, tmp_path) -> None:
    facts.rebuild_facts(demo_db, 2018)
    with demo_db.write() as session:  # a write that can change a figure, after the facts
        audit.record(session, Actor.command_line(), "worker.register", "membership", "0", "")
    assert facts.facts_summary(demo_db, APRIL) is None
    shown = facts.summary_to_show(demo_db, APRIL)
    assert shown.stale_year == 2018
    assert shown.summary == facts.facts_summary(demo_db, APRIL, fresh_only=False)
    exported = reports.export_monthly(demo_db, Actor.command_line(), APRIL, tmp_path / "a.xlsx")
    assert exported == reports.report_summary(demo_db, APRIL)


def test_a_month_the_facts_do_not_hold_is_read_from_the_records(demo_db: Database) -> None:
    facts.rebuild_facts(demo_db, 2018)
    june = Period(2017, 6)
    assert facts.facts_summary(demo_db, june) is None
    shown = facts.summary_to_show(demo_db, june)
    assert shown.stale_year is None
    assert shown.summary == reports.report_summary(demo_db, june)
    assert shown.summary.month_end == date(2017, 6, 30)
