from datetime import date

from bpjs_desktop.domain.periods import Period
from bpjs_desktop.services import reports


def test_registered_worker_counts_in_the_monthly_summary(db, make_employer, make_worker):
    """A wage earner registered under a Gresik employer shows in that office's April figures."""
    employer = make_employer()
    make_worker(employer_npp=employer.npp, start_date=date(2018, 4, 2))
    summary = reports.monthly_summary(db, Period(2018, 4))
    gresik = next(r for r in summary.rows if r.office_code == "GRS")
    assert gresik.employers_active == 1
    assert gresik.workers_pu == 1
    assert summary.total.workers_total == 1
