"""Reporting on a results document: unit and county metrics, and the 评查结果.xlsx workbook."""
