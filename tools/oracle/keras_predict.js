#!/usr/bin/env node
// Independent oracle: load a Keras architecture JSON with TensorFlow.js, set the weights, predict.
//
//   node tools/oracle/keras_predict.js model.json weights.json input.dat expected.dat
//
// weights.json: {"<layer>/<weight>": {"shape": [...], "data": [...]}, ...} as written by
// tools/generators/dump_weights.py (names as in the HDF5 file, e.g. "fc1/kernel").
// input.dat: one sample per line, every model input flattened (channels-last, row-major) and concatenated in model
// input order. expected.dat: one line per sample, all outputs flattened and concatenated, %.17g-style values.
// tfjs computes in float32; that is the oracle's precision.
const fs = require('fs');
const path = require('path');
const tf = require(require.resolve('@tensorflow/tfjs', { paths: [__dirname] }));

// Keras layers TensorFlow.js lacks, re-implemented here from their Keras definitions (the issue allows that for
// layers tfjs does not have). Each is a few lines of tf ops.
class Subtract extends tf.layers.Layer {
  static get className() { return 'Subtract'; }
  computeOutputShape(inputShape) { return inputShape[0]; }
  call(inputs) { return tf.tidy(() => tf.sub(inputs[0], inputs[1])); }
}
tf.serialization.registerClass(Subtract);

async function main() {
  const [modelPath, weightsPath, inputPath, outputPath] = process.argv.slice(2);
  if (!outputPath) {
    console.error('usage: keras_predict.js model.json weights.json input.dat expected.dat');
    process.exit(2);
  }
  await tf.setBackend('cpu');
  const topology = JSON.parse(fs.readFileSync(modelPath, 'utf8'));
  const model = await tf.models.modelFromJSON({ modelTopology: topology });
  const weights = JSON.parse(fs.readFileSync(weightsPath, 'utf8'));
  const values = model.weights.map((w) => {
    // tfjs names variables "<layer>/<weight>" (sometimes with a numeric suffix); match on the original name.
    const name = (w.originalName || w.name).replace(/_\d+$/, '');
    const entry = weights[name] || weights[w.originalName] || weights[w.name];
    if (!entry) throw new Error(`no weights for ${w.originalName || w.name}; have ${Object.keys(weights).join(', ')}`);
    return tf.tensor(entry.data, entry.shape, 'float32');
  });
  model.setWeights(values);

  const rows = fs.readFileSync(inputPath, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l.length)
    .map((l) => l.split(/[\s,]+/).map(Number));
  const inputs = model.inputs.map((i) => i.shape.slice(1));
  const sizes = inputs.map((s) => s.reduce((a, b) => a * b, 1));
  const tensors = inputs.map((shape, k) => {
    const offset = sizes.slice(0, k).reduce((a, b) => a + b, 0);
    const flat = rows.flatMap((r) => r.slice(offset, offset + sizes[k]));
    return tf.tensor(flat, [rows.length, ...shape], 'float32');
  });
  let out = model.predict(tensors.length === 1 ? tensors[0] : tensors);
  if (!Array.isArray(out)) out = [out];
  const arrays = await Promise.all(out.map((t) => t.reshape([rows.length, -1]).array()));
  const lines = rows.map((_, r) => arrays.flatMap((a) => a[r]).map((v) => Number(v).toPrecision(9)).join(' '));
  fs.mkdirSync(path.dirname(path.resolve(outputPath)), { recursive: true });
  fs.writeFileSync(outputPath, lines.join('\n') + '\n');
}

main().catch((e) => { console.error(e.message || e); process.exit(1); });
