"""The pure domain: what a task, a deadline, an agency and a status are, and how rows become
tasks with a status as of a date. Values in, values out: no file, network, UI or clock.

Nothing here imports another tracker sub-package. `table` (the pandas task table) is imported
on its own by the outputs that need it, so that commands which
do not need it pay nothing for pandas.
"""
