"""Benchmark of the scope parser: phrases per second, worst case, peak memory.

    python benchmarks/scope.py                 # 2,000 owners, 20,000 parses
    python benchmarks/scope.py --owners 20000  # a very large team

Parses a mix of realistic phrases, phrases with typos (which search for
close matches) and the longest text accepted (500 characters of scope
words), against a vocabulary of many owners. Prints the time per parse,
parses per second, the slowest parse and the peak resident memory. Not a
test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import resource
import time
from datetime import date

from lifebuoy.errors import ScopeError
from lifebuoy.planning.scope import Vocabulary, parse_scope
from lifebuoy.planning.scope_words import MAX_TEXT

AS_OF = date(2026, 12, 3)
PHRASES = [
    "Critical and High from last at-risk list",
    "accounts renewing in next 60 days with risk flags",
    "Enterprise at-risk accounts",
    "EMEA Mid-Market owned by Owner 17 Person renewing in Q1 with payment issues",
    "top 20 by ARR ARR over $50k renewing before 2027-03-31",
    "Enterprize at-risk acounts",
    "renwing in nxt 60 days",
    ("critical high with escalation renewing in Q4 " * 20)[:MAX_TEXT],
]


def vocabulary(owners: int) -> Vocabulary:
    return Vocabulary(
        segments=("Enterprise", "Mid-Market", "SMB"),
        regions=("EMEA", "North America", "APAC", "LATAM"),
        owners=tuple(f"Owner {number} Person" for number in range(owners)),
    )


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--owners", type=int, default=2000)
    options.add_argument("--parses", type=int, default=20000)
    args = options.parse_args()

    words = vocabulary(args.owners)
    parse_scope(PHRASES[0], vocabulary=words, as_of=AS_OF)  # grammar and index

    slowest = (0.0, "")
    started = time.perf_counter()
    for number in range(args.parses):
        text = PHRASES[number % len(PHRASES)]
        one = time.perf_counter()
        with contextlib.suppress(ScopeError):
            parse_scope(text, vocabulary=words, as_of=AS_OF)
        took = time.perf_counter() - one
        slowest = max(slowest, (took, text[:40]))
    total = time.perf_counter() - started

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"owners known      {args.owners:,}")
    print(f"parses            {args.parses:,}")
    print(f"time              {total:.2f} s ({total / args.parses * 1e6:.0f} µs each)")
    print(f"parses/s          {args.parses / total:,.0f}")
    print(f"slowest parse     {slowest[0] * 1000:.1f} ms ({slowest[1]!r})")
    print(f"peak memory       {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
