#!/usr/bin/env bash
# Cores one camera costs, side by side on the same clip, in steady state: ffmpeg decoding it alone (-re -f null),
# and the whole agent (the agent process plus its ffmpeg child; one file camera played in real time, looping, at
# detectFps 5 with the demo model). CPU = user+system ticks of the processes over a window that starts after a
# warm-up (JIT, model load), divided by the window. The agent's figure is split into its ffmpeg child and the
# agent process (inference, tracking, events).
# Usage: bench/capture/measure.sh [CODEC libx264|libx265] [SIZE 1920x1080] [FPS 30] [WINDOW_SECONDS 20] [WARMUP_SECONDS 15]
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
codec=${1:-libx264} size=${2:-1920x1080} fps=${3:-30} window=${4:-20} warmup=${5:-15}
work=$(mktemp -d); pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work" 2>/dev/null || true' EXIT
agent="$repo/src/RetinaNet.Edge/bin/Release/net10.0/retinanet-edge"
[ -x "$agent" ] || { echo "build first: dotnet build -c Release" >&2; exit 1; }
hz=$(getconf CLK_TCK)
ticks() { local s r; s=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }; r=${s##*) }; set -- $r; echo $(( ${12} + ${13} )); }
clip="$work/clip.mp4"
# A camera-like clip: the demo video's moving shapes over a real scene, scaled up (not a test pattern).
"$agent" demo-video "$work/demo" 20 >/dev/null
ffmpeg -loglevel error -y -i "$work/demo/video.avi" -vf "scale=${size/x/:},fps=$fps" -c:v "$codec" -preset veryfast -g "$fps" -pix_fmt yuv420p "$clip"

ffmpeg -loglevel error -nostdin -re -stream_loop -1 -i "$clip" -f null - & dec=$!; pids+=("$dec")
sleep "$warmup"; d0=$(ticks "$dec"); sleep "$window"; d1=$(ticks "$dec"); kill "$dec"

mkdir -p "$work/cfg/cameras"
cat > "$work/cfg/agent.json" <<JSON
{ "model": { "path": "$repo/models/retinanet-edge-demo.onnx" }, "inference": { "providers": ["cpu"] },
  "mqtt": { "embeddedPort": $(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])') },
  "http": { "port": 0 }, "stateFolder": "$work/state", "snapshots": { "enabled": false } }
JSON
echo "{ \"name\": \"cam\", \"url\": \"$clip\", \"realTime\": true, \"loop\": true, \"detectFps\": 5 }" > "$work/cfg/cameras/cam.json"
"$agent" run --config "$work/cfg/agent.json" > "$work/agent.log" 2>&1 & ag=$!; pids+=("$ag")
sleep "$warmup"
child=$(pgrep -P "$ag" ffmpeg | head -1); [ -n "$child" ] || { tail "$work/agent.log"; echo "the agent started no ffmpeg" >&2; exit 1; }
a0=$(ticks "$ag"); c0=$(ticks "$child"); sleep "$window"; a1=$(ticks "$ag"); c1=$(ticks "$child")
kill -TERM "$ag"; wait "$ag" 2>/dev/null || true
python3 - "$((d1 - d0))" "$((a1 - a0))" "$((c1 - c0))" "$window" "$hz" "$codec" "$size" "$fps" <<'PY'
import sys
d, a, c, window, hz = (float(x) for x in sys.argv[1:6])
d, a, c = d / hz / window, a / hz / window, c / hz / window
print(f"{sys.argv[6]} {sys.argv[7]}@{sys.argv[8]}, detectFps 5, steady state over {window:.0f} s: decoder alone {d:.3f} cores; "
      f"whole agent {a + c:.3f} cores (ffmpeg child {c:.3f} = {c / d:.2f} x decoding alone; agent process {a:.3f}); "
      f"whole agent / decoder alone = {(a + c) / d:.2f}")
PY
