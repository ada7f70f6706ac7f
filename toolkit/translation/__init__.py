"""A language's translation as a community translator makes it: every string to translate
(strings.py), the workbook they fill in any spreadsheet and its checks (workbook.py), and
the translation's files in the data folder (files.py)."""
