#!/bin/sh
# Link with mold when it is installed (Debian package `mold`; `.ci/run`
# installs it): linking the test binaries, which embed ~76 MB of fonts, drops
# from tens of seconds to a few. Without mold the system's default linker is
# used, so a fresh machine still builds.
if command -v mold >/dev/null 2>&1; then
  exec cc -fuse-ld=mold "$@"
fi
exec cc "$@"
