#!/usr/bin/env bash
# gui-memory.sh OUTDIR COMMAND... — the GUI memory scenario of docs/benchmarks.md (issue 17)
# under Xvfb 1280x800 (../shared/tools/screenshot.sh): sign in as admin/pass1234, sort by
# 被问责人, scroll 40 wheel steps, open 工作台 and 统计分析; then save /proc/PID/status and
# smaps in OUTDIR and print VmHWM/VmRSS and the resident set per mapping.
# e.g. scripts/gui-memory.sh /tmp/m target/release/wenze --db demo20k.db
# (the register needs the user admin with password pass1234).
set -u
out=$1; shift 1
[ -f "$1" ] && cat "$1" > /dev/null  # binary fully in the page cache: fault-around maps the same pages every run
mkdir -p "$out"
export OUTDIR=$out
XDO="$(cat "$(dirname "$0")/gui-scenario.xdo")"'
echo $pid > $OUTDIR/pid
cat /proc/$pid/status > $OUTDIR/status
cat /proc/$pid/smaps > $OUTDIR/smaps
ls /proc/$pid/task | wc -l > $OUTDIR/threads
for t in /proc/$pid/task/*; do cat $t/comm; done > $OUTDIR/comms
' XDO_WAIT=1 ${SCREENSHOT:-/work/shared/tools/screenshot.sh} "$out/shot.png" ${WAIT:-5} -- "$@"
grep -E "VmHWM|VmRSS|RssAnon|RssFile|RssShmem|Threads" "$out/status"
python3 "$(dirname "$0")/gui-memory-smaps.py" "$out/smaps"
