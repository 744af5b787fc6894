#!/usr/bin/python3
"""Held-out ground truth from the teacher's labels plus hand corrections.

    python3 tools/teacher/make_ground_truth.py --labels DIR --corrections data/vtest-heldout/corrections.json \
        --video /usr/share/doc/opencv-doc/examples/data/vtest.avi --out data/vtest-heldout

DIR is `retinanet-toolkit label --from 556 --every 6` output (tracks.txt, images/). Writes OUT/annotations.json
(COCO, the sampled frames), OUT/images/, and OUT/mot/ for `retinanet-edge eval mot`: video.avi (the held-out stretch,
frame 1 = video frame FROM), gt/gt.txt (MOTChallenge: frame,id,x,y,w,h,1,class,visibility) and gt/frames.txt (the
frames that have ground truth; tracks on other frames are not scored).
"""
import argparse, json, os, shutil, subprocess, sys

CLASSES = ["person", "bicycle", "car", "motorcycle", "bus", "truck"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--labels", required=True)
    ap.add_argument("--corrections", required=True)
    ap.add_argument("--video", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--from", dest="start", type=int, default=556)
    ap.add_argument("--every", type=int, default=6)
    a = ap.parse_args()
    fix = json.load(open(a.corrections))
    drop = {int(k) for k in fix["drop_ids"]}
    set_class = {int(k): CLASSES.index(v) + 1 for k, v in fix["set_class"].items()}
    merge = {int(k): int(v) for k, v in fix["merge_ids"].items()}
    frames = sorted({int(n[6:12]) for n in os.listdir(os.path.join(a.labels, "images"))})
    boxes = {}  # (frame, id) -> [class, x1, y1, x2, y2]
    for line in open(os.path.join(a.labels, "tracks.txt")):
        f, i, x, y, w, h, _, c = line.split(",")[:8]
        frame, tid = int(f) - 1, int(i)
        if frame not in frames or tid in drop:
            continue
        tid = merge.get(tid, tid)
        boxes[(frame, tid)] = [set_class.get(tid, int(c)), float(x), float(y), float(x) + float(w), float(y) + float(h)]
    for r in fix["replace"]:
        key = (r["frame"], r["id"])
        if key not in boxes:
            sys.exit(f"error: replace: no box of id {r['id']} on frame {r['frame']}")
        boxes[key][1:] = r["box"]
    for r in fix["add"]:
        key = (r["frame"], r["id"])
        if key in boxes:
            sys.exit(f"error: add: id {r['id']} already has a box on frame {r['frame']}")
        boxes[key] = [CLASSES.index(r["class"]) + 1] + r["box"]
    os.makedirs(os.path.join(a.out, "images"), exist_ok=True)
    coco = {"info": {"description": "vtest.avi held-out frames (the last 30 %), teacher labels corrected by hand: " + fix["about"]},
            "images": [], "annotations": [], "categories": [{"id": i + 1, "name": n} for i, n in enumerate(CLASSES)]}
    for f in frames:
        name = f"frame_{f:06d}.jpg"
        shutil.copy(os.path.join(a.labels, "images", name), os.path.join(a.out, "images", name))
        coco["images"].append({"id": f + 1, "file_name": "images/" + name, "width": 768, "height": 576})
    for n, ((f, tid), (c, x1, y1, x2, y2)) in enumerate(sorted(boxes.items())):
        coco["annotations"].append({"id": n + 1, "image_id": f + 1, "category_id": c, "bbox": [round(x1, 2), round(y1, 2), round(x2 - x1, 2), round(y2 - y1, 2)],
                                    "area": round((x2 - x1) * (y2 - y1), 2), "iscrowd": 0, "track_id": tid})
    json.dump(coco, open(os.path.join(a.out, "annotations.json"), "w"), indent=1)
    mot = os.path.join(a.out, "mot")
    os.makedirs(os.path.join(mot, "gt"), exist_ok=True)
    with open(os.path.join(mot, "gt", "gt.txt"), "w") as g:
        for (f, tid), (c, x1, y1, x2, y2) in sorted(boxes.items()):
            g.write(f"{f - a.start + 1},{tid},{x1:.2f},{y1:.2f},{x2 - x1:.2f},{y2 - y1:.2f},1,{c},1\n")
    with open(os.path.join(mot, "gt", "frames.txt"), "w") as g:
        g.write("\n".join(str(f - a.start + 1) for f in frames) + "\n")
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-i", a.video, "-vf", f"select=gte(n\\,{a.start})", "-vsync", "0",
                    "-c:v", "mjpeg", "-q:v", "2", os.path.join(mot, "video.avi")], check=True)
    people = sum(1 for v in boxes.values() if v[0] == 1)
    print(f"{len(frames)} frames, {len(boxes)} boxes ({people} people, {len(boxes) - people} vehicles), "
          f"{len({k[1] for k in boxes})} track ids; {len(fix['add'])} boxes added, {len(fix['replace'])} replaced, "
          f"{len(drop)} duplicate tracks dropped, {len(merge)} ids merged")


if __name__ == "__main__":
    main()
