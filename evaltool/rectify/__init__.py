"""Rectification (整改): the ledger sent to units, the ledgers they return, and the follow-up check.

- ``ledger``: build the 整改台账 from a results document and write it as xlsx;
- ``reading``: read a returned ledger back, locating every bad value to its cell;
- ``status``: 整改率, overdue items and flags over several returned ledgers;
- ``report``: the status report as a terminal table, JSON and xlsx;
- ``counts``: the three counts kept apart (建议, 问题, 整改到位) for summaries;
- ``verify``: 回头看, re-running the automatic checks on corrected registers.

See docs/rectification.md.
"""
