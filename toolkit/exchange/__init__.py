"""Moving data in and out by file: CSV of responses (and, later, export packages)."""
