#!/usr/bin/env bash
# Proves the linux-arm64 (Jetson) agent runs, under qemu-aarch64 on an x86-64 host: publishes it self-contained with
# the cross-built OpenCvSharp bridge, then, emulated, (1) `validate` accepts a configuration, (2) `detect` on frames
# of the demo video gives the x64 agent's detections within 1e-3 px, (3) `run` with a file camera publishes events
# to its embedded MQTT broker. Speed under emulation means nothing and is not reported.
#   tests/arm64/check.sh [--opencvsharp-source DIR]     (default: the vendored archive in ../shared/vendor, else a download)
# Needs: qemu-user, g++-aarch64-linux-gnu, cmake, mosquitto-clients, python3, the x64 Release build (dotnet build).
# Prints "arm64 check: passed" last and exits 0, or names the failed step and exits 1.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source=""
[ "${1:-}" = --opencvsharp-source ] && source=${2:?}
work=$(mktemp -d); agent_pid=""
cleanup() {
  if [ -n "$agent_pid" ]; then kill "$agent_pid" 2>/dev/null || true; wait "$agent_pid" 2>/dev/null || true; fi
  pkill -f "$work/publish/retinanet-edge" 2>/dev/null || true # nothing emulated outlives the check
  rm -rf "$work" 2>/dev/null || true # a failure here must not turn a passed check into a failed one (errexit applies in traps)
}
trap cleanup EXIT
fail() { echo "arm64 check: FAILED: $*" >&2; exit 1; }
for tool in qemu-aarch64 aarch64-linux-gnu-g++ cmake mosquitto_sub python3 ffmpeg; do
  command -v "$tool" >/dev/null || fail "$tool is not installed"
done
if [ -z "$source" ]; then
  archive=$(ls "$repo"/../shared/vendor/opencvsharp-*-native-src.tar.gz 2>/dev/null | head -1 || true)
  if [ -n "$archive" ]; then tar xzf "$archive" -C "$work"; source=$(ls -d "$work"/opencvsharp-*/ | head -1); fi
fi
x64="$repo/src/RetinaNet.Edge/bin/Release/net10.0/retinanet-edge"
[ -x "$x64" ] || fail "build the x64 agent first (dotnet build -c Release)"

sysroot="$repo/build/sysroot-arm64"
"$repo/deploy/arm64-sysroot.sh" "$sysroot"
source_args=(); [ -z "$source" ] || source_args=(--source "$source") # none: build-opencvsharp.sh downloads the pinned tag
bridge=$("$repo/deploy/build-opencvsharp.sh" --arch arm64 "${source_args[@]}" --sysroot "$sysroot" --out "$work/bridge" | tail -1)
pub="$work/publish"
echo "arm64 check: publishing linux-arm64"
dotnet publish "$repo/src/RetinaNet.Edge" -c Release -r linux-arm64 --self-contained true -nologo -v q \
  -p:OnnxRuntimeFlavor=cpu -o "$pub" 2>&1 | grep -v NU1603 || true
[ -x "$pub/retinanet-edge" ] || fail "the linux-arm64 publish made no retinanet-edge"
install -m 0755 "$bridge" "$pub/libOpenCvSharpExtern.so"
file -L "$pub/retinanet-edge" | grep -q 'ARM aarch64' || fail "the published agent is not an aarch64 binary"
# In a private mount namespace where it may (root, else a user namespace) the host's CPU cache files are hidden from
# the emulated agent: ONNX Runtime's arm64 cpuinfo crashes on some x86 hosts' layouts (see hide-cpu-caches.sh).
hide=()
if unshare -m true 2>/dev/null; then hide=(unshare -m "$repo/tests/arm64/hide-cpu-caches.sh")
elif unshare -Urm true 2>/dev/null; then hide=(unshare -Urm "$repo/tests/arm64/hide-cpu-caches.sh"); fi
arm_cmd=("${hide[@]}" env DOTNET_EnableWriteXorExecute=0 DOTNET_TieredPGO=0 QEMU_LD_PREFIX="$sysroot" qemu-aarch64 "$pub/retinanet-edge")
arm() { "${arm_cmd[@]}" "$@"; }

# A short demo video and a configuration with a file camera on it.
"$x64" demo-video "$work/demo" 4 >/dev/null
video="$work/demo/video.avi"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/config/cameras" "$work/state"
cat > "$work/config/agent.json" <<JSON
{ "model": { "path": "$repo/models/retinanet-edge-demo.onnx" }, "inference": { "providers": ["cpu"], "maxBatch": 1 },
  "mqtt": { "embeddedPort": $port, "topicPrefix": "arm64" }, "http": { "port": 0 },
  "tracking": { "confirmHits": 2 }, "stateFolder": "$work/state", "snapshots": { "folder": "$work/state/snapshots" } }
JSON
cat > "$work/config/cameras/demo.json" <<JSON
{ "name": "demo", "url": "$video", "loop": true, "realTime": true, "detectFps": 5 }
JSON

echo "arm64 check: validate (emulated)"
arm validate --config "$work/config/agent.json" > "$work/validate.txt" 2>&1 || { cat "$work/validate.txt"; fail "validate"; }

# The same pixels on both sides: every 20th frame of the demo video as PNG. (Decoding the .avi itself goes through
# two different OpenCV/FFmpeg builds — the NuGet's 4.13 on x64, Debian's 4.6 with FFmpeg 5.1 on arm64 — whose
# decoded pixels differ slightly; that is checked separately for frame count and agreement within 0.05 px.)
echo "arm64 check: detect on demo video frames, emulated and native"
mkdir -p "$work/frames"
ffmpeg -loglevel error -i "$video" -vf 'select=not(mod(n\,20))' -vsync 0 "$work/frames/f%03d.png"
model="$repo/models/retinanet-edge-demo.onnx"
"$x64" detect --model "$model" --out "$work/x64.jsonl" "$work/frames" 2>/dev/null
arm detect --model "$model" --out "$work/arm64.jsonl" "$work/frames" 2>"$work/detect.err" || { cat "$work/detect.err"; fail "detect"; }
python3 "$repo/tests/arm64/compare_detections.py" "$work/x64.jsonl" "$work/arm64.jsonl" 1e-3 || fail "detections on the frames differ"
echo "arm64 check: detect on the video file itself (arm64 decodes it with Debian's OpenCV videoio)"
"$x64" detect --model "$model" --every 20 --out "$work/x64-video.jsonl" "$video" 2>/dev/null
arm detect --model "$model" --every 20 --out "$work/arm64-video.jsonl" "$video" 2>"$work/detect.err" || { cat "$work/detect.err"; fail "detect on the video"; }
python3 "$repo/tests/arm64/compare_detections.py" "$work/x64-video.jsonl" "$work/arm64-video.jsonl" 0.05 1e-2 || fail "detections on the video differ"

echo "arm64 check: run with a file camera (emulated), events from the embedded broker"
# exec: $! is the emulated agent itself, so the TERM below reaches it (not a subshell that would leave it running).
(cd "$work" && exec "${arm_cmd[@]}" run --config "$work/config/agent.json" > "$work/run.log" 2>&1) & agent_pid=$!
for _ in $(seq 1 240); do   # the agent is ready when its host says so
  grep -q "MQTT broker listening\|Application started" "$work/run.log" 2>/dev/null && break
  kill -0 "$agent_pid" 2>/dev/null || { tail -20 "$work/run.log"; fail "run exited"; }
  sleep 0.5
done
events=$(timeout 60 mosquitto_sub -V mqttv5 -h 127.0.0.1 -p "$port" -t 'arm64/cameras/+/events' -C 3 -W 60 2>/dev/null | wc -l || true)
kill -TERM "$agent_pid"; wait "$agent_pid" 2>/dev/null || true; agent_pid=""
if pgrep -f "$work/publish/retinanet-edge" >/dev/null; then fail "the emulated agent did not stop on SIGTERM"; fi
[ "$events" -ge 3 ] || { tail -30 "$work/run.log"; fail "run published $events events in 60 s (wanted 3)"; }
echo "arm64 check: $events events received from the emulated agent"
echo "arm64 check: passed"
