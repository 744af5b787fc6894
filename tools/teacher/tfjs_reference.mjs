// Runs the NanoDet TFJS graph model on the CPU backend (offline) as the reference for nanodet_import.py.
//   node tools/teacher/tfjs_reference.mjs MODEL_DIR/nanodet.json INPUT.f32 OUTPUT.f32
// INPUT.f32: raw little-endian float32, 1x3x416x416 (already preprocessed). OUTPUT.f32: the six outputs in the order
// cls_8, cls_16, cls_32, dist_8, dist_16, dist_32, each flattened, concatenated.
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as converter from '@tensorflow/tfjs-converter';

const [modelPath, inputPath, outputPath] = process.argv.slice(2);
if (!modelPath || !inputPath || !outputPath) {
  console.error('usage: tfjs_reference.mjs MODEL.json INPUT.f32 OUTPUT.f32');
  process.exit(2);
}
const dir = path.dirname(modelPath);
const handler = {
  load: async () => {
    const json = JSON.parse(fs.readFileSync(modelPath, 'utf8'));
    const specs = json.weightsManifest.flatMap((g) => g.weights);
    const bins = json.weightsManifest.flatMap((g) => g.paths.map((p) => fs.readFileSync(path.join(dir, p))));
    const data = Buffer.concat(bins);
    return {
      modelTopology: json.modelTopology, weightSpecs: specs, signature: json.signature,
      weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength),
    };
  },
};
await tf.setBackend('cpu');
const model = await converter.loadGraphModel(handler);
const raw = fs.readFileSync(inputPath);
const input = tf.tensor(new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4), [1, 3, 416, 416]);
const names = ['Identity', 'Identity_1', 'Identity_2', 'Identity_3', 'Identity_4', 'Identity_5'];
const outs = model.execute({ input_1: input }, names.map((n) => `${n}:0`));
const parts = [];
for (const t of outs) parts.push(Buffer.from((await t.data()).buffer));
fs.writeFileSync(outputPath, Buffer.concat(parts));
console.log(outs.map((t) => t.shape.join('x')).join(' '));
