"""The baseline of bench_status.py: a bare python-calamine read of every tab of a workbook.

python benchmarks/bare_read.py FILE.xlsx
"""

import sys

from python_calamine import CalamineWorkbook

book = CalamineWorkbook.from_path(sys.argv[1])
for name in book.sheet_names:
    book.get_sheet_by_name(name).to_python(skip_empty_area=False)
