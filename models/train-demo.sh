#!/usr/bin/env bash
# Reproduces the demo model: synthetic data (seeds 1 and 2) → train edge-tiny (seed 1) → export ONNX → evaluate.
# Usage: models/train-demo.sh [WORKDIR]   (default: ./artifacts/demo-train). Needs Debian's opencv-doc for textures.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=${1:-$repo/artifacts/demo-train}
mkdir -p "$work"
dotnet build "$repo/src/RetinaNet.Edge.Toolkit" -c Release -v q -nologo -o "$work/bin" >/dev/null
tk="$work/bin/retinanet-toolkit"
[ -f "$work/train/annotations.json" ] || "$tk" synth --out "$work/train" --count 4000 --seed 1 --size 384x256 --truncated 0.3
[ -f "$work/val/annotations.json" ] || "$tk" synth --out "$work/val" --count 500 --seed 2 --size 384x256 --truncated 0.3
start=$(date +%s)
resume=()
# An interrupted run continues from its last checkpoint: data order and flips are keyed by seed and iteration,
# so the result is the same as an uninterrupted run.
[ -f "$work/checkpoints/last/state.json" ] && resume=(--resume "$work/checkpoints/last")
"$tk" train "${resume[@]}" --data "$work/train/annotations.json" --val "$work/val/annotations.json" --out "$work/checkpoints" \
  --preset edge-tiny --epochs 10 --batch 8 --lr 0.01 --warmup 300 --seed 1 --threads 2
echo "training wall time: $(( $(date +%s) - start )) s"
"$tk" export --checkpoint "$work/checkpoints/best" --out "$repo/models/retinanet-edge-demo.onnx"
"$tk" evaluate --checkpoint "$work/checkpoints/best" --data "$work/val/annotations.json"
