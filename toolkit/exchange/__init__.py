"""Moving data in and out by file: CSV of responses, and exchange packages (.ccsc) between a
community's laptop and the CCSC hub (package, export, importer, summaries, hub)."""
