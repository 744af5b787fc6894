#!/usr/bin/env bash
# Sets up a fresh Debian machine and runs the agent on real street footage (vtest.avi) with the shipped street model
# and the embedded broker.
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
"$out/retinanet-edge" validate --config "$repo/config/agent.json"
cat <<TXT

RetinaNet.Edge demo: camera "street" (OpenCV's vtest.avi, looped) → the street model (int8) → tracks, a line that
counts walkers crossing the middle → MQTT on 127.0.0.1:1883. Dashboard: http://127.0.0.1:8080/
Watch the events in another terminal:
  mosquitto_sub -V mqttv5 -h 127.0.0.1 -p 1883 -t 'retinanet/#' -v

TXT
exec "$out/retinanet-edge" run --config "$repo/config/agent.json"
