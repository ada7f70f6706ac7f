"""`python -m bench` (or `make bench`): run every benchmark, or those named on the line."""

import importlib
import sys

BENCHMARKS = ["bench_store", "bench_open", "bench_sqlite_utils", "bench_answers", "bench_startup",
              "bench_guides", "bench_reports", "bench_exchange", "bench_frozen"]


def main() -> int:
    names = sys.argv[1:] or BENCHMARKS
    for name in names:
        print(f"== {name}")
        importlib.import_module(f"bench.{name}").main()
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
