#!/usr/bin/python3
"""Regenerate the jet_tagger sample (model + data) -- deterministic.

    /usr/bin/python3 samples/jet_tagger/generate.py

A 16 -> 64 -> 32 -> 32 -> 5 MLP in the style of the hls4ml jet-tagging
benchmark, trained briefly with PyTorch on a synthetic 5-class "jet" dataset
(g, q, W, Z, t), and saved in Keras 2.13 format (Sequential JSON + HDF5
weights, variable-length strings) with tools/generators/keras_writer.py.

Outputs (next to this script):
  model.json          architecture (Dense relu x3 with a Dropout, Dense softmax)
  model_weights.h5    weights, as model.save_weights() writes them
  input.dat           1000 held-out rows x 16 standardized features
  expected.dat        float64 torch softmax outputs for those rows (%.17g)
  labels.dat          true class (0..4) per row
Needs numpy, h5py and torch (no TensorFlow).
"""

import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools", "generators"))

import keras_writer as kw  # noqa: E402

SEED = 20240611
N_FEATURES = 16
N_CLASSES = 5
CLASS_NAMES = ["g", "q", "w", "z", "t"]
N_TRAIN = 20000
N_TEST = 1000
# Features are standardized, clipped to [-4, 4] and rounded to multiples of
# 2**-6: exact in float32 and in ap_fixed<16,6>, and short in input.dat.
INPUT_FRAC_BITS = 6
INPUT_CLIP = 4.0
DROPOUT_RATE = 0.1
EPOCHS = 12
MEAN_SPREAD = 0.8      # spread of the class means in latent space
NOISE = 0.5            # per-feature "detector" noise
LABEL_SMOOTHING = 0.1  # keeps logits moderate (well inside ap_fixed<16,6>)
BATCH = 256


def make_jets(rng, n):
    """Synthetic jets: per-class Gaussian latent clusters pushed through a fixed
    nonlinear 'detector' map (products, squares, saturations, log-mass-like)."""
    latent_dim = 8
    # class-dependent latent means and covariances (fixed by the seed)
    crng = np.random.default_rng(SEED + 1)
    means = crng.normal(0.0, MEAN_SPREAD, size=(N_CLASSES, latent_dim))
    scales = [np.eye(latent_dim) + 0.35 * crng.normal(size=(latent_dim, latent_dim))
              for _ in range(N_CLASSES)]
    mix = crng.normal(0.0, 1.0, size=(latent_dim, N_FEATURES)) / np.sqrt(latent_dim)

    y = rng.integers(0, N_CLASSES, size=n)
    z = rng.normal(size=(n, latent_dim))
    z = np.einsum("nij,nj->ni", np.stack(scales)[y], z) + means[y]
    lin = z @ mix
    f = np.empty((n, N_FEATURES))
    f[:, 0:6] = lin[:, 0:6]
    f[:, 6:9] = np.tanh(1.5 * lin[:, 6:9]) + 0.3 * lin[:, 0:3] * lin[:, 3:6]
    f[:, 9:11] = np.log1p(np.exp(2.0 * lin[:, 9:11]))          # mass-like, >= 0
    f[:, 11:13] = lin[:, 11:13] ** 2 - lin[:, 0:2]
    f[:, 13] = np.abs(lin[:, 13]) * np.sign(lin[:, 7])
    f[:, 14:16] = np.sin(lin[:, 14:16]) + 0.5 * lin[:, 14:16]
    f += rng.normal(0.0, NOISE, size=f.shape)                   # detector noise
    return f, y


def build_torch():
    torch.manual_seed(SEED)
    return torch.nn.Sequential(
        torch.nn.Linear(16, 64), torch.nn.ReLU(), torch.nn.Dropout(DROPOUT_RATE),
        torch.nn.Linear(64, 32), torch.nn.ReLU(),
        torch.nn.Linear(32, 32), torch.nn.ReLU(),
        torch.nn.Linear(32, 5))


def main():
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)
    rng = np.random.default_rng(SEED)
    f_train, y_train = make_jets(rng, N_TRAIN)
    f_test, y_test = make_jets(rng, N_TEST)

    mu, sd = f_train.mean(axis=0), f_train.std(axis=0)
    x_train = kw.quantize_to_grid((f_train - mu) / sd, INPUT_FRAC_BITS, -INPUT_CLIP, INPUT_CLIP)
    x_test = kw.quantize_to_grid((f_test - mu) / sd, INPUT_FRAC_BITS, -INPUT_CLIP, INPUT_CLIP)

    gen = torch.Generator().manual_seed(SEED)
    net = build_torch()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3, weight_decay=1e-4)
    xt = torch.from_numpy(x_train)
    yt = torch.from_numpy(y_train.astype(np.int64))
    for epoch in range(EPOCHS):
        net.train()
        perm = torch.randperm(N_TRAIN, generator=gen)
        for i in range(0, N_TRAIN, BATCH):
            idx = perm[i:i + BATCH]
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(xt[idx]), yt[idx], label_smoothing=LABEL_SMOOTHING)
            loss.backward()
            opt.step()
    net.eval()
    with torch.no_grad():
        train_acc = (net(xt).argmax(1) == yt).double().mean().item()

    # ---- export to Keras format (torch Linear weight is [out, in]; Keras kernel is [in, out])
    lin = [m for m in net if isinstance(m, torch.nn.Linear)]
    kb = [(l.weight.detach().numpy().T.copy(), l.bias.detach().numpy().copy()) for l in lin]
    model = kw.KerasModel("Sequential", "sequential", keras_version="2.13.1")
    model.add(kw.input_layer("fc1_input", (N_FEATURES,)))
    model.add(kw.dense("fc1", *kb[0], activation="relu"))
    model.add(kw.dropout("dropout", DROPOUT_RATE))
    model.add(kw.dense("fc2", *kb[1], activation="relu"))
    model.add(kw.dense("fc3", *kb[2], activation="relu"))
    model.add(kw.dense("output", *kb[3], activation="softmax"))

    json_path = os.path.join(HERE, "model.json")
    h5_path = os.path.join(HERE, "model_weights.h5")
    model.write_json(json_path, indent=2)
    model.write_weights_h5(h5_path, string_style="vlen")

    # ---- oracle: float64 torch forward of the float32 weights, checked against the files
    y_prob = model.forward(x_test)
    y_back = kw.read_keras(json_path, h5_path).forward(x_test)
    assert np.array_equal(y_prob, y_back)
    with torch.no_grad():  # same network in float32 torch: must agree closely
        y32 = torch.softmax(net(torch.from_numpy(x_test)), dim=1).numpy()
    assert np.max(np.abs(y32 - y_prob)) < 1e-5, np.max(np.abs(y32 - y_prob))
    test_acc = float(np.mean(y_prob.argmax(axis=1) == y_test))

    # range check for ap_fixed<16,6> (|x| < 32): dense pre-activations
    h = x_test.astype(np.float64)
    worst = float(np.max(np.abs(h)))
    for k, b in kb:
        h = h @ k.astype(np.float64) + b.astype(np.float64)
        worst = max(worst, float(np.max(np.abs(h))))
        h = np.maximum(h, 0.0)
    wmax = max(float(np.max(np.abs(a))) for k, b in kb for a in (k, b))

    kw.write_rows(os.path.join(HERE, "input.dat"), x_test, "input")
    kw.write_rows(os.path.join(HERE, "expected.dat"), y_prob, "expected")
    kw.write_rows(os.path.join(HERE, "labels.dat"), y_test[:, None], "int")

    assert test_acc > 0.8, test_acc
    assert worst < 16.0, worst
    print(f"train accuracy (torch, float32, {N_TRAIN} rows): {train_acc:.4f}")
    print(f"test accuracy  (oracle, float64, {N_TEST} rows in input.dat): {test_acc:.4f}")
    print(f"class counts in input.dat: {np.bincount(y_test, minlength=N_CLASSES).tolist()}")
    print(f"max |weight| = {wmax:.3f}; max |dense pre-activation or input| = {worst:.3f}")


if __name__ == "__main__":
    main()
