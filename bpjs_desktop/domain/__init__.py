"""Pure rules of BPJS Ketenagakerjaan: identifiers, contributions, benefits, claims, arrears.

No Qt, no SQLAlchemy, no I/O (checked by import-linter). Every rate and amount cites the
regulation it comes from, and rates are dated tables, because they change by period.
"""
