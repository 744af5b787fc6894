#!/usr/bin/env bash
# Speed of the street model, float32 and int8, beside the paper's ResNet-50-FPN (untrained, same 512x384 input and
# 6 classes) in one run, on the synthetic bench camera (its content does not change the cost of a dense detector):
#   tools/bench_street.sh [OUT]      (default docs/bench/street); prints each bench's summary line
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-$repo/docs/bench/street}
mkdir -p "$out" "$repo/artifacts"
agent="$repo/artifacts/agent/retinanet-edge"
[ -x "$agent" ] || dotnet build "$repo/src/RetinaNet.Edge" -c Release -nologo -v q -o "$repo/artifacts/agent" >/dev/null
r50="$repo/artifacts/r50-512x384.onnx"
[ -f "$r50" ] || dotnet run --project "$repo/src/RetinaNet.Edge.Toolkit" -c Release -- export --untrained --preset resnet50-fpn \
  --classes 6 --size 512x384 --out "$r50"
for m in retinanet-street-int8 retinanet-street r50-512x384; do
  model="$repo/models/$m.onnx"; [ -f "$model" ] || model="$repo/artifacts/$m.onnx"
  echo "== $m"
  "$agent" bench --model "$model" --cameras 2 --seconds 30 --out "$out/$m" | tee "$out/$m.txt" | grep -E "frames/s|CPU|ceiling" | head -8
done
