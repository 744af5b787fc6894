"""Compares two `retinanet-edge detect` JSON-lines outputs: same frames, same detections (class, score within 1e-4 unless a fourth argument says otherwise),
boxes within a pixel tolerance. Prints the largest box difference; exits 1 on a mismatch."""
import json, sys

def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]

def main(a_path, b_path, tol, score_tol=1e-4):
    a, b = load(a_path), load(b_path)
    if len(a) != len(b) or not a:
        print(f"frames: {len(a)} vs {len(b)}"); return 1
    worst, count = 0.0, 0
    for fa, fb in zip(a, b):
        da, db = fa.get("detections", []), fb.get("detections", [])
        if len(da) != len(db):
            print(f"frame {fa.get('frame')}: {len(da)} vs {len(db)} detections"); return 1
        for x, y in zip(da, db):
            if x.get("classId", x.get("label")) != y.get("classId", y.get("label")) or abs(x["score"] - y["score"]) > score_tol:
                print(f"frame {fa.get('frame')}: {x} vs {y}"); return 1
            bx, by = x["box"], y["box"]
            keys = bx.keys() if isinstance(bx, dict) else range(len(bx))
            worst = max(worst, max(abs(bx[k] - by[k]) for k in keys))
            count += 1
    print(f"{len(a)} frames, {count} detections, largest box difference {worst:.2e} px (tolerance {tol})")
    return 0 if worst <= tol else 1

if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]) if len(sys.argv) > 4 else 1e-4))
