#!/usr/bin/env bash
# Cores one camera costs, side by side on the same clip: ffmpeg decoding it alone (-re -f null), and the whole agent
# (agent + its ffmpeg child, one file camera played in real time at detectFps 5 with the demo model) — and the
# agent's ratio to decoding. CPU is user+system time of the process tree (children reaped by the agent included)
# divided by the clip's wall duration. Usage: bench/capture/measure.sh [CODEC libx264|libx265] [SIZE 1920x1080] [FPS 30] [SECONDS 40]
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
codec=${1:-libx264} size=${2:-1920x1080} fps=${3:-30} seconds=${4:-40}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
agent="$repo/src/RetinaNet.Edge/bin/Release/net10.0/retinanet-edge"
[ -x "$agent" ] || { echo "build first: dotnet build -c Release" >&2; exit 1; }
clip="$work/clip.mp4"
# A camera-like clip: the demo video's moving objects scaled up (real edges and motion, not a test pattern).
"$agent" demo-video "$work/demo" "$seconds" >/dev/null
ffmpeg -loglevel error -y -i "$work/demo/video.avi" -vf "scale=${size/x/:},fps=$fps" -c:v "$codec" -preset veryfast -g "$fps" -pix_fmt yuv420p "$clip"
cpu() { awk '{ print $1 + $2 }' "$1"; }
/usr/bin/time -f "%U %S" -o "$work/decode.time" ffmpeg -loglevel error -re -i "$clip" -f null - 
mkdir -p "$work/cfg/cameras"
cat > "$work/cfg/agent.json" <<JSON
{ "model": { "path": "$repo/models/retinanet-edge-demo.onnx" }, "inference": { "providers": ["cpu"] },
  "mqtt": { "embeddedPort": $(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])') },
  "http": { "port": 0 }, "stateFolder": "$work/state", "snapshots": { "enabled": false } }
JSON
echo "{ \"name\": \"cam\", \"url\": \"$clip\", \"realTime\": true, \"detectFps\": 5 }" > "$work/cfg/cameras/cam.json"
start=$(date +%s.%N)
/usr/bin/time -f "%U %S" -o "$work/agent.time" timeout -s TERM $((seconds + 4)) "$agent" run --config "$work/cfg/agent.json" > "$work/agent.log" 2>&1 || true
wall=$(echo "$(date +%s.%N) - $start" | bc)
# The same agent with no camera, as long: start-up (JIT, model load) and idle, subtracted to get the camera's cost.
mv "$work/cfg/cameras/cam.json" "$work/cam.json.off"
/usr/bin/time -f "%U %S" -o "$work/idle.time" timeout -s TERM $((seconds + 4)) "$agent" run --config "$work/cfg/agent.json" > "$work/idle.log" 2>&1 || true
d=$(cpu "$work/decode.time"); a=$(cpu "$work/agent.time"); i=$(cpu "$work/idle.time")
python3 - "$d" "$a" "$i" "$seconds" "$codec" "$size" "$fps" <<'PY'
import sys
d, a, i, secs = map(float, sys.argv[1:5])
cam = a - i
print(f"{sys.argv[5]} {sys.argv[6]}@{sys.argv[7]}, detectFps 5: decoder alone {d/secs:.3f} cores; agent with the camera {a/secs:.3f}, "
      f"without {i/secs:.3f}; the camera costs {cam/secs:.3f} cores = {cam/d:.2f} x decoding alone")
PY
