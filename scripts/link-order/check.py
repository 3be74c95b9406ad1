#!/usr/bin/env python3
"""check.py EXE [LIST] — did the link order take, and is the list still current?

Reads the functions of the release binary EXE (nm) and the list
(assets/link-order.txt by default): how many listed functions the binary has,
and whether they lie together at the start of its code, as build.rs asks lld
to put them. Exits 1 when under 80 % of the list is found (the list is stale:
record it again with record.sh, see ARCHITECTURE.md, "Link order") or when the
listed functions are spread over more than twice their own size (the order was
not applied)."""
import os, subprocess, sys

exe = sys.argv[1]
listed = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "../../assets/link-order.txt")
names = [n for n in open(listed).read().split("\n") if n]
want = set(names)
found = []
for line in subprocess.run(["nm", "--defined-only", "-S", exe], capture_output=True, text=True, check=True).stdout.splitlines():
    f = line.split()
    if len(f) == 4 and f[2] in "tTwW" and f[3] in want:
        found.append((int(f[0], 16), int(f[1], 16)))
if not found:
    sys.exit(f"check: none of the {len(names)} listed functions is in {exe}")
found.sort()
size = sum(s for _, s in found)
span = found[-1][0] + found[-1][1] - found[0][0]
share = len({a for a, _ in found}) / len(want)
print(f"check: {len(found)} of {len(names)} listed functions in {exe} ({share:.0%}); "
      f"{size / 1e6:.2f} MB of code laid out over {span / 1e6:.2f} MB")
if share < 0.8:
    sys.exit("check: the list is stale (under 80 % found): record it again (scripts/link-order/record.sh)")
if span > 2 * size:
    sys.exit("check: the listed functions are not together: the link order was not applied")
