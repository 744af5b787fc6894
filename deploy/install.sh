#!/usr/bin/env bash
# Publishes RetinaNet.Edge and installs it as a systemd service.
#   sudo deploy/install.sh [--root DIR] [--no-start] [--rid linux-x64] [--cpu-only]
# --root DIR stages everything under DIR instead of / (for packaging and for testing this script);
# --no-start installs without enabling/starting the unit.
# --cpu-only links ONNX Runtime's CPU-only build (about 330 MB smaller; no CUDA/TensorRT providers) instead of the
#            GPU build (CUDA 13 / cuDNN 9 / TensorRT 10 providers, used where those libraries are installed).
# Layout: /opt/retinanet-edge (program, models), /etc/retinanet-edge (agent.json, cameras/, secrets.env),
#         /var/lib/retinanet-edge (state), /etc/systemd/system/retinanet-edge.service.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
root=""; start=1; rid=linux-x64; flavor=gpu
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root=${2:?}; shift 2 ;;
    --no-start) start=0; shift ;;
    --rid) rid=${2:?}; shift 2 ;;
    --cpu-only) flavor=cpu; shift ;;
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
mkdir -p "$opt/models" "$etc/cameras" "$state/demo" "$unit"
cp "$repo"/models/*.onnx "$repo"/models/*.labels.txt "$opt/models/"
cp "$repo/README.md" "$opt/"

if [ ! -f "$etc/agent.json" ]; then
  sed -e 's#"path": "../models/#"path": "/opt/retinanet-edge/models/#' -e 's#"folder": "snapshots"#"folder": "/var/lib/retinanet-edge/snapshots"#' -e 's#"stateFolder": "state"#"stateFolder": "/var/lib/retinanet-edge"#' "$repo/config/agent.json" > "$etc/agent.json"
fi
if [ -z "$(ls -A "$etc/cameras" 2>/dev/null)" ]; then
  "$opt/retinanet-edge" demo-video "$state/demo" 60 >/dev/null
  cat > "$etc/cameras/demo.json" <<JSON
{ "name": "demo", "url": "/var/lib/retinanet-edge/demo/video.avi", "loop": true, "realTime": true, "detectFps": 5 }
JSON
fi
[ -f "$etc/secrets.env" ] || { : > "$etc/secrets.env"; chmod 600 "$etc/secrets.env"; }
install -m 0644 "$repo/systemd/retinanet-edge.service" "$unit/retinanet-edge.service"

# Check the installed configuration as the service will read it (when staging, with paths moved under the root).
if [ -z "$root" ]; then
  (cd "$state" && "$opt/retinanet-edge" validate --config "$etc/agent.json")
else
  check=$(mktemp -d); mkdir -p "$check/cameras"
  sed "s#\"/opt/#\"$root/opt/#g; s#\"/var/lib/#\"$root/var/lib/#g" "$etc/agent.json" > "$check/agent.json"
  for f in "$etc"/cameras/*.json; do sed "s#\"/var/lib/#\"$root/var/lib/#g" "$f" > "$check/cameras/$(basename "$f")"; done
  "$opt/retinanet-edge" validate --config "$check/agent.json"
  rm -rf "$check"
fi

if [ -z "$root" ]; then
  chown -R retinanet-edge:retinanet-edge "$state"
  chown -R root:retinanet-edge "$etc" && chmod 750 "$etc"
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
