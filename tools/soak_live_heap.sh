#!/bin/bash
# Beside a running `retinanet-edge bench soak --out DIR`: every 10 minutes a gcdump of its agent (dotnet tool install -g
# dotnet-gcdump; forces a full collection) and the live managed bytes, into DIR/live-heap.csv.
pid=$(pgrep -f "retinanet-edge run --config ${1:?usage: soak_live_heap.sh SOAK_OUT_DIR}/run/agent.json")
echo "utc,live_heap_bytes,live_objects" > "$1/live-heap.csv"
while kill -0 $pid 2>/dev/null; do
  f=/tmp/soak-gc.gcdump; rm -f $f
  timeout 120 ~/.dotnet/tools/dotnet-gcdump collect -p $pid -o $f >/dev/null 2>&1
  r=$(timeout 60 ~/.dotnet/tools/dotnet-gcdump report $f 2>/dev/null | head -3)
  b=$(echo "$r" | awk '/GC Heap bytes/ {gsub(",","",$1); print $1}'); o=$(echo "$r" | awk '/GC Heap objects/ {gsub(",","",$1); print $1}')
  echo "$(date -u +%H:%M:%S),$b,$o" >> "$1/live-heap.csv"
  sleep 600
done
