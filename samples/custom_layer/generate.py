#!/usr/bin/python3
"""Regenerate the custom_layer sample's model and data -- deterministic.

    /usr/bin/python3 samples/custom_layer/generate.py

A Keras 2 Sequential model Dense(8, relu) -> ID -> Dense(4, softmax), where `ID` is a user-defined Keras layer
class (identity: output = input) that Hls4ml.Sdk does not know; the IdLayer extension in this folder teaches it.
Writes model.json + model_weights.h5 (with tools/generators/keras_writer.py), input.dat (50 rows) and
expected.dat computed by PyTorch in float64 (the ID layer is the identity, so the oracle skips it).
Needs numpy, h5py and torch.
"""
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools", "generators"))
import keras_writer as kw  # noqa: E402

rng = np.random.default_rng(4242)
n_in, n_hidden, n_out = 6, 8, 4
k1 = (rng.standard_normal((n_in, n_hidden)) * 0.5).astype(np.float32)
b1 = (rng.standard_normal(n_hidden) * 0.1).astype(np.float32)
k2 = (rng.standard_normal((n_hidden, n_out)) * 0.5).astype(np.float32)
b2 = (rng.standard_normal(n_out) * 0.1).astype(np.float32)

model = kw.KerasModel("Sequential", "id_model", keras_version="2.13.1")
model.add(kw.input_layer("input_1", (n_in,)))
model.add(kw.dense("dense1", k1, b1, activation="relu"))
model.add(kw.raw_layer("ID", "id1", {"name": "id1", "trainable": True, "dtype": "float32"}))
model.add(kw.dense("dense2", k2, b2, activation="softmax"))
model.write_json(os.path.join(HERE, "model.json"), indent=2)
model.write_weights_h5(os.path.join(HERE, "model_weights.h5"), string_style="vlen")

# Inputs on the ap_fixed<16,6> grid, so input quantization is exact.
x = kw.quantize_to_grid(rng.uniform(-2, 2, (50, n_in)), 10, -2, 2)
F = torch.nn.functional
xt = torch.from_numpy(x.astype(np.float64))
h = F.relu(F.linear(xt, torch.from_numpy(k1.astype(np.float64)).T, torch.from_numpy(b1.astype(np.float64))))
h = h  # ID: identity
y = F.softmax(F.linear(h, torch.from_numpy(k2.astype(np.float64)).T, torch.from_numpy(b2.astype(np.float64))), dim=-1)
np.savetxt(os.path.join(HERE, "input.dat"), x, fmt="%.10g")
np.savetxt(os.path.join(HERE, "expected.dat"), y.numpy(), fmt="%.17g")
print("wrote model.json, model_weights.h5, input.dat, expected.dat")
