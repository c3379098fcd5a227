"""The reviewer's workflow: sampling, scoring workbooks, reading marks, cross-review, waivers.

Data flow: ``sample`` picks files; ``plan`` says which rows of the scoring workbook each file
has and which need a reviewer; ``sheet`` writes the workbook (``printable`` a printed 评分表 per file); ``marks`` reads it back;
``merge`` combines automatic findings, reviewers' marks, 复核 decisions (``resolve``) and
waivers into findings that ``evaltool.score.case`` scores; ``workflow`` ties the steps together.
"""
