#!/usr/bin/env bash
# record.sh EXE REGISTER OUT — record which functions of the release binary EXE run in a
# session of the window, as lld's --symbol-ordering-file (see build.rs, "link order").
# Under Xvfb (../shared/tools/screenshot.sh): sign in as admin/pass1234, the register
# (sorted, scrolled), 工作台, 统计分析 — the GUI memory scenario of docs/benchmarks.md —
# then a case file, 新建案件 (the wizard), 导入台账 and 设置, so that the code of every
# main screen is laid out together. The register needs the user admin / pass1234, e.g.
# `wenze demo --cases 20000 --db d20k.db`, then create the administrator in the window.
# Page-exact: first-touch.so drops the code pages cached before main, and read-ahead is
# off for the binary's disk while it runs (the kernel reads ahead around faults in code
# even under MADV_RANDOM, and then maps the pages read ahead too), so a page of code is
# mapped only if it ran. Needs root (sysfs); the setting is restored on exit.
set -eu
exe=$(realpath "$1"); db=$2; out=$3
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
dev=$(basename "$(df --output=source "$exe" | tail -1)")
ra=/sys/class/block/$dev/queue/read_ahead_kb
[ -e "$ra" ] || ra=/sys/class/block/$dev/../queue/read_ahead_kb
saved=$(cat "$ra")
trap 'echo "$saved" > "$ra"; rm -rf "$work"' EXIT
echo 0 > "$ra" || { echo "record.sh: cannot turn read-ahead off ($ra): run as root" >&2; exit 2; }
cc -shared -fPIC -O2 -o "$work/first-touch.so" "$here/first-touch.c"
export OUTDIR=$work EXE=$exe OUT=$(realpath -m "$out") HERE=$here
XDO="$(cat "$here/../gui-scenario.xdo")"'
xdotool mousemove --window $WID 550 14 click 1; sleep 3
xdotool mousemove --window $WID 400 300 click --repeat 2 --delay 80 1; sleep 4
import -window root $OUTDIR/case.png
xdotool mousemove --window $WID 550 14 click 1; sleep 3
xdotool mousemove --window $WID 158 51 click 1; sleep 4
import -window root $OUTDIR/wizard.png
xdotool mousemove --window $WID 710 14 click 1; sleep 3
xdotool mousemove --window $WID 800 14 click 1; sleep 3
import -window root $OUTDIR/settings.png
python3 $HERE/touched-symbols.py $pid $EXE $OUT
' XDO_WAIT=1 ${SCREENSHOT:-/work/shared/tools/screenshot.sh} "$work/shot.png" ${WAIT:-5} -- \
  env LD_PRELOAD="$work/first-touch.so" "$exe" --db "$db"
mkdir -p "${SHOTS:-/tmp/link-order-shots}"
cp "$work"/*.png "${SHOTS:-/tmp/link-order-shots}/"
