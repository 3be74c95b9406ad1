#!/usr/bin/env bash
# Smoke-test the Windows build under Wine (CI runs it after
# scripts/build-windows.sh): a few subcommands of wenze.exe, a path with
# Chinese characters, and the installer's install/uninstall cycle, which must
# leave the register alone. Usage: scripts/windows-smoke.sh [LINUX_WENZE]
# (LINUX_WENZE, default target/debug/wenze, exports the same document for a
# size comparison).
set -euo pipefail
cd "$(dirname "$0")/.."
exe=target/x86_64-pc-windows-gnu/release/wenze.exe
linux=${1:-target/debug/wenze}
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
setup="target/windows/wenze-$version-setup.exe"
run=scripts/wine/run.sh
export WINE_RUN_DIR=${WINE_RUN_DIR:-$(mktemp -d)}
work="$WINE_RUN_DIR/数据"
mkdir -p "$work"

say() { printf 'windows-smoke: %s\n' "$*"; }
expect() { # expect TEXT COMMAND…: the command succeeds and prints TEXT
  local text=$1; shift
  local out
  out=$("$@" 2>&1) || { say "failed: $* → $out"; exit 1; }
  grep -qF -- "$text" <<<"$out" || { say "no “$text” in: $out"; exit 1; }
}

expect "2026-10-09" "$run" "$exe" deadline --from 2026-09-25 --working-days 5
expect "004" "$run" "$exe" regulations list
db='Z:'$(realpath "$work")'\\案件.db'
db=${db//\//\\}
expect "已生成 40 件演示案件" "$run" "$exe" demo --cases 40 --db "$db"
expect "案〔" "$run" "$exe" list --limit 3 --db "$db"
"$run" "$exe" search 张 --db "$db" >/dev/null
expect "审计" "$run" "$exe" audit verify --db "$db"
json='Z:'$(realpath docs/examples/case-004.json)
"$run" "$exe" export --json "${json//\//\\}" --doc decision --out 'Z:'"${work//\//\\}"'\\决定书.pdf' >/dev/null
win_size=$(stat -c %s "$work/决定书.pdf")
if [ -x "$linux" ]; then
  "$linux" export --json docs/examples/case-004.json --doc decision --out "$work/linux.pdf" >/dev/null
  linux_size=$(stat -c %s "$work/linux.pdf")
  [ "$win_size" = "$linux_size" ] || { say "PDF sizes differ: Windows $win_size, Linux $linux_size"; exit 1; }
  say "decision PDF: $win_size bytes on both"
fi

# No --db: the register is created where the README says, under %APPDATA%.
export WINEPREFIX=${WINEPREFIX:-$WINE_RUN_DIR/prefix} WINEDEBUG=-all
out=$("$run" "$exe" info 2>&1) || { say "info without --db failed: $out"; exit 1; }
appdata=$(wine cmd /c 'echo %APPDATA%' 2>/dev/null | tr -d '\r')
appdata_unix=$(winepath -u "$appdata")
[ "$(head -c 15 "$appdata_unix/Wenze/wenze/data/wenze.db")" = "SQLite format 3" ] \
  || { say "no register under %APPDATA% ($appdata): $out"; exit 1; }
grep -qF 'Wenze\wenze\data\wenze.db' <<<"$out" || { say "info does not name the %APPDATA% register: $out"; exit 1; }
say "default register: $appdata\\Wenze\\wenze\\data\\wenze.db"

# Installer: silent install into the Wine prefix, then silent uninstall; the
# register in %APPDATA% must survive.
export WINEPREFIX=${WINEPREFIX:-$WINE_RUN_DIR/prefix} WINEDEBUG=-all
appdata=$(wine cmd /c 'echo %APPDATA%' 2>/dev/null | tr -d '\r')
appdata_unix=$(winepath -u "$appdata")
mkdir -p "$appdata_unix/Wenze/wenze/data"
echo register > "$appdata_unix/Wenze/wenze/data/wenze.db"
wine "$setup" /S
localapp=$(winepath -u "$(wine cmd /c 'echo %LOCALAPPDATA%' 2>/dev/null | tr -d '\r')")
[ -f "$localapp/Programs/Wenze/wenze.exe" ] || { say "installer did not install wenze.exe"; exit 1; }
wine "$localapp/Programs/Wenze/uninstall.exe" /S _?="$(winepath -w "$localapp/Programs/Wenze")"
[ ! -f "$localapp/Programs/Wenze/wenze.exe" ] || { say "uninstaller left wenze.exe"; exit 1; }
grep -q register "$appdata_unix/Wenze/wenze/data/wenze.db" || { say "uninstall touched the register"; exit 1; }
say "ok"
