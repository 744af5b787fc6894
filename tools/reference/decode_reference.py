#!/usr/bin/python3
"""Reference decodings for the agent's decoder tests, computed independently of the agent.

Writes random raw head maps (conv layout: class [A*K, h, w], box [A*4, h, w] per level, float32) and the reference
detections for one layout and input size:
  layout A: NVIDIA retinanet-examples (ODTK) formulas -- odtk/model.py (stride = W // w, anchors generated for that
            stride), odtk/box.py (generate_anchors, decode, delta2box with the level's bound w*stride-1, nms with
            "+1" areas) -- re-stated here with torch;
  layout B: torchvision itself -- RetinaNet.postprocess_detections with its AnchorGenerator and BoxCoder.
Usage: decode_reference.py LAYOUT HEIGHT WIDTH CLASSES SEED OUT_DIR
Output: OUT_DIR/heads.bin (cls levels then box levels, float32 little endian), OUT_DIR/reference.json.
"""
import json
import math
import sys

import torch

THRESHOLD, TOP_N, NMS, DETECTIONS = 0.05, 1000, 0.5, 300


def level_sizes(height, width):
    # ResNet stem (stride 4) then ceil halvings, as padded stride-2 convolutions give: P3..P7.
    h, w = math.ceil(math.ceil(height / 2) / 2), math.ceil(math.ceil(width / 2) / 2)
    sizes = []
    for level in range(5):
        h, w = math.ceil(h / 2), math.ceil(w / 2)
        sizes.append((h, w))
    return sizes


def odtk_generate_anchors(stride, ratios=(1.0, 2.0, 0.5), scales=tuple(4 * 2 ** (i / 3) for i in range(3))):
    scales_t = torch.FloatTensor(scales).repeat(len(ratios), 1).transpose(0, 1).contiguous().view(-1, 1)
    ratios_t = torch.FloatTensor(list(ratios) * len(scales))
    wh = torch.FloatTensor([stride]).repeat(len(ratios_t), 2)
    ws = torch.sqrt(wh[:, 0] * wh[:, 1] / ratios_t)
    dwh = torch.stack([ws, ws * ratios_t], dim=1)
    return torch.cat([0.5 * (wh - dwh * scales_t), 0.5 * (wh + dwh * scales_t)], dim=1)


def odtk_decode(cls_head, box_head, stride, anchors):
    num_anchors = anchors.size(0)
    num_classes = cls_head.size(0) // num_anchors
    height, width = cls_head.shape[-2:]
    flat = cls_head.contiguous().view(-1)
    keep = (flat >= THRESHOLD).nonzero().view(-1)
    scores = flat[keep]
    scores, order = torch.topk(scores, min(TOP_N, keep.numel()))
    indices = keep[order]
    classes = torch.div(indices, width * height, rounding_mode="floor") % num_classes
    x = indices % width
    y = torch.div(indices, width, rounding_mode="floor") % height
    a = torch.div(indices, num_classes * height * width, rounding_mode="floor")
    deltas = box_head.view(num_anchors, 4, height, width)[a, :, y, x]
    grid = torch.stack([x, y, x, y], 1).float() * stride + anchors[a, :]
    wh = grid[:, 2:] - grid[:, :2] + 1
    ctr = grid[:, :2] + 0.5 * wh
    pred_ctr = deltas[:, :2] * wh + ctr
    pred_wh = torch.exp(deltas[:, 2:]) * wh
    bound = torch.tensor([width * stride - 1, height * stride - 1], dtype=torch.float32)
    clamp = lambda t: torch.max(torch.zeros(2), torch.min(t, bound))
    boxes = torch.cat([clamp(pred_ctr - 0.5 * pred_wh), clamp(pred_ctr + 0.5 * pred_wh - 1)], 1)
    return scores, boxes, classes


def odtk_nms(scores, boxes, classes):
    order = torch.argsort(scores, descending=True)
    scores, boxes, classes = scores[order], boxes[order], classes[order]
    areas = (boxes[:, 2] - boxes[:, 0] + 1) * (boxes[:, 3] - boxes[:, 1] + 1)
    alive = torch.ones(scores.numel(), dtype=torch.bool)
    kept = []
    for i in range(scores.numel()):
        if not alive[i]:
            continue
        kept.append(i)
        if len(kept) == DETECTIONS:
            break
        xy1 = torch.max(boxes[:, :2], boxes[i, :2])
        xy2 = torch.min(boxes[:, 2:], boxes[i, 2:])
        inter = torch.prod((xy2 - xy1 + 1).clamp(min=0), 1)
        iou = inter / (areas + areas[i] - inter)
        suppress = (iou > NMS) & (classes == classes[i])
        suppress[: i + 1] = False
        alive &= ~suppress
    kept = torch.tensor(kept, dtype=torch.long)
    return scores[kept], boxes[kept], classes[kept]


def layout_a(height, width, classes, gen):
    levels, cls_maps, box_maps = [], [], []
    for level, (h, w) in enumerate(level_sizes(height, width)):
        # probabilities; deeper levels score higher so that every level, P6 and P7 too, is in the kept set
        cls_maps.append(torch.rand(9 * classes, h, w, generator=gen) ** 6 * (0.6 + 0.1 * level))
        box_maps.append(torch.randn(9 * 4, h, w, generator=gen) * 0.4)
    all_s, all_b, all_c = [], [], []
    for cls_head, box_head in zip(cls_maps, box_maps):
        stride = width // cls_head.shape[-1]
        s, b, c = odtk_decode(cls_head, box_head, stride, odtk_generate_anchors(stride))
        all_s.append(s); all_b.append(b); all_c.append(c)
        levels.append({"height": cls_head.shape[-2], "width": cls_head.shape[-1], "stride": stride})
    s, b, c = odtk_nms(torch.cat(all_s), torch.cat(all_b), torch.cat(all_c))
    return levels, cls_maps, box_maps, s, b, c


def layout_b(height, width, classes, gen):
    from torchvision.models.detection import retinanet_resnet50_fpn
    from torchvision.models.detection.image_list import ImageList
    model = retinanet_resnet50_fpn(weights=None, weights_backbone=None, num_classes=classes,
                                   score_thresh=THRESHOLD, nms_thresh=NMS, detections_per_img=DETECTIONS,
                                   topk_candidates=TOP_N).eval()
    levels, cls_maps, box_maps, features = [], [], [], []
    for level, (h, w) in enumerate(level_sizes(height, width)):
        cls_maps.append(torch.randn(9 * classes, h, w, generator=gen) * 2 - 5 + 0.5 * level)  # logits
        box_maps.append(torch.randn(9 * 4, h, w, generator=gen) * 0.4)
        features.append(torch.zeros(1, 256, h, w))
        levels.append({"height": h, "width": w})
    images = ImageList(torch.zeros(1, 3, height, width), [(height, width)])
    anchors = model.anchor_generator(images, features)

    def as_head(m, k):  # torchvision's RetinaNetHead: view(N, A, K, H, W) -> permute -> reshape(N, HWA, K)
        _, h, w = m.shape
        return m.view(1, 9, k, h, w).permute(0, 3, 4, 1, 2).reshape(1, -1, k)

    head = {"cls_logits": [as_head(m, classes) for m in cls_maps], "bbox_regression": [as_head(m, 4) for m in box_maps]}
    counts = [m.shape[-1] * m.shape[-2] * 9 for m in cls_maps]
    split_anchors = [list(a.split(counts)) for a in anchors]
    with torch.no_grad():
        det = model.postprocess_detections(head, split_anchors, images.image_sizes)[0]
    return levels, cls_maps, box_maps, det["scores"], det["boxes"], det["labels"]


def main():
    layout, height, width, classes, seed, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
    gen = torch.Generator().manual_seed(seed)
    levels, cls_maps, box_maps, scores, boxes, labels = (layout_a if layout == "A" else layout_b)(height, width, classes, gen)
    with open(f"{out}/heads.bin", "wb") as f:
        for m in cls_maps + box_maps:
            f.write(m.contiguous().numpy().astype("<f4").tobytes())
    # Which level each kept detection came from is not reported by either reference; the strides are.
    with open(f"{out}/reference.json", "w") as f:
        json.dump({"levels": levels, "scores": scores.tolist(), "boxes": boxes.tolist(), "classes": [int(c) for c in labels.tolist()]}, f)


if __name__ == "__main__":
    main()
