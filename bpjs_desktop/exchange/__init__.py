"""File formats in and out: the monthly Excel workbook, and (later) worker-list imports."""
