"""The last committed `make audit`: Lighthouse scores and page weight of five pages.

Reads ``bench/audit.json`` (written by ``tools/audit.py``) and prints one row
per page: the four Lighthouse category scores, the first-load transfer size,
the number of requests and the largest contentful paint, in the mobile profile.
"""

import json
from pathlib import Path

root = Path(__file__).resolve().parents[2]
audit = json.loads((root / "bench" / "audit.json").read_text())

date = audit["date"]
machine = audit["machine"]
lighthouse = audit["lighthouse"]
median_transfer_kb = audit["median_transfer_kb"]
missed = len(audit["missed"])

print(f"Lighthouse {lighthouse}, {audit['profile']}, {date}")
print(f"on {machine}")
print()
header = ["perf", "a11y", "b.p.", "seo"]
print(
    f"{'page':14s} "
    + " ".join(f"{h:>4s}" for h in header)
    + f" {'KB':>6s} {'req':>4s} {'LCP s':>6s}"
)
for name, page in audit["pages"].items():
    s = page["scores"]
    print(
        f"{name:14s} {s['performance']:4d} {s['accessibility']:4d} {s['best-practices']:4d} "
        f"{s['seo']:4d} {page['transfer_kb']:6.0f} {page['requests']:4d} {page['lcp_s']:6.2f}"
    )
print()
print(f"median first-load transfer: {median_transfer_kb:.0f} KB")
print("targets missed: " + ("; ".join(audit["missed"]) if missed else "none"))
