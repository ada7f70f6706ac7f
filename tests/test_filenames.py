"""Suggested file names are valid on Windows, macOS and Linux (Hypothesis over any text)."""

import re

from hypothesis import given
from hypothesis import strategies as st

from toolkit.filenames import suggested_name

WINDOWS_RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM[1-9¹²³]|LPT[1-9¹²³])(\..*)?$", re.I)


def valid_everywhere(name: str) -> bool:
    return (bool(name) and not re.search(r'[\\/:*?"<>|\x00-\x1f]', name)
            and not name.endswith((".", " ")) and not name.startswith((".", " "))
            and not WINDOWS_RESERVED.match(name) and len(name.encode()) <= 255)


def test_community_names_keep_their_letters():
    assert suggested_name("Kahnawà:ke", "2026-11-14", suffix=".csv") == "Kahnawà-ke-2026-11-14.csv"
    assert suggested_name("ᐃᖃᓗᐃᑦ", suffix=".xlsx") == "ᐃᖃᓗᐃᑦ.xlsx"
    assert suggested_name("Łutsël K'é", "fr", suffix=".pdf") == "Łutsël-K'é-fr.pdf"
    assert suggested_name("CON", suffix=".csv", fallback="responses") == "CON-responses.csv"
    assert suggested_name("...", " ", suffix=".csv", fallback="responses") == "responses.csv"
    assert suggested_name("a\u202eb?", suffix=".csv") == "ab.csv"


@given(st.lists(st.text(), min_size=1, max_size=3), st.sampled_from([".csv", ".xlsx", ".pdf",
                                                                      ".ccsc"]))
def test_every_suggested_name_is_valid_everywhere(parts, suffix):
    name = suggested_name(*parts, suffix=suffix)
    assert valid_everywhere(name) and name.endswith(suffix)
    assert valid_everywhere(name[: -len(suffix)])
