#!/usr/bin/python3
"""Layout C reference: an end-to-end ONNX model whose outputs are fixed detections in network-input pixels, in
torchvision's form (boxes, scores, labels) or mmdeploy's (dets = x1,y1,x2,y2,score and labels), and the boxes
torchvision itself maps back to the source image (GeneralizedRCNNTransform.postprocess -> resize_boxes).
Usage: end_to_end_reference.py FORM(torchvision|mmdeploy) NET_H NET_W SRC_H SRC_W SEED OUT_DIR"""
import json
import sys

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper
from torchvision.models.detection.transform import resize_boxes

form, nh, nw, sh, sw, seed, out = sys.argv[1], *map(int, sys.argv[2:7]), sys.argv[7]
rng = np.random.default_rng(seed)
n = 40
x1 = rng.uniform(0, nw * 0.8, n); y1 = rng.uniform(0, nh * 0.8, n)
x2 = np.minimum(x1 + rng.uniform(4, nw * 0.3, n), nw); y2 = np.minimum(y1 + rng.uniform(4, nh * 0.3, n), nh)
boxes = np.stack([x1, y1, x2, y2], 1).astype(np.float32)
scores = rng.uniform(0, 1, n).astype(np.float32)
labels = rng.integers(0, 80, n).astype(np.int64)

def const(name, array):
    return helper.make_node("Constant", [], [name], value=numpy_helper.from_array(array, name + "_value"))

inp = helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 3, nh, nw])
if form == "torchvision":
    nodes = [const("boxes", boxes[None]), const("scores", scores[None]), const("labels", labels[None])]
    outs = [helper.make_tensor_value_info("boxes", TensorProto.FLOAT, [1, n, 4]), helper.make_tensor_value_info("scores", TensorProto.FLOAT, [1, n]),
            helper.make_tensor_value_info("labels", TensorProto.INT64, [1, n])]
else:
    dets = np.concatenate([boxes, scores[:, None]], 1)
    nodes = [const("dets", dets[None]), const("labels", labels[None])]
    outs = [helper.make_tensor_value_info("dets", TensorProto.FLOAT, [1, n, 5]), helper.make_tensor_value_info("labels", TensorProto.INT64, [1, n])]
model = helper.make_model(helper.make_graph(nodes, "end_to_end", [inp], outs), opset_imports=[helper.make_opsetid("", 13)])
model.ir_version = 8
onnx.save(model, f"{out}/model.onnx")

keep = scores >= 0.05
order = np.argsort(-scores[keep], kind="stable")
mapped = resize_boxes(torch.from_numpy(boxes[keep][order]), (nh, nw), (sh, sw))
json.dump({"boxes": mapped.tolist(), "scores": scores[keep][order].tolist(), "labels": labels[keep][order].tolist()}, open(f"{out}/reference.json", "w"))
