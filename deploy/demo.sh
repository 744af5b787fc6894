#!/usr/bin/env bash
# Sets up a fresh Debian machine and runs the agent on the demo camera with the demo model and the embedded broker.
#   deploy/demo.sh            (Ctrl+C stops the agent)
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
need=()
for p in libgtk-3-0 ffmpeg mosquitto-clients opencv-doc; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
out="$repo/artifacts/agent"
dotnet build "$repo/src/RetinaNet.Edge" -c Release -nologo -v q -o "$out" >/dev/null
[ -f "$repo/artifacts/demo/video.avi" ] || "$out/retinanet-edge" demo-video "$repo/artifacts/demo" 60
"$out/retinanet-edge" validate --config "$repo/config/agent.json"
cat <<TXT

RetinaNet.Edge demo: camera "demo" (synthetic video, looped) → demo model → tracks → MQTT on 127.0.0.1:1883.
Watch the events in another terminal:
  mosquitto_sub -V mqttv5 -h 127.0.0.1 -p 1883 -t 'retinanet/#' -v

TXT
exec "$out/retinanet-edge" run --config "$repo/config/agent.json"
