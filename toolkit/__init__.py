"""CCSC community safety and well-being toolkit: offline, bilingual, local-first."""

__version__ = "0.1.0"
APP_NAME = "CCSC Toolkit"
