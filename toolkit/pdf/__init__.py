"""PDF building blocks shared by reports, printed forms and printed guides (reportlab)."""
