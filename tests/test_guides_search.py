"""Search: accent- and case-insensitive in both languages, ranked, with highlighted snippets."""

import pytest

from tests.test_guides_markdown import write
from toolkit.guides.library import Library, bundled_library
from toolkit.guides.search import SearchIndex, fold, terms


@pytest.fixture(scope="module")
def index():
    return SearchIndex(bundled_library())


def highlighted(snippet) -> list[str]:
    return [snippet.text[a:b] for a, b in snippet.spans]


def test_folding_removes_accents_case_and_punctuation():
    assert fold("Sécurité, BIEN-ÊTRE; Œuvre") == "securite  bien etre  oeuvre"
    assert terms("  L'équipe  d'Aînés ") == ["equipe", "aines"]


@pytest.mark.parametrize("query", ["securite", "SÉCURITÉ", "Securité", "sécu"])
def test_french_words_are_found_without_accents_or_case(index, query):
    results = index.search(query, prefer="fr")
    assert results and all(r.lang == "fr" for r in results[:5])
    words = highlighted(results[0].snippet) + highlighted(results[0].title)
    assert words and all(fold(w).startswith("secu") for w in words)


def test_english_is_searched_too_and_case_does_not_matter(index):
    results = index.search("ELDERS", prefer="en")
    assert results[0].slug == "engaging-indigenous-partners"
    assert results[0].lang == "en"
    assert "Elders" in highlighted(results[0].title)


def test_ligature_and_accented_french_words(index):
    results = index.search("oeuvre", lang="fr")
    assert results
    assert any(fold(w) == "oeuvre" for r in results for w in highlighted(r.snippet))
    aines = index.search("aines", lang="fr")
    assert aines[0].slug == "engaging-indigenous-partners"  # "Aînés" is in its title


@pytest.mark.parametrize("query, slug", [
    ("logic model", "logic-model"), ("modele logique", "logic-model"),
    ("glossaire", "glossary"), ("rural", "rural-crime-prevention"),
    ("sign-in", "sign-in-sheet"), ("evaluation", "monitoring-and-evaluation"),
])
def test_a_title_match_ranks_first(index, query, slug):
    results = index.search(query)
    assert results[0].slug == slug
    title_terms = [r.score[0] for r in results]
    assert title_terms == sorted(title_terms, reverse=True)


def test_every_term_must_match(index):
    both = {r.slug for r in index.search("youth elders")}
    youth = {r.slug for r in index.search("youth")}
    elders = {r.slug for r in index.search("elders")}
    assert both == youth & elders and both


def test_more_hits_rank_higher_and_title_beats_body(tmp_path):
    write(tmp_path, "en", "once", "A garden here.", title="Alpha")
    write(tmp_path, "en", "thrice", "Garden, garden and a garden.", title="Beta")
    write(tmp_path, "en", "titled", "Nothing else.", title="Garden plots")
    for slug in ("once", "thrice", "titled"):
        write(tmp_path, "fr", slug, "Rien.", title="Rien")
    results = SearchIndex(Library.load(tmp_path)).search("garden")
    assert [r.slug for r in results] == ["titled", "thrice", "once"]


def test_preferred_language_is_shown_when_both_match(index):
    assert index.search("OCAP", prefer="fr")[0].lang == "fr"
    assert index.search("OCAP", prefer="en")[0].lang == "en"


def test_snippets_are_short_and_marked(index):
    result = index.search("consent")[0]
    assert len(result.snippet.text) <= 170
    marked = result.snippet.marked("<", ">")
    assert "<" in marked and fold(marked[marked.index("<") + 1:]).startswith("consent")


def test_nothing_found_and_empty_query(index):
    assert index.search("zzqx") == []
    assert index.search("   ") == []
    assert index.search("!!!") == []
