#!/usr/bin/env python3
"""touched-symbols.py PID EXE OUT — the functions of EXE whose code pages the
running process PID has mapped (read from /proc/PID/pagemap), written to OUT
one mangled symbol per line, in address order: lld's --symbol-ordering-file.
Run under first-touch.so, a mapped page is a page that ran (4 KB at a time)."""
import os, re, struct, subprocess, sys

pid, exe, out = sys.argv[1], os.path.realpath(sys.argv[2]), sys.argv[3]
PAGE = os.sysconf("SC_PAGE_SIZE")

# The executable LOAD segment: file offset -> ELF address.
seg = None
for line in subprocess.run(["readelf", "-lW", exe], capture_output=True, text=True, check=True).stdout.splitlines():
    f = line.split()
    if f and f[0] == "LOAD" and "E" in f[6:]:
        seg = (int(f[1], 16), int(f[2], 16))  # (p_offset, p_vaddr)
if seg is None:
    sys.exit("touched-symbols: no executable LOAD segment in " + exe)

touched = set()  # ELF addresses of the pages that are present
with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/pagemap", "rb") as pagemap:
    for line in maps:
        f = line.split()
        if len(f) < 6 or os.path.realpath(f[5]) != exe or "x" not in f[1]:
            continue
        start, end = (int(x, 16) for x in f[0].split("-"))
        offset = int(f[2], 16)
        pagemap.seek(start // PAGE * 8)
        entries = pagemap.read((end - start) // PAGE * 8)
        for i in range(len(entries) // 8):
            (e,) = struct.unpack_from("<Q", entries, i * 8)
            if e >> 63:
                touched.add(offset + i * PAGE - seg[0] + seg[1])

symbols = []
for line in subprocess.run(["nm", "--defined-only", "-S", "-n", exe], capture_output=True, text=True, check=True).stdout.splitlines():
    f = line.split()
    if len(f) == 4 and f[2] in "tTwW":
        addr, size = int(f[0], 16), int(f[1], 16)
        first, last = addr // PAGE * PAGE, (addr + max(size, 1) - 1) // PAGE * PAGE
        if any(p in touched for p in range(first, last + 1, PAGE)):
            symbols.append(f[3])
with open(out, "w") as o:
    o.write("\n".join(dict.fromkeys(symbols)) + "\n")
print(f"touched-symbols: {len(touched)} pages ({len(touched) * PAGE // 1024} KB) of code ran; {len(symbols)} functions -> {out}")
