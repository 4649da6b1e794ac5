#!/usr/bin/python3
"""Regenerate the cnn_classifier sample (model + data) -- deterministic.

    /usr/bin/python3 samples/cnn_classifier/generate.py

A small image classifier, trained briefly with PyTorch on a synthetic 12x12 single-channel "shapes" task (4 classes:
horizontal bar, vertical bar, diagonal line, square ring, at random positions, with noise), and saved in Keras 2.13
format (Sequential JSON + HDF5 weights) with tools/generators/keras_writer.py + keras_layers_cnn.py:

  conv1  Conv2D 6 filters 3x3 same (linear) -> bn1 BatchNormalization -> relu1 ReLU -> pool1 MaxPooling2D 2x2
  conv2  Conv2D 8 filters 3x3 valid relu  -> pool2 AveragePooling2D 2x2 -> flatten -> output Dense 4 softmax

Outputs (next to this script):
  model.json, model_weights.h5   the model
  input.dat                      300 held-out images, flattened row-major (height, width, channel), multiples of 2^-6
  expected.dat                   TensorFlow.js predictions for input.dat (tools/oracle/keras_predict.js, float32),
                                 checked against a float64 torch re-implementation and against the trained network
  labels.dat                     true class (0..3) per row
Needs numpy, h5py, torch, and node with tools/oracle installed (cd tools/oracle && npm install).
"""

import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools", "generators"))

import keras_writer as kw  # noqa: E402
import keras_layers_cnn as cnn  # noqa: E402

SEED = 20240917
SIZE = 12
N_CLASSES = 4
CLASS_NAMES = ["horizontal", "vertical", "diagonal", "ring"]
N_TRAIN = 8000
N_TEST = 300
INPUT_FRAC_BITS = 6
NOISE = 0.15
EPOCHS = 10
BATCH = 128
BN_EPSILON = 1e-3


def make_images(rng, n):
    """Shapes of intensity 0.6..1 on a noisy background, clipped to [0, 1]."""
    x = np.clip(rng.normal(0.1, NOISE, size=(n, SIZE, SIZE)), 0.0, 1.0)
    y = rng.integers(0, N_CLASSES, size=n)
    for i in range(n):
        v = rng.uniform(0.6, 1.0)
        length = rng.integers(5, 10)
        r, c = rng.integers(0, SIZE - length + 1, size=2)
        if y[i] == 0:
            row = rng.integers(0, SIZE)
            x[i, row, c:c + length] = v
        elif y[i] == 1:
            col = rng.integers(0, SIZE)
            x[i, r:r + length, col] = v
        elif y[i] == 2:
            for k in range(length):
                x[i, r + k, c + k] = v
            if rng.random() < 0.5:
                x[i] = x[i, :, ::-1]
        else:
            side = rng.integers(4, 8)
            r, c = rng.integers(0, SIZE - side + 1, size=2)
            x[i, r, c:c + side] = v
            x[i, r + side - 1, c:c + side] = v
            x[i, r:r + side, c] = v
            x[i, r:r + side, c + side - 1] = v
    return x[..., np.newaxis], y


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 6, 3, padding=1)
        self.bn1 = torch.nn.BatchNorm2d(6, eps=BN_EPSILON)
        self.conv2 = torch.nn.Conv2d(6, 8, 3)
        self.fc = torch.nn.Linear(2 * 2 * 8, N_CLASSES)

    def forward(self, x):  # x: [N, H, W, C] channels last, as the Keras model sees it
        F = torch.nn.functional
        h = x.permute(0, 3, 1, 2)
        h = F.max_pool2d(F.relu(self.bn1(self.conv1(h))), 2)
        h = F.avg_pool2d(F.relu(self.conv2(h)), 2)
        h = h.permute(0, 2, 3, 1).reshape(h.shape[0], -1)  # flatten channels last, like Keras
        return self.fc(h)


def conv_kernel(conv):
    """torch [out, in, kh, kw] -> Keras [kh, kw, in, out]."""
    return conv.weight.detach().numpy().transpose(2, 3, 1, 0).copy()


def main():
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    q = lambda a: kw.quantize_to_grid(a, INPUT_FRAC_BITS, 0.0, 1.0)
    x_train, y_train = make_images(rng, N_TRAIN)
    x_test, y_test = make_images(rng, N_TEST)
    x_train, x_test = q(x_train), q(x_test)

    net = Net()
    opt = torch.optim.Adam(net.parameters(), lr=3e-3, weight_decay=1e-4)
    gen = torch.Generator().manual_seed(SEED)
    xt, yt = torch.from_numpy(x_train), torch.from_numpy(y_train.astype(np.int64))
    for _ in range(EPOCHS):
        net.train()
        perm = torch.randperm(N_TRAIN, generator=gen)
        for i in range(0, N_TRAIN, BATCH):
            idx = perm[i:i + BATCH]
            opt.zero_grad()
            torch.nn.functional.cross_entropy(net(xt[idx]), yt[idx], label_smoothing=0.1).backward()
            opt.step()
    net.eval()
    with torch.no_grad():
        train_acc = (net(xt).argmax(1) == yt).double().mean().item()
        y32 = torch.softmax(net(torch.from_numpy(x_test)), dim=1).numpy()

    # ---- export to Keras format
    bn = net.bn1
    model = cnn.CnnModel("Sequential", "sequential", keras_version="2.13.1")
    model.add(kw.input_layer("conv1_input", (SIZE, SIZE, 1)))
    model.add(cnn.conv("conv1", conv_kernel(net.conv1), net.conv1.bias.detach().numpy(), 1, "same"))
    model.add(cnn.batch_normalization("bn1", bn.weight.detach().numpy(), bn.bias.detach().numpy(),
                                      bn.running_mean.numpy(), bn.running_var.numpy(), BN_EPSILON, axis=3))
    model.add(kw.relu("relu1"))
    model.add(cnn.pooling("pool1", "Max", 2, 2))
    model.add(cnn.conv("conv2", conv_kernel(net.conv2), net.conv2.bias.detach().numpy(), 1, "valid", "relu"))
    model.add(cnn.pooling("pool2", "Average", 2, 2))
    model.add(cnn.flatten("flatten"))
    model.add(cnn.dense("output", net.fc.weight.detach().numpy().T.copy(), net.fc.bias.detach().numpy(), "softmax"))

    json_path = os.path.join(HERE, "model.json")
    h5_path = os.path.join(HERE, "model_weights.h5")
    model.write_json(json_path, indent=2)
    model.write_weights_h5(h5_path, string_style="vlen")
    kw.write_rows(os.path.join(HERE, "input.dat"), x_test.reshape(N_TEST, -1), "input")
    kw.write_rows(os.path.join(HERE, "labels.dat"), y_test[:, None], "int")

    # ---- oracles: TensorFlow.js on the written files; float64 torch re-implementation; the trained float32 network
    y_tfjs = cnn.tfjs_predict(json_path, h5_path, os.path.join(HERE, "input.dat"))
    y64, values = model.forward(x_test, return_all=True)
    assert np.max(np.abs(y_tfjs - y64)) < 1e-5, np.max(np.abs(y_tfjs - y64))
    assert np.max(np.abs(y32 - y64)) < 1e-5, np.max(np.abs(y32 - y64))
    kw.write_rows(os.path.join(HERE, "expected.dat"), y_tfjs, "expected")

    test_acc = float(np.mean(y_tfjs.argmax(axis=1) == y_test))
    worst = max(float(np.max(np.abs(v))) for v in values.values())
    # conv1 pre-BN values too (BN is folded into conv1 by the SDK; the folded conv must stay in range)
    pre = cnn._layer_forward(model.layers[1], torch.from_numpy(x_test.astype(np.float64))).numpy()
    worst = max(worst, float(np.max(np.abs(pre))))
    assert test_acc > 0.9, test_acc
    assert worst < 16.0, worst
    print(f"train accuracy (torch, float32, {N_TRAIN} images): {train_acc:.4f}")
    print(f"test accuracy  (tfjs oracle, {N_TEST} images in input.dat): {test_acc:.4f}")
    print(f"class counts in input.dat: {np.bincount(y_test, minlength=N_CLASSES).tolist()} ({', '.join(CLASS_NAMES)})")
    print(f"max |intermediate| = {worst:.3f}; tfjs vs float64 torch: {np.max(np.abs(y_tfjs - y64)):.2e}")


if __name__ == "__main__":
    main()
