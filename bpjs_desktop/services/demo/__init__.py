"""A deterministic synthetic Kanwil Jawa Timur, as of 30 April 2018 by default.

At ``scale=1`` the monthly summary of the as-of month, computed from the generated *records* (not
stored totals), reproduces every figure of the April 2018 press report (seed-article.txt; S1):
63,195 active employers; 2.65 million active workers (PU 1.67 million, BPU 257 thousand, Jakon
720 thousand); 205 Perisai agents who recruited 3,413 workers; claims paid to April: 87,067
cases, Rp874.6 billion (JHT 72,701 / Rp792.5 bn, JKM 1,043 / Rp29 bn, JKK 8,340 / Rp47 bn,
JP 4,983 / Rp5.3 bn); arrears target 4,550 employers, 1,527 collected. At a smaller scale every
count is the scaled figure, rounded half up.

The records around those figures are made to be plausible and consistent with the rules: valid
NIKs of Jawa Timur regencies, wages from the regional minimum, bills computed per worker by the
contribution rules, payments allocated to bills, claims with their state history, arrears cases
with a follow-up timeline. Rows are written in bulk (not through the per-record services, which
would take hours at this size) inside one transaction on a temporary file that is renamed into
place only when complete: a cancelled or failed run leaves nothing behind.
"""
