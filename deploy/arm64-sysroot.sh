#!/usr/bin/env bash
# Makes an arm64 (aarch64) root folder from Debian 12's own arm64 packages, without installing them into this
# system (their multiarch install would remove amd64 packages that the tests need): the OpenCV modules the agent
# uses (core, imgproc, imgcodecs, videoio) with their headers and their whole run-time closure, glibc and libstdc++.
# It serves both to cross-build the native bridge (deploy/build-opencvsharp.sh --arch arm64) and as qemu-aarch64's
# -L root for running the arm64 agent under emulation (tests/arm64/check.sh). Needs apt to know arm64:
#   dpkg --add-architecture arm64 && apt-get update      (this script does both, through sudo when not root)
# Usage: deploy/arm64-sysroot.sh DIR        Idempotent: a DIR holding a complete root is left alone.
set -euo pipefail
dir=${1:?usage: arm64-sysroot.sh DIR}
stamp="$dir/.retinanet-sysroot"
pkgs=(libopencv-core-dev:arm64 libopencv-imgproc-dev:arm64 libopencv-imgcodecs-dev:arm64 libopencv-videoio-dev:arm64
      libc6:arm64 libstdc++6:arm64 libgcc-s1:arm64 zlib1g:arm64 libssl3:arm64)
alternatives() {
  # Debian points libblas.so.3 / liblapack.so.3 at one implementation through update-alternatives, run by the
  # packages' scripts, which dpkg-deb -x does not run: make the links it would have made.
  local lib="$dir/usr/lib/aarch64-linux-gnu" alt f
  for alt in blas lapack; do
    for f in "$lib/$alt"/lib*.so.3; do
      if [ -e "$f" ] && [ ! -e "$lib/$(basename "$f")" ]; then ln -s "$alt/$(basename "$f")" "$lib/$(basename "$f")"; fi
    done
  done
}
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "${pkgs[*]}" ]; then alternatives; exit 0; fi
sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  $sudo dpkg --add-architecture arm64 || { echo "arm64-sysroot: cannot add the arm64 architecture (run: sudo dpkg --add-architecture arm64)" >&2; exit 1; }
  $sudo apt-get update -qq
fi
if ! apt-cache show libc6:arm64 >/dev/null 2>&1; then $sudo apt-get update -qq; fi
debs=$(mktemp -d); trap 'rm -rf "$debs"' EXIT
# The closure without recommends; where a dependency has alternatives every candidate is fetched (harmless in a root).
mapfile -t closure < <(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
    --no-replaces --no-enhances "${pkgs[@]}" 2>/dev/null | grep -E '^[a-z0-9].*:arm64$' | sort -u)
echo "arm64-sysroot: fetching ${#closure[@]} Debian arm64 packages into $dir"
(cd "$debs" && for p in "${closure[@]}"; do apt-get download -q "$p" >/dev/null 2>&1 || true; done)
ls "$debs"/libopencv-core406_*arm64.deb >/dev/null 2>&1 || { echo "arm64-sysroot: could not download libopencv-core406:arm64" >&2; exit 1; }
[ -L "$dir" ] && [ ! -e "$dir" ] && rm -f "$dir" # a dangling link left by another machine
mkdir -p "$dir"
# Each package is deleted once unpacked, and docs, manuals and translations are not kept: the disk may be nearly full.
for d in "$debs"/*.deb; do dpkg-deb -x "$d" "$dir"; rm -f "$d"; done
rm -rf "$dir/usr/share/doc" "$dir/usr/share/man" "$dir/usr/share/locale"
alternatives
echo "${pkgs[*]}" > "$stamp"
echo "arm64-sysroot: $(du -sh "$dir" | cut -f1) in $dir"
