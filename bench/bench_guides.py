"""Guides: loading + index building at first use, and search latency as the user types.

Baselines measured in the same run:
- build: reading the raw Markdown files from disk (the least any loader must do);
- query: a bare case-sensitive `str.find` of the query in every raw text (no folding, no
  ranking, no snippets: the cheapest possible "search").
Target (issue 4): under 2 ms per query at the 95th percentile, in process.
"""

import statistics
import time

from toolkit.guides.library import CONTENT_DIR, LANGS, Library
from toolkit.guides.search import SearchIndex

WORDS = ["securite", "sécurité", "Elders", "aines", "plan d'action", "logic model",
         "consentement", "confidentialite", "youth violence", "benevoles", "OCAP", "évaluation",
         "rural crime", "indicateurs", "facilitator", "zzqx"]
ROUNDS = 20


def typed(word: str) -> list[str]:
    """What the search box holds after each keystroke."""
    return [word[:n] for n in range(1, len(word) + 1)]


def p95(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.95)]


def main() -> None:
    build, baseline_build = [], []
    for _ in range(5):
        start = time.perf_counter()
        raw = [p.read_text(encoding="utf-8") for lang in LANGS
               for p in sorted((CONTENT_DIR / lang).glob("*.md"))]
        baseline_build.append(time.perf_counter() - start)
        start = time.perf_counter()
        library = Library.load()
        loaded = time.perf_counter()
        index = SearchIndex(library)
        build.append((loaded - start, time.perf_counter() - loaded))
    load_ms = statistics.median(b[0] for b in build) * 1e3
    index_ms = statistics.median(b[1] for b in build) * 1e3
    base_ms = statistics.median(baseline_build) * 1e3
    print(f"load library {load_ms:7.2f} ms   build index {index_ms:6.2f} ms   "
          f"read files (baseline) {base_ms:5.2f} ms   ratio {(load_ms + index_ms) / base_ms:5.1f}x")

    queries = [q for word in WORDS for q in typed(word)]
    ours, bare = [], []
    for _ in range(ROUNDS):
        for query in queries:
            start = time.perf_counter()
            index.search(query, prefer="fr")
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            [text for text in raw if text.find(query) != -1]
            bare.append(time.perf_counter() - start)
    med, high = statistics.median(ours) * 1e3, p95(ours) * 1e3
    bmed, bhigh = statistics.median(bare) * 1e3, p95(bare) * 1e3
    verdict = "meets" if high < 2 else "MISSES"
    print(f"search ({len(queries)} keystrokes x {ROUNDS}): median {med:6.3f} ms  p95 {high:6.3f} ms"
          f"  ({verdict} the 2 ms target)")
    print(f"bare str.find (baseline):          median {bmed:6.3f} ms  p95 {bhigh:6.3f} ms"
          f"  ratio p95 {high / bhigh:5.1f}x")


if __name__ == "__main__":
    main()
