#!/usr/bin/env bash
# Smoke-test the ARM64 and LoongArch packages under qemu's user-mode
# emulation (CI runs it after scripts/build-linux-cross.sh): each .deb is
# unpacked, its desktop entry and icon compared with the amd64 package's
# sources, and its wenze run through deadline, regulations list, demo
# --cases 200, list, search, audit verify, info (the default register under
# ~/.local/share/wenze) and export; the register each makes must verify with
# the x86-64 build and the x86-64 build's with it (the same file moves from
# the old PC to the new). The exported decision must be
# byte-identical to the one LINUX_WENZE (this machine's x86-64 build) writes,
# both dated by SOURCE_DATE_EPOCH.
# Usage: scripts/linux-cross-smoke.sh [LINUX_WENZE] [arm64|loong64]...
#   LINUX_WENZE defaults to target/debug/wenze; the targets to both.
#
# qemu: Debian 13's `qemu-user` (static binaries, version 10), unpacked into
# $WENZE_CROSS_CACHE (default ~/.cache/wenze-cross) — not installed, no
# binfmt registration. Debian 12's qemu 7.2 runs the ARM64 build but stops
# the LoongArch one with SIGILL: it lacks the LSX vector extension, which
# Rust's loongarch64-unknown-linux-gnu target uses by default (and every
# 3A5000 and later has).
# The target's glibc for the emulator (`qemu -L`): ARM64, Debian 12's
# libc6-arm64-cross (glibc 2.36, installed with apt); LoongArch, Debian 13's
# libc6-loong64-cross (glibc 2.41, unpacked into the cache; Debian 12 has none).
set -euo pipefail
cd "$(dirname "$0")/.."

linux=${1:-target/debug/wenze}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(arm64 loong64)
cache=${WENZE_CROSS_CACHE:-$HOME/.cache/wenze-cross}
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
say() { printf 'linux-cross-smoke: %s\n' "$*"; }
[ -x "$linux" ] || { say "no x86-64 build at $linux to compare with"; exit 1; }

# --- emulator and target libraries -------------------------------------------
# Debian 13 packages, fetched with apt-get from a private list of that
# release (the machine's own apt sources and state stay as they are).
trixie_get() { # trixie_get DIR PACKAGE…: download the packages and unpack them into DIR
  local dir=$1; shift
  local apt="$cache/apt"
  mkdir -p "$apt/lists/partial" "$apt/archives/partial" "$apt/etc" "$apt/debs"
  printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main\n' \
    > "$apt/etc/sources.list"
  local o=(-o "Dir::Etc::sourcelist=$apt/etc/sources.list" -o Dir::Etc::sourceparts=-
    -o "Dir::State::lists=$apt/lists" -o "Dir::Cache=$apt" -o Dir::State::status=/dev/null
    -o APT::Architecture=amd64 -o APT::Architectures=amd64 -o APT::Sandbox::User=root)
  apt-get "${o[@]}" update -qq
  rm -f "$apt"/debs/*.deb
  (cd "$apt/debs" && apt-get "${o[@]}" download -qq "$@")
  rm -rf "$dir.partial"
  mkdir -p "$dir.partial"
  for deb in "$apt"/debs/*.deb; do dpkg-deb -x "$deb" "$dir.partial"; done
  rm -rf "$dir"
  mv "$dir.partial" "$dir"
}

qemu_dir="$cache/qemu-10"
if [ ! -x "$qemu_dir/usr/bin/qemu-loongarch64" ] || [ ! -x "$qemu_dir/usr/bin/qemu-aarch64" ]; then
  say "fetching Debian 13's qemu-user (static) into $qemu_dir"
  trixie_get "$qemu_dir" qemu-user
fi
loong_root="$cache/sysroot-loong64"
if [ ! -e "$loong_root/usr/loongarch64-linux-gnu/lib/libc.so.6" ]; then
  say "fetching Debian 13's libc6-loong64-cross into $loong_root"
  trixie_get "$loong_root" libc6-loong64-cross libgcc-s1-loong64-cross
fi
if [ ! -e /usr/aarch64-linux-gnu/lib/libc.so.6 ]; then
  say "installing libc6-arm64-cross"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends libc6-arm64-cross libgcc-s1-arm64-cross
fi
"$qemu_dir/usr/bin/qemu-aarch64" --version | head -n 1

# --- the reference: this machine's build -------------------------------------
export SOURCE_DATE_EPOCH=1790000000
run_dir=$(mktemp -d)
trap 'rm -rf "$run_dir"' EXIT
ref="$run_dir/x86-64.pdf"
"$linux" export --json docs/examples/case-004.json --doc decision --out "$ref" >/dev/null
"$linux" demo --cases 200 --db "$run_dir/x86-64.db" >/dev/null
ref_search=$("$linux" search 张 --db "$run_dir/x86-64.db")

failed=0
for arch in "${targets[@]}"; do
  case "$arch" in
    arm64) qemu="$qemu_dir/usr/bin/qemu-aarch64"; sysroot=/usr/aarch64-linux-gnu ;;
    loong64) qemu="$qemu_dir/usr/bin/qemu-loongarch64"; sysroot="$loong_root/usr/loongarch64-linux-gnu" ;;
    *) say "unknown target $arch"; exit 2 ;;
  esac
  deb="target/debian/wenze_${version}_$arch.deb"
  [ -f "$deb" ] || { say "$deb is missing (scripts/build-linux-cross.sh $arch)"; exit 1; }
  root="$run_dir/$arch/root"
  work="$run_dir/$arch/数据"
  home="$run_dir/$arch/home"
  mkdir -p "$root" "$work" "$home"
  dpkg-deb -x "$deb" "$root"
  bin="$root/usr/bin/wenze"

  tell() { printf 'linux-cross-smoke: %s: %s\n' "$arch" "$*"; }
  fail() { tell "FAILED: $*"; failed=1; }
  [ "$(dpkg-deb -f "$deb" Architecture)" = "$arch" ] || fail "package architecture $(dpkg-deb -f "$deb" Architecture)"
  cmp -s "$root/usr/share/applications/wenze.desktop" assets/wenze.desktop || fail "desktop entry differs from assets/wenze.desktop"
  cmp -s "$root/usr/share/icons/hicolor/256x256/apps/wenze.png" assets/icons/wenze-256.png || fail "icon differs"
  tell "$(readelf -h "$bin" | sed -n 's/^ *Machine: *//p'), interpreter $(readelf -l "$bin" | sed -n 's/.*interpreter: \(.*\)]/\1/p'), $(dpkg-deb -f "$deb" Depends | cut -d, -f1)"

  w() { HOME="$home" "$qemu" -L "$sysroot" "$bin" "$@"; }
  expect() { # expect TEXT ARGS…: wenze ARGS succeeds under qemu and prints TEXT
    local text=$1; shift
    local out start=$SECONDS
    if ! out=$(w "$@" 2>&1); then fail "wenze $* → $out"; return; fi
    if ! grep -qF -- "$text" <<<"$out"; then fail "no “$text” from wenze $*: $out"; return; fi
    tell "ok ($(( SECONDS - start )) s) wenze $* → $(grep -F -- "$text" <<<"$out" | head -n 1)"
  }
  db="$work/案件.db"
  expect "2026-10-09" deadline --from 2026-09-25 --working-days 5
  expect "004" regulations list
  expect "已生成 200 件演示案件" demo --cases 200 --db "$db"
  expect "案〔" list --limit 3 --db "$db"
  expect "张" search 张 --db "$db"
  expect "审计日志完整" audit verify --db "$db"
  if [ "$(w search 张 --db "$db" 2>&1)" = "$ref_search" ]; then
    tell "search 张 on its demo register: the same $(wc -l <<<"$ref_search") rows as the x86-64 build's"
  else
    fail "search 张 on its demo register differs from the x86-64 build's"
  fi
  # A register moves between PCs as the file: the x86-64 build's opens and
  # verifies here, and this build's opens and verifies on x86-64.
  cp "$run_dir/x86-64.db" "$work/x86-64.db"
  expect "审计日志完整" audit verify --db "$work/x86-64.db"
  [ "$(w search 张 --db "$work/x86-64.db" 2>&1)" = "$ref_search" ] \
    || fail "search 张 on the x86-64 register gives other rows"
  out=$("$linux" audit verify --db "$db" 2>&1) && grep -qF "审计日志完整" <<<"$out" \
    && tell "ok: its register verifies with the x86-64 build" \
    || fail "its register does not verify with the x86-64 build: $out"
  expect ".local/share/wenze/wenze.db" info
  [ "$(head -c 15 "$home/.local/share/wenze/wenze.db" 2>/dev/null)" = "SQLite format 3" ] \
    || fail "no register created at ~/.local/share/wenze/wenze.db"
  expect "已导出 问责决定书" export --json docs/examples/case-004.json --doc decision --out "$work/决定书.pdf"
  if cmp -s "$work/决定书.pdf" "$ref"; then
    tell "decision PDF byte-identical to the x86-64 build's ($(stat -c %s "$ref") bytes, sha256 $(sha256sum "$ref" | cut -c1-16)…)"
  else
    fail "decision PDF differs from the x86-64 build's ($(stat -c %s "$work/决定书.pdf") against $(stat -c %s "$ref") bytes)"
  fi
done
[ "$failed" = 0 ] || { say "FAILED"; exit 1; }
say "ok"
