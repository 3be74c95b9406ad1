#!/usr/bin/env bash
# Build Wenze for the domestic PCs (issue 28) on a Debian-family x86-64 machine:
#   target/debian/wenze_VERSION_arm64.deb    飞腾 / 鲲鹏 (ARM64), glibc ≥ 2.28
#                                            (银河麒麟 V10, 统信 UOS 20 and later)
#   target/debian/wenze_VERSION_loong64.deb  龙芯 3A5000 and later (LoongArch,
#                                            "new world" ABI, glibc ≥ 2.36)
# Usage: scripts/build-linux-cross.sh [arm64|loong64]...   (default: both)
#
# One toolchain for both: zig (PyPI `ziglang`) as the C compiler and linker,
# driven by cargo-zigbuild. zig links against the glibc version named in the
# target (`aarch64-unknown-linux-gnu.2.28`), which Debian 12's
# gcc-aarch64-linux-gnu cannot (it links against its own glibc 2.36), and it
# has a LoongArch C compiler, which Debian 12 lacks. The bundled SQLite is
# compiled by `zig cc` like any C part.
#
# Profile `cross` (Cargo.toml): the release profile with thin LTO over 16
# codegen units instead of fat LTO over one, so that CI's time holds two more
# release builds; symbols stripped at link time.
#
# Tools go to $WENZE_CROSS_CACHE (default ~/.cache/wenze-cross), installed
# on first use: cargo-zigbuild and ziglang in a Python venv there; cargo-deb
# with `cargo install --locked`; Rust's standard library for each target
# with rustup. Where rustup cannot fetch the prebuilt LoongArch standard
# library, it is compiled from rustup's `rust-src` (the same release as the
# compiler) with cargo's build-std.
set -euo pipefail
cd "$(dirname "$0")/.."

cache=${WENZE_CROSS_CACHE:-$HOME/.cache/wenze-cross}
say() { printf 'build-linux-cross: %s\n' "$*"; }

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(arm64 loong64)

# --- tools -----------------------------------------------------------------
venv="$cache/venv"
if ! "$venv/bin/cargo-zigbuild" --version >/dev/null 2>&1 \
  || ! "$venv/bin/python3" -m ziglang version >/dev/null 2>&1; then
  say "installing cargo-zigbuild and ziglang into $venv"
  rm -rf "$venv"
  if ! python3 -m venv "$venv" 2>/dev/null; then # Debian's python3 needs python3-venv
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends python3-venv
    rm -rf "$venv"
    python3 -m venv "$venv"
  fi
  "$venv/bin/pip" install -q --disable-pip-version-check cargo-zigbuild ziglang
fi
# cargo-zigbuild finds zig as `python3 -m ziglang` of the first python3 on PATH.
export PATH="$venv/bin:$PATH"
say "$(cargo-zigbuild --version), zig $(python3 -m ziglang version)"

if ! cargo deb --version >/dev/null 2>&1; then
  say "installing cargo-deb"
  start=$(date +%s)
  cargo install cargo-deb --locked
  say "cargo install cargo-deb: $(( $(date +%s) - start )) s"
fi
say "$(cargo deb --version)"
command -v readelf >/dev/null || { export DEBIAN_FRONTEND=noninteractive; apt-get update -qq; apt-get install -y -qq --no-install-recommends binutils; }

# The highest GLIBC_x.y symbol version a binary needs (readelf reads any
# architecture's ELF).
glibc_needed() {
  readelf -V --wide "$1" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -t. -k1,1n -k2,2n -k3,3n -u | tail -n 1
}
version_le() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n 1)" = "$1" ]; }

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
mkdir -p target/debian

for arch in "${targets[@]}"; do
  case "$arch" in
    arm64) triple=aarch64-unknown-linux-gnu; glibc=2.28 ;;
    loong64) triple=loongarch64-unknown-linux-gnu; glibc=2.36 ;;
    *) say "unknown target $arch (arm64 or loong64)"; exit 2 ;;
  esac
  build_std=()
  if ! rustup target list --installed | grep -qx "$triple"; then
    if ! rustup target add "$triple" >/dev/null 2>&1; then
      say "rustup has no prebuilt standard library for $triple here: building it from rust-src"
      rustup component list --installed | grep -q '^rust-src' || rustup component add rust-src
      build_std=(-Zbuild-std)
    fi
  fi

  say "$arch: cargo zigbuild --profile cross --target $triple.$glibc ${build_std[*]}"
  start=$(date +%s)
  if [ ${#build_std[@]} -gt 0 ]; then
    # build-std is a nightly cargo feature; RUSTC_BOOTSTRAP lets this stable
    # toolchain use it for this one command.
    RUSTC_BOOTSTRAP=1 cargo zigbuild --profile cross --locked --target "$triple.$glibc" "${build_std[@]}"
  else
    cargo zigbuild --profile cross --locked --target "$triple.$glibc"
  fi
  built=$(( $(date +%s) - start ))
  bin="target/$triple/cross/wenze"

  needs=$(glibc_needed "$bin")
  version_le "$needs" "$glibc" || { say "$bin needs glibc $needs, more than $glibc"; exit 1; }

  # Same desktop entry, icon, licences and README as the amd64 package; the
  # variant only names the glibc the binary needs (Cargo.toml).
  deb="target/debian/wenze_${version}_$arch.deb"
  rm -f "$deb"
  cargo deb --no-build --no-strip --target "$triple" --profile cross --variant "$arch" --output "$deb" >/dev/null
  dpkg-deb -f "$deb" Package Architecture Depends | sed 's/^/  /'
  say "$arch: built in $built s; $bin $(stat -c %s "$bin") bytes, needs glibc $needs (GLIBC_$needs is its newest symbol version); $deb $(stat -c %s "$deb") bytes"
done
