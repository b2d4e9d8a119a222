"""Timing of `check` against rendering the sample (not a test: run it by hand).

    /work/venv/bin/python tests/checks/bench_checks.py [CAMPAIGN.yaml]

Prints, for the whole campaign at full size: rendering every message x format, the rules alone on
those renders, check_one (render + PNG size where it matters + rules) in one process, and
check_campaign in parallel. Target (issue 4): check <= 2 x render.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from creative_studio.checks import run_checks  # noqa: E402
from creative_studio.checks.report import check_campaign, check_one  # noqa: E402
from creative_studio.model import load_campaign  # noqa: E402
from creative_studio.render import render_detailed  # noqa: E402


def main() -> None:
    path = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "templates" / "stopitnow.yaml")
    c = load_campaign(path)
    work = [(m, f) for m in c.message_ids for f in c.format_ids]
    render_detailed(c, work[0][0], work[0][1], 1.0)  # warm the font caches
    render_s = rules_s = 0.0
    slowest = []
    for m, f in work:
        t = time.perf_counter()
        r = render_detailed(c, m, f, 1.0)
        t1 = time.perf_counter()
        run_checks(c, r)
        t2 = time.perf_counter()
        render_s += t1 - t
        rules_s += t2 - t1
        slowest.append((t2 - t1, f, m))
        del r
    t = time.perf_counter()
    for m, f in work:
        check_one(m, f, c)
    one_s = time.perf_counter() - t
    cores = os.cpu_count() or 1
    t = time.perf_counter()
    check_campaign(c, jobs=cores)
    par_s = time.perf_counter() - t
    print(f"{len(work)} renders of {c.id}, full size, {cores} cores")
    print(f"render, one process              {render_s:7.2f} s")
    print(f"rules alone on those renders     {rules_s:7.3f} s  ({rules_s / len(work) * 1000:.1f} ms a render)")
    print(f"check_one x {len(work)}, one process      {one_s:7.2f} s  = {one_s / render_s:.2f} x render")
    print(f"check_campaign, {cores} processes      {par_s:7.2f} s  = {par_s / render_s:.2f} x render")
    print("slowest rule runs:", ", ".join(f"{f}/{m} {s * 1000:.0f} ms" for s, f, m in sorted(slowest)[-3:]))


if __name__ == "__main__":
    main()
