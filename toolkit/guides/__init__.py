"""Guides, worksheets and the glossary: bundled Markdown content, search, HTML and PDF."""

from toolkit.guides.library import (
    LANGS,
    GuideError,
    Library,
    Piece,
    UnknownGuideError,
    bundled_library,
    kind_name,
    tag_name,
)

__all__ = ["LANGS", "GuideError", "Library", "Piece", "UnknownGuideError", "bundled_library",
           "kind_name", "tag_name"]
