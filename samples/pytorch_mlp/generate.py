#!/usr/bin/python3
"""Regenerate the pytorch_mlp sample -- deterministic.

    /usr/bin/python3 samples/pytorch_mlp/generate.py

A PyTorch MLP (10 -> 32 -> 16 -> 4, BatchNorm1d, ReLU, Dropout, Softmax) trained briefly on a synthetic
4-class dataset, then exported exactly as a PyTorch user would:

    torch.onnx.export(model.eval(), example, "model.onnx", opset_version=13, ...)

No ONNX clean-up or channels-last conversion follows; Hls4ml.Sdk reads the file as it is.

Outputs (next to this script):
  model.onnx     the exported model (Gemm, BatchNormalization, Relu, Softmax; Dropout is dropped by the export)
  input.dat      500 held-out rows x 10 features, rounded to multiples of 2**-8
  expected.dat   the torch model's float64 outputs for those rows (%.17g)
  labels.dat     true class (0..3) per row
Needs Debian's python3-torch, python3-onnx and python3-numpy.
"""

import copy
import os

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20241125
N_FEATURES, N_CLASSES = 10, 4
N_TRAIN, N_TEST = 8000, 500
FRAC_BITS = 8


def make_data(rng, n):
    """Four classes on noisy interleaved spirals in a random 10-D embedding."""
    y = rng.integers(0, N_CLASSES, size=n)
    t = rng.uniform(0.3, 1.0, size=n)
    angle = 2.5 * np.pi * t + y * (np.pi / 2)
    plane = np.stack([t * np.cos(angle), t * np.sin(angle)], axis=1) * 2.0
    embed = np.random.default_rng(SEED + 1).normal(size=(2, N_FEATURES)) / np.sqrt(2)
    x = np.tanh(plane @ embed) * 2.0 + rng.normal(0.0, 0.15, size=(n, N_FEATURES))
    step = 2.0 ** -FRAC_BITS
    x = np.clip(np.round(x / step) * step, -4.0, 4.0)
    return x.astype(np.float32), y


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(N_FEATURES, 32)
        self.bn1 = nn.BatchNorm1d(32)
        self.drop = nn.Dropout(0.1)
        self.fc2 = nn.Linear(32, 16)
        self.fc3 = nn.Linear(16, N_CLASSES)

    def forward(self, x):
        x = self.drop(torch.relu(self.bn1(self.fc1(x))))
        x = torch.relu(self.fc2(x))
        return torch.softmax(self.fc3(x), dim=1)


def main():
    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    x_train, y_train = make_data(rng, N_TRAIN)
    x_test, y_test = make_data(rng, N_TEST)

    model = Mlp()
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    loss_fn = nn.NLLLoss()
    xt, yt = torch.from_numpy(x_train), torch.from_numpy(y_train)
    for epoch in range(30):
        model.train()
        perm = torch.randperm(N_TRAIN)
        for i in range(0, N_TRAIN, 200):
            idx = perm[i:i + 200]
            opt.zero_grad()
            loss = loss_fn(torch.log(model(xt[idx]) + 1e-9), yt[idx])
            loss.backward()
            opt.step()
    model.eval()

    onnx_path = os.path.join(HERE, "model.onnx")
    with torch.no_grad():
        torch.onnx.export(model, torch.from_numpy(x_test[:1]), onnx_path, opset_version=13,
                          input_names=["features"], output_names=["probabilities"],
                          dynamic_axes={"features": {0: "batch"}, "probabilities": {0: "batch"}})
        y = copy.deepcopy(model).double()(torch.from_numpy(x_test).double()).numpy()
    accuracy = float(np.mean(np.argmax(y, axis=1) == y_test))

    with open(os.path.join(HERE, "input.dat"), "w") as f:
        for r in x_test:
            f.write(" ".join(repr(float(v)) for v in r) + "\n")
    with open(os.path.join(HERE, "expected.dat"), "w") as f:
        for r in y:
            f.write(" ".join("%.17g" % v for v in r) + "\n")
    with open(os.path.join(HERE, "labels.dat"), "w") as f:
        f.write("\n".join(str(int(v)) for v in y_test) + "\n")
    print(f"torch accuracy on the {N_TEST} test rows: {accuracy:.3f}")


if __name__ == "__main__":
    main()
