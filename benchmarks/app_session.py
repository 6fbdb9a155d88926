"""One browser-less dashboard session at scale: every page, then filter changes, with the
server process's memory.

    python benchmarks/app_session.py DATA_DIR [--root ROOT]

DATA_DIR is a build folder (e.g. the 100k-incident synthetic build that
``dashlib bench pages`` writes). ROOT is a checkout with app.py (default: this
one), so two versions can be compared on the same data. Each line is one
script run in the same AppTest session (caches shared, as for one user), with
its seconds and the resident memory after it; the last line is the peak.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

PAGES = [
    "app_pages/escalation.py",
    "app_pages/reported_vs_claimed.py",
    "app_pages/targets.py",
    "app_pages/map.py",
    "app_pages/evidence.py",
    "app_pages/data_export.py",
]


# Read here, not imported from dashlib or another script: dashlib must be imported only
# after --root is put on the path, so that an older checkout can be measured.
def rss_mb() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) // 1024
    return 0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("data_dir")
    ap.add_argument("--root", default=str(Path(__file__).resolve().parents[1]))
    args = ap.parse_args()
    root = Path(args.root).resolve()
    sys.path[:0] = [str(root / "src"), str(root)]
    os.environ["DASHLIB_DATA_DIR"] = args.data_dir
    os.environ["DASHLIB_ARTICLES_DIR"] = tempfile.mkdtemp()  # no articles: use the build
    os.environ.pop("DASHLIB_SYNTHETIC", None)
    from streamlit.testing.v1 import AppTest

    def step(label, fn):
        t0 = time.perf_counter()
        at = fn()
        problems = [e.value for e in at.exception] + [e.value for e in at.error]
        print(f"{label:<44} {time.perf_counter() - t0:6.2f} s  {rss_mb():6,} MB  {problems[:1]}")
        return at

    at = AppTest.from_file(str(root / "app.py"), default_timeout=600)
    step("overview (first run: opens the build)", at.run)
    for page in PAGES:
        step(page, lambda p=page: at.switch_page(p).run())
    step("overview again (cached)", lambda: at.switch_page("app_pages/overview.py").run())
    step("filter: one district", lambda: at.multiselect(key="place").set_value(["Quetta"]).run())
    step(
        "filter: + claimant type",
        lambda: at.multiselect(key="claimant").set_value(["government"]).run(),
    )
    step("escalation under those filters", lambda: at.switch_page("app_pages/escalation.py").run())
    print(
        f"peak resident memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024:,} MB"
    )


if __name__ == "__main__":
    main()
