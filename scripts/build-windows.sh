#!/usr/bin/env bash
# Build Wenze for Windows 10/11 (x86_64) on a Debian-family machine:
#   target/windows/wenze-VERSION-setup.exe   NSIS installer (per user, Start menu
#                                            and desktop shortcut 问责案件管理,
#                                            uninstaller that keeps the register)
#   target/windows/wenze-VERSION-windows-x64.zip   copy-and-run folder
# Needs: rustup's x86_64-pc-windows-gnu standard library, mingw-w64 and NSIS
# (installed here from the distribution's packages when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

target=x86_64-pc-windows-gnu
need=()
command -v x86_64-w64-mingw32-gcc >/dev/null || need+=(gcc-mingw-w64-x86-64)
command -v makensis >/dev/null || need+=(nsis)
if [ ${#need[@]} -gt 0 ]; then
  echo "build-windows: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
if ! rustup target list --installed | grep -qx "$target"; then
  rustup target add "$target"
fi

start=$(date +%s)
cargo build --release --locked --target "$target"
exe="target/$target/release/wenze.exe"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)

out=target/windows
stage="$out/stage"
rm -rf "$stage"
mkdir -p "$stage/licences"
cp "$exe" "$stage/wenze.exe"
cp assets/icons/wenze.ico "$stage/"
# Windows editors expect CRLF in a .txt beside the program.
sed 's/$/\r/' README.md > "$stage/README.txt"
sed 's/$/\r/' LICENSE > "$stage/LICENSE.txt"
# What 设置 refers an office to when it adds its own regulation file.
sed 's/$/\r/' docs/regulation-format.md > "$stage/规定文件格式说明.txt"
for f in fonts/README.md fonts/LICENSE-* fonts/COPYRIGHT-*; do
  name=$(basename "$f")
  sed 's/$/\r/' "$f" > "$stage/licences/${name%.*}.txt"
done

setup="$out/wenze-$version-setup.exe"
makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$version" -DSTAGE="$(pwd)/$stage" \
  -DOUTFILE="$(pwd)/$setup" packaging/windows/wenze.nsi

zip="$out/wenze-$version-windows-x64.zip"
rm -f "$zip"
python3 - "$stage" "$zip" <<'PY'
import os, sys, zipfile
stage, dest = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
    for root, _, files in os.walk(stage):
        for f in sorted(files):
            path = os.path.join(root, f)
            z.write(path, os.path.join("Wenze", os.path.relpath(path, stage)))
PY

echo "build-windows: $(( $(date +%s) - start )) s"
ls -l "$exe" "$setup" "$zip"
