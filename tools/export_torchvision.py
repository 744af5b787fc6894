#!/usr/bin/python3
"""Export torchvision's COCO RetinaNet to an ONNX file the RetinaNet.Edge agent loads unchanged.

    /usr/bin/python3 tools/export_torchvision.py --arch retinanet_resnet50_fpn --weights DEFAULT \
        --height 480 --width 640 --out models/retinanet-r50-fpn-coco-640x480.onnx

The file has one input `input` [N, 3, H, W] (RGB, /255, ImageNet mean/std: the agent's preprocessing; N dynamic) and
the raw heads as ten outputs, cls_p3..cls_p7 [N, 9*91, h, w] (logits) then box_p3..box_p7 [N, 36, h, w]: layout B.
The metadata names the layout and torchvision's 91 COCO categories, so no agent setting is needed. --weights DEFAULT
downloads torchvision's COCO weights (box mAP 36.4 for v1, 41.5 for v2 on COCO val2017, torchvision's own figures);
--weights NONE builds the same network with random weights (tests, machines without internet).

Test aids (random weights only): --calibrate-image IMG rescales the last class convolution so that a few hundred
anchors score above 0.05 on IMG; --reference-image IMG --reference-out JSON writes torchvision's own
postprocess_detections on IMG (which must be exactly H x W) for comparison with `retinanet-edge detect`.
"""
import argparse
import json
import math
import sys

import torch
import torchvision
from torchvision.models import detection

ARCHS = {
    "retinanet_resnet50_fpn": (detection.retinanet_resnet50_fpn, detection.RetinaNet_ResNet50_FPN_Weights),
    "retinanet_resnet50_fpn_v2": (detection.retinanet_resnet50_fpn_v2, detection.RetinaNet_ResNet50_FPN_V2_Weights),
}
MEAN, STD = (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)


class RawHeads(torch.nn.Module):
    """Backbone + FPN + the two heads' convolutions, without torchvision's transform and post-processing."""

    def __init__(self, model):
        super().__init__()
        self.backbone = model.backbone
        self.cls_conv, self.cls_logits = model.head.classification_head.conv, model.head.classification_head.cls_logits
        self.box_conv, self.box_out = model.head.regression_head.conv, model.head.regression_head.bbox_reg

    def forward(self, x):
        features = list(self.backbone(x).values())
        cls = [self.cls_logits(self.cls_conv(f)) for f in features]
        box = [self.box_out(self.box_conv(f)) for f in features]
        return tuple(cls + box)


def load_image(path, height, width):
    """BGR file -> normalized RGB tensor [1, 3, H, W], the agent's preprocessing (image already H x W: no resize)."""
    import numpy as np
    from PIL import Image
    img = Image.open(path).convert("RGB")
    if img.size != (width, height):
        sys.exit(f"{path} is {img.size[0]}x{img.size[1]}, expected {width}x{height}")
    t = torch.from_numpy(np.asarray(img, dtype=np.float32) / 255.0).permute(2, 0, 1)
    return ((t - torch.tensor(MEAN)[:, None, None]) / torch.tensor(STD)[:, None, None]).unsqueeze(0)


def calibrate(model, raw, image):
    """Random weights give every anchor the prior score 0.01: spread the class logits so that the top 0.01 % pass 0.05."""
    with torch.no_grad():
        pre = [raw.cls_conv(f) for f in raw.backbone(image).values()]
        layer = raw.cls_logits
        values = torch.cat([torch.nn.functional.conv2d(p, layer.weight, None, padding=1).flatten() for p in pre])
        scale = 2.0 / float(values.std())
        layer.weight.mul_(scale)
        q = float(torch.quantile((values * scale)[torch.randperm(values.numel())[:1_000_000]], 0.9999))
        layer.bias.fill_(math.log(0.05 / 0.95) - q)


def randomize_norm(model, gen):
    """Test aid: give every BatchNorm random statistics and affine values, so that an import that mixed them up shows."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (torch.nn.BatchNorm2d, torchvision.ops.FrozenBatchNorm2d)):
                c = m.weight.numel()
                m.weight.copy_(torch.rand(c, generator=gen) * 0.5 + 0.75)
                m.bias.copy_(torch.randn(c, generator=gen) * 0.1)
                m.running_mean.copy_(torch.randn(c, generator=gen) * 0.1)
                m.running_var.copy_(torch.rand(c, generator=gen) * 0.5 + 0.75)


def write_safetensors(model, path, metadata):
    """The state dict (float tensors, torchvision's names) as safetensors: 8-byte header length, JSON header, raw data.
    Written by hand so that no extra Python package is needed."""
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for name, t in model.state_dict().items():
        if not t.is_floating_point():
            continue  # num_batches_tracked
        data = t.detach().to(torch.float32).contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * (-len(raw) % 8)
    with open(path, "wb") as f:
        f.write(len(raw).to_bytes(8, "little"))
        f.write(raw)
        for b in blobs:
            f.write(b)
    print(f"wrote {path}: {len(header) - 1} tensors")


def reference(model, image, height, width, out):
    from torchvision.models.detection.image_list import ImageList
    with torch.no_grad():
        features = list(model.backbone(image).values())
        head = model.head(features)
        images = ImageList(image, [(height, width)])
        anchors = model.anchor_generator(images, features)
        counts = [f.shape[-2] * f.shape[-1] * model.anchor_generator.num_anchors_per_location()[0] for f in features]
        split_head = {k: list(v.split(counts, dim=1)) for k, v in head.items()}
        split_anchors = [list(a.split(counts)) for a in anchors]
        det = model.postprocess_detections(split_head, split_anchors, images.image_sizes)[0]
    with open(out, "w") as f:
        json.dump({"scores": det["scores"].tolist(), "boxes": det["boxes"].tolist(), "labels": det["labels"].tolist()}, f)
    print(f"reference: {len(det['scores'])} detections -> {out}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--arch", choices=sorted(ARCHS), default="retinanet_resnet50_fpn")
    p.add_argument("--weights", default="DEFAULT", help="DEFAULT (torchvision's COCO weights, downloaded) or NONE (random)")
    p.add_argument("--height", type=int, default=480)
    p.add_argument("--width", type=int, default=640)
    p.add_argument("--out", required=True)
    p.add_argument("--opset", type=int, default=13)
    p.add_argument("--no-metadata", action="store_true", help="leave out the retinanet.* metadata (tests the agent's layout detection)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--calibrate-image")
    p.add_argument("--reference-image")
    p.add_argument("--reference-out")
    p.add_argument("--max-detections", type=int, default=300)
    p.add_argument("--weights-out", help="also write the weights as safetensors (for retinanet-toolkit import)")
    p.add_argument("--randomize-norm", action="store_true", help="test aid: random BatchNorm statistics")
    a = p.parse_args()
    if a.height < 32 or a.width < 32:
        sys.exit("--height and --width must be at least 32")
    torch.manual_seed(a.seed)
    build, weights_enum = ARCHS[a.arch]
    weights = None if a.weights.upper() == "NONE" else weights_enum[a.weights.upper()]
    model = build(weights=weights, weights_backbone=None, detections_per_img=a.max_detections).eval()
    raw = RawHeads(model).eval()
    if a.randomize_norm:
        randomize_norm(model, torch.Generator().manual_seed(a.seed + 1))
    if a.calibrate_image:
        if weights is not None:
            sys.exit("--calibrate-image is for random weights only")
        calibrate(model, raw, load_image(a.calibrate_image, a.height, a.width))
    dummy = torch.zeros(1, 3, a.height, a.width)
    levels = ["p3", "p4", "p5", "p6", "p7"]
    outputs = [f"cls_{l}" for l in levels] + [f"box_{l}" for l in levels]
    torch.onnx.export(raw, dummy, a.out, input_names=["input"], output_names=outputs, opset_version=a.opset,
                      dynamic_axes={n: {0: "batch"} for n in ["input"] + outputs}, do_constant_folding=False)
    import onnx
    m = onnx.load(a.out)
    if not a.no_metadata:
        categories = weights_enum.DEFAULT.meta["categories"]
        for key, value in {"retinanet.layout": "B", "retinanet.labels": "\n".join(categories),
                           "retinanet.source": f"torchvision {torchvision.__version__} {a.arch} weights={a.weights}"}.items():
            m.metadata_props.append(onnx.StringStringEntryProto(key=key, value=value))
    onnx.save(m, a.out)
    print(f"wrote {a.out}: {a.arch}, weights {a.weights}, input [N,3,{a.height},{a.width}], layout B, 91 classes")
    if a.weights_out:
        write_safetensors(model, a.weights_out, {"arch": a.arch, "weights": a.weights, "categories": json.dumps(weights_enum.DEFAULT.meta["categories"]),
                                                 "height": str(a.height), "width": str(a.width)})
    if a.reference_image:
        reference(model, load_image(a.reference_image, a.height, a.width), a.height, a.width, a.reference_out)


if __name__ == "__main__":
    main()
