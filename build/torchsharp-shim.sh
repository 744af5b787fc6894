#!/usr/bin/env bash
# Makes TorchSharp 0.107.0's libLibTorchSharp.so load on systems whose libstdc++ lacks GLIBCXX_3.4.32 (Debian 12).
# The library needs that version for a single symbol, std::ios_base_library_init() (GCC 13's iostream initialiser;
# older libstdc++ initialises iostreams by other means, so an empty definition is correct there).
# Fix: 1) mark the GLIBCXX_3.4.32 version need as weak (VER_FLG_WEAK) so ld.so does not refuse the library;
#      2) build a one-function shim that defines the symbol under that version and add it as DT_NEEDED.
# Idempotent; a no-op where the system libstdc++ already provides GLIBCXX_3.4.32. Usage: torchsharp-shim.sh DIR
set -euo pipefail
dir=${1:?output directory}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
libstdcxx=$( (ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64/{print $NF; exit}') || true)
[ -n "$libstdcxx" ] || libstdcxx=/usr/lib/x86_64-linux-gnu/libstdc++.so.6
if [ -f "$libstdcxx" ] && grep -aq 'GLIBCXX_3\.4\.32' "$libstdcxx"; then
  exit 0 # the system provides the version; nothing to do
fi
mapfile -t libs < <(find "$dir" -name libLibTorchSharp.so -type f 2>/dev/null)
[ ${#libs[@]} -gt 0 ] || exit 0
command -v patchelf >/dev/null || { echo "torchsharp-shim: patchelf is required (apt-get install patchelf)" >&2; exit 1; }
command -v cc >/dev/null || { echo "torchsharp-shim: a C compiler is required (apt-get install gcc)" >&2; exit 1; }
for lib in "${libs[@]}"; do
  libdir=$(dirname "$lib")
  shim="$libdir/libtorchsharp_glibcxx_shim.so"
  if [ ! -f "$shim" ]; then
    tmp=$(mktemp -d)
    printf 'void retinanet_ios_base_library_init(void) __asm__("_ZSt21ios_base_library_initv");\nvoid retinanet_ios_base_library_init(void) {}\n' > "$tmp/shim.c"
    printf 'GLIBCXX_3.4.32 { global: _ZSt21ios_base_library_initv; local: *; };\n' > "$tmp/shim.map"
    cc -shared -fPIC -O2 -o "$shim" "$tmp/shim.c" -Wl,--version-script="$tmp/shim.map" -Wl,-soname,libtorchsharp_glibcxx_shim.so
    rm -rf "$tmp"
  fi
  python3 "$here/elf_weaken_verneed.py" "$lib" GLIBCXX_3.4.32
  if ! patchelf --print-needed "$lib" | grep -qx libtorchsharp_glibcxx_shim.so; then
    patchelf --add-needed libtorchsharp_glibcxx_shim.so "$lib"
  fi
  case "$(patchelf --print-rpath "$lib")" in *'$ORIGIN'*) ;; *) patchelf --add-rpath '$ORIGIN' "$lib" ;; esac
done
