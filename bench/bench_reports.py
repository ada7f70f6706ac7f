"""Report cost must come from layout, not from the number of respondents.

Builds the bilingual summary report (tallying included) for 10 and for 1,000 generated
respondents of the local diagnosis and prints the ratio (target: within 1.3x). Also prints
what importing reportlab costs, which the app pays only when a report is first made.
"""

import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from toolkit.analysis import summarise
from toolkit.demo import generate_answers
from toolkit.questionnaire import bundled_instrument
from toolkit.reports.summary import Part, ReportOptions, part_breakdowns, render_summary_report
from toolkit.sessions import Session

ROUNDS = 3
PAGES: dict[int, int] = {}


def fake_session(count: int) -> Session:
    return Session("bench", "c", "Birch Lake", "h", "local-diagnosis", "Bench", "2026-11-01",
                   "Hall", "", "facilitator", "en", "closed", None, "", 1, count, count)


def one_report(answers: dict, folder: Path) -> float:
    instrument = bundled_instrument("local-diagnosis")
    # Threshold 1: both reports show the same questions, so the comparison is about data
    # size alone (with 5, the 10-person report would hide the follow-up questions and have
    # less to lay out). Threshold 1 is below what outputs allow (disclosure.MIN_THRESHOLD);
    # render_summary_report lays out what it is given, so the benchmark may.
    options = ReportOptions(lang="bilingual", threshold=1)
    start = time.perf_counter()
    summary = summarise(instrument, answers, options.threshold)
    part = Part(instrument, [fake_session(len(answers))], summary, answers={"bench": answers},
                summaries=[summary])
    part.breakdowns = part_breakdowns(part, options.threshold)  # the disclosure rules' work
    result = render_summary_report([part], folder / "bench.pdf", options)
    elapsed = time.perf_counter() - start
    assert result.pages > 5
    PAGES[len(answers)] = result.pages
    return elapsed


def main() -> None:
    instrument = bundled_instrument("local-diagnosis")
    rng = random.Random(7)
    people = {n: {f"r{i}": generate_answers(instrument, rng, "en") for i in range(n)}
              for n in (10, 1000)}
    with tempfile.TemporaryDirectory() as tmp:
        one_report(people[10], Path(tmp))  # warm-up: fonts, imports
        times = {n: statistics.median(one_report(people[n], Path(tmp)) for _ in range(ROUNDS))
                 for n in people}
    for n, t in times.items():
        print(f"bilingual report, {n:>5} respondents: {t * 1e3:7.0f} ms, {PAGES[n]} pages")
    print(f"ratio 1000/10: {times[1000] / times[10]:.2f}x (target <= 1.30x)")
    code = "import time; t = time.perf_counter(); import reportlab.platypus, " \
           "reportlab.graphics.shapes; print(time.perf_counter() - t)"
    cost = float(subprocess.run([sys.executable, "-c", code], capture_output=True,
                                text=True).stdout)
    print(f"importing reportlab: {cost * 1e3:.0f} ms (paid when the first report is made, "
          f"never at start-up)")
