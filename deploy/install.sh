#!/usr/bin/env bash
# Publishes RetinaNet.Edge and installs it as a systemd service.
#   sudo deploy/install.sh [--root DIR] [--no-start] [--rid linux-x64|linux-arm64] [--cpu-only] [--opencvsharp-source DIR]
# --root DIR stages everything under DIR instead of / (for packaging and for testing this script);
# --no-start installs without enabling/starting the unit.
# --cpu-only links ONNX Runtime's CPU-only build (about 330 MB smaller; no CUDA/TensorRT providers) instead of the
#            GPU build (CUDA 13 / cuDNN 9 / TensorRT 10 providers, used where those libraries are installed).
# --rid linux-arm64 (Jetson): publishes for aarch64 and puts an OpenCvSharp native bridge beside the agent (NuGet has
#            none for arm64): built on the box against its own OpenCV, or cross-built against Debian's arm64 OpenCV
#            on an x86-64 host (deploy/build-opencvsharp.sh, from the source vendored in deploy/vendor, so no
#            network is needed; --opencvsharp-source DIR|ARCHIVE takes another source). On a foreign host the installed agent is validated under
#            qemu-aarch64 when present, and otherwise not run.
# Layout: /opt/retinanet-edge (program, models), /etc/retinanet-edge (agent.json, cameras/, secrets.env),
#         /var/lib/retinanet-edge (state), /etc/systemd/system/retinanet-edge.service.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
root=""; start=1; rid=linux-x64; flavor=gpu; ocvs_source=
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root=${2:?}; shift 2 ;;
    --no-start) start=0; shift ;;
    --rid) rid=${2:?}; shift 2 ;;
    --cpu-only) flavor=cpu; shift ;;
    --opencvsharp-source) ocvs_source=${2:?}; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
opt=$root/opt/retinanet-edge etc=$root/etc/retinanet-edge state=$root/var/lib/retinanet-edge unit=$root/etc/systemd/system

if [ -z "$root" ]; then
  [ "$(id -u)" = 0 ] || { echo "run as root (or use --root DIR to stage)" >&2; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq libgtk-3-0 ffmpeg >/dev/null
  getent group retinanet-edge >/dev/null || groupadd --system retinanet-edge
  id retinanet-edge >/dev/null 2>&1 || useradd --system --gid retinanet-edge --groups video --no-create-home --home-dir /var/lib/retinanet-edge --shell /usr/sbin/nologin retinanet-edge
fi

echo "publishing ($rid, self-contained) to $opt"
# ONNX Runtime's GPU build exists for linux-x64 only; other RIDs (Jetson: linux-arm64) use the CPU package and
# JetPack's libonnxruntime through inference.nativeLibrary.
[ "$rid" = linux-x64 ] || flavor=cpu
echo "ONNX Runtime: $flavor build"
dotnet publish "$repo/src/RetinaNet.Edge" -c Release -r "$rid" --self-contained true -nologo -v q -p:OnnxRuntimeFlavor=$flavor -o "$opt"
host_rid=$(case "$(uname -m)" in x86_64) echo linux-x64 ;; aarch64) echo linux-arm64 ;; *) echo "linux-$(uname -m)" ;; esac)
if [ "$rid" = linux-arm64 ]; then
  build_args=(); [ -z "$ocvs_source" ] || build_args+=(--source "$ocvs_source")
  [ "$host_rid" = linux-arm64 ] || build_args+=(--arch arm64)
  bridge=$("$repo/deploy/build-opencvsharp.sh" "${build_args[@]}" | tail -1)
  install -m 0755 "$bridge" "$opt/libOpenCvSharpExtern.so"
fi
# How to run the installed agent here: natively, under qemu for an arm64 build on another host, or not at all.
run_agent=("$opt/retinanet-edge")
if [ "$rid" != "$host_rid" ]; then
  if [ "$rid" = linux-arm64 ] && command -v qemu-aarch64 >/dev/null; then
    sysroot="$repo/build/sysroot-arm64"; "$repo/deploy/arm64-sysroot.sh" "$sysroot"
    run_agent=(env DOTNET_EnableWriteXorExecute=0 QEMU_LD_PREFIX="$sysroot" qemu-aarch64 "$opt/retinanet-edge")
  else
    run_agent=()
    echo "not running the $rid build on this $host_rid host (no emulator): the demo video and the validation are skipped"
  fi
fi
mkdir -p "$opt/models" "$etc/cameras" "$unit"
cp "$repo"/models/*.onnx "$repo"/models/*.labels.txt "$opt/models/"
cp "$repo/README.md" "$opt/"

if [ ! -f "$etc/agent.json" ]; then
  sed -e 's#"path": "../models/#"path": "/opt/retinanet-edge/models/#' -e 's#"folder": "snapshots"#"folder": "/var/lib/retinanet-edge/snapshots"#' -e 's#"stateFolder": "state"#"stateFolder": "/var/lib/retinanet-edge"#' "$repo/config/agent.json" > "$etc/agent.json"
fi
# A first camera to see the agent work: OpenCV's street footage (opencv-doc) watched by the street model.
vtest=/usr/share/doc/opencv-doc/examples/data/vtest.avi
if [ -z "$(ls -A "$etc/cameras" 2>/dev/null)" ] && [ -f "$vtest" ]; then
  cat > "$etc/cameras/street.json" <<JSON
{ "name": "street", "url": "$vtest", "loop": true, "realTime": true, "detectFps": 5, "minScore": 0.5,
  "lines": [ { "name": "middle", "from": [384, 110], "to": [384, 576], "labels": ["person"] } ] }
JSON
fi
[ -f "$etc/secrets.env" ] || { : > "$etc/secrets.env"; chmod 600 "$etc/secrets.env"; }
install -m 0644 "$repo/systemd/retinanet-edge.service" "$unit/retinanet-edge.service"

# Check the installed configuration as the service will read it (when staging, with paths moved under the root).
if [ ${#run_agent[@]} -eq 0 ]; then
  :
elif [ -z "$root" ]; then
  (cd "$state" && "${run_agent[@]}" validate --config "$etc/agent.json")
else
  check=$(mktemp -d); mkdir -p "$check/cameras"
  sed "s#\"/opt/#\"$root/opt/#g; s#\"/var/lib/#\"$root/var/lib/#g" "$etc/agent.json" > "$check/agent.json"
  for f in "$etc"/cameras/*.json; do sed "s#\"/var/lib/#\"$root/var/lib/#g" "$f" > "$check/cameras/$(basename "$f")"; done
  "${run_agent[@]}" validate --config "$check/agent.json"
  rm -rf "$check"
fi

if [ -z "$root" ]; then
  chown -R retinanet-edge:retinanet-edge "$state"
  chown -R root:retinanet-edge "$etc" && chmod 750 "$etc"
  # The cameras folder is the service's to write (camera API, dashboard editor; the unit's ReadWritePaths allows it).
  chown -R retinanet-edge:retinanet-edge "$etc/cameras" && chmod 750 "$etc/cameras"
  if [ $start = 1 ] && [ -d /run/systemd/system ]; then
    systemctl daemon-reload
    systemctl enable --now retinanet-edge
    echo "started: systemctl status retinanet-edge; journalctl -u retinanet-edge -f"
  else
    echo "installed; start with: systemctl daemon-reload && systemctl enable --now retinanet-edge"
  fi
else
  echo "staged under $root"
fi
