"""Printable documents (reportlab): session and community summary reports, blank paper forms.

Nothing here imports Qt. reportlab is imported only when this package is, and the app
imports it only when a report is made, so start-up never pays for it.
"""
