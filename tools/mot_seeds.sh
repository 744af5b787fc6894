#!/usr/bin/env bash
# IDF1 over several demo clips: renders `demo-video DIR SECONDS --seed S` for each seed (once) and runs the whole agent
# on it from the file (`eval mot`), printing one line per seed (MOTA, IDF1, ID switches, hypothesis / true ids).
# Usage: tools/mot_seeds.sh AGENT WORKDIR [SECONDS] [SEEDS...]   e.g. tools/mot_seeds.sh artifacts/agent/retinanet-edge /tmp/mot 30 2026 1 2 3 4 5 6 7 8
set -euo pipefail
agent=$1; work=$2; seconds=${3:-30}; shift $(( $# >= 3 ? 3 : $# ))
seeds=("${@:-2026}")
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mkdir -p "$work"
for s in "${seeds[@]}"; do
  [ -f "$work/s$s/gt/gt.txt" ] || "$agent" demo-video "$work/s$s" "$seconds" --seed "$s" > /dev/null
  "$agent" eval mot --model "$repo/models/retinanet-edge-demo.onnx" --video "$work/s$s" --out "$work/out-$s" > "$work/out-$s.log" 2>&1
  python3 -c "import json,sys;d=json.load(open(sys.argv[1]));print(f\"seed {sys.argv[2]}: MOTA {d['Mota']:.3f} IDF1 {d['Idf1']:.3f} IDSW {d['IdSwitches']} ids {d['HypothesisIds']}/{d['TruthIds']}\")" "$work/out-$s/eval-mot.json" "$s"
done
