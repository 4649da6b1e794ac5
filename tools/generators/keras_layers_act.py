"""Activation and batch-normalization layers for keras_writer models, plus two independent float oracles.

Layer constructors return :class:`keras_writer.Layer` objects whose configs are what Keras 2.13 writes for
``LeakyReLU``, ``ThresholdedReLU``, ``ELU``, ``PReLU``, ``Softmax`` and ``BatchNormalization`` (``Activation``,
``ReLU`` and ``Dense`` come from keras_writer itself).

Oracles (neither shares code with the C# product):

* :func:`tfjs_predict` -- TensorFlow.js (``tools/oracle/keras_predict.js``) loads the Keras JSON and the weights
  and predicts in float32.  Used wherever tfjs implements the layer faithfully.
* :func:`torch_forward` -- a float64 re-implementation with ``torch`` written from the Keras sources
  (``keras/activations.py``, ``keras/backend.py::relu``, ``keras/layers/...``).  Used for what tfjs lacks or gets
  wrong: the ``exponential``, ``silu`` and ``relu6`` activation names, ``ELU(alpha != 1)``, the ``ReLU`` options
  ``negative_slope``/``threshold`` (tfjs ignores both), ``Softmax`` over a non-last axis (tfjs refuses it) and
  ``BatchNormalization`` over a non-last axis (tfjs-backend-cpu applies the parameters along the last axis).  For the other layers both oracles are computed and must agree.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import tempfile
from typing import Dict, List, Optional, Sequence

import numpy as np

import keras_writer as kw
import dump_weights

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))

__all__ = [
    "leaky_relu", "thresholded_relu", "elu", "prelu", "softmax", "batch_normalization",
    "torch_forward", "tfjs_predict", "TFJS_ACTIVATIONS",
]

# Activation names tfjs-layers 4.x deserializes (keras_format/activation_config.js; snake_case is camel-cased).
TFJS_ACTIVATIONS = {"elu", "hard_sigmoid", "linear", "relu", "relu6", "selu", "sigmoid", "softmax", "softplus",
                    "softsign", "tanh", "swish"}


# --------------------------------------------------------------------------
# Layers (Keras 2.13 configs)
# --------------------------------------------------------------------------

def _zeros():
    return {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": None}


def _ones():
    return {"module": "keras.initializers", "class_name": "Ones", "config": {}, "registered_name": None}


def leaky_relu(name: str, alpha: float = 0.3, inbound=None) -> kw.Layer:
    return kw.raw_layer("LeakyReLU", name, {"alpha": float(alpha)}, inbound=inbound)


def thresholded_relu(name: str, theta: float = 1.0, inbound=None) -> kw.Layer:
    return kw.raw_layer("ThresholdedReLU", name, {"theta": float(theta)}, inbound=inbound)


def elu(name: str, alpha: float = 1.0, inbound=None) -> kw.Layer:
    return kw.raw_layer("ELU", name, {"alpha": float(alpha)}, inbound=inbound)


def prelu(name: str, alpha: np.ndarray, shared_axes: Optional[Sequence[int]] = None, inbound=None) -> kw.Layer:
    """alpha has the input's feature shape with size 1 on every shared axis (axes counted with the batch as 0)."""
    cfg = {"alpha_initializer": _zeros(), "alpha_regularizer": None, "alpha_constraint": None,
           "shared_axes": None if shared_axes is None else [int(a) for a in shared_axes]}
    return kw.raw_layer("PReLU", name, cfg, [("alpha", np.asarray(alpha, dtype=np.float32))], inbound)


def softmax(name: str, axis: int = -1, inbound=None) -> kw.Layer:
    return kw.raw_layer("Softmax", name, {"axis": int(axis)}, inbound=inbound)


def batch_normalization(name: str, mean, variance, gamma=None, beta=None, epsilon: float = 1e-3, axis=-1,
                        inbound=None) -> kw.Layer:
    """gamma None means scale=False, beta None means center=False (Keras then stores neither weight)."""
    cfg = {"axis": axis, "momentum": 0.99, "epsilon": float(epsilon), "center": beta is not None,
           "scale": gamma is not None, "beta_initializer": _zeros(), "gamma_initializer": _ones(),
           "moving_mean_initializer": _zeros(), "moving_variance_initializer": _ones(),
           "beta_regularizer": None, "gamma_regularizer": None, "beta_constraint": None, "gamma_constraint": None}
    weights = []
    if gamma is not None:
        weights.append(("gamma", np.asarray(gamma, dtype=np.float32)))
    if beta is not None:
        weights.append(("beta", np.asarray(beta, dtype=np.float32)))
    weights.append(("moving_mean", np.asarray(mean, dtype=np.float32)))
    weights.append(("moving_variance", np.asarray(variance, dtype=np.float32)))
    return kw.raw_layer("BatchNormalization", name, cfg, weights, inbound)


# --------------------------------------------------------------------------
# torch float64 oracle (from the Keras sources)
# --------------------------------------------------------------------------

def _torch():
    import torch
    return torch


SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def _activation(name: str, x, axis: int = -1):
    torch = _torch()
    if name == "linear":
        return x
    if name == "relu":
        return torch.clamp(x, min=0)
    if name == "relu6":
        return torch.clamp(x, 0, 6)
    if name == "sigmoid":
        return 1 / (1 + torch.exp(-x))
    if name == "tanh":
        return torch.tanh(x)
    if name == "softplus":
        return torch.log(torch.exp(x) + 1)
    if name == "softsign":
        return x / (torch.abs(x) + 1)
    if name == "elu":
        return torch.where(x > 0, x, torch.exp(x) - 1)
    if name == "selu":
        return SELU_SCALE * torch.where(x > 0, x, SELU_ALPHA * (torch.exp(x) - 1))
    if name == "hard_sigmoid":  # Keras 2: clip(0.2 x + 0.5, 0, 1)
        return torch.clamp(0.2 * x + 0.5, 0, 1)
    if name in ("swish", "silu"):
        return x / (1 + torch.exp(-x))
    if name == "exponential":
        return torch.exp(x)
    if name == "softmax":
        e = torch.exp(x - torch.amax(x, dim=axis, keepdim=True))
        return e / torch.sum(e, dim=axis, keepdim=True)
    raise NotImplementedError(f"oracle: activation {name!r}")


def keras_relu(x, max_value=None, negative_slope=0.0, threshold=0.0):
    """keras.backend.relu (Keras 2.13) / keras.activations.relu (Keras 3), line by line."""
    torch = _torch()
    if negative_slope != 0.0:
        if max_value is None and threshold == 0:
            return torch.where(x > 0, x, negative_slope * x)
        negative_part = torch.clamp(-x + threshold, min=0) if threshold != 0 else torch.clamp(-x, min=0)
    clip_max = max_value is not None
    if threshold != 0:
        x = x * (x > threshold).to(x.dtype)
    else:
        x = torch.clamp(x, min=0)
    if clip_max:
        x = torch.clamp(x, 0, max_value)
    if negative_slope != 0.0:
        x = x - negative_slope * negative_part
    return x


def _feature_axis(axis: int, rank_with_batch: int) -> int:
    return axis if axis >= 0 else rank_with_batch + axis


def torch_forward(model: kw.KerasModel, x: np.ndarray, parts: bool = False):
    """Float64 inference; x has shape (rows, *input_shape) for a single-input model.  Returns every model output
    flattened and concatenated per row (the testbench convention), or the list of outputs when parts=True."""
    torch = _torch()
    F = torch.nn.functional
    values: Dict[str, "torch.Tensor"] = {}
    prev = None
    xt = torch.from_numpy(np.asarray(x, dtype=np.float64))
    for l in model.layers:
        c, cfg = l.class_name, l.config
        if c == "InputLayer":
            values[l.name] = prev = xt
            continue
        inp = prev if model.is_sequential or not l.inbound else values[l.inbound[0]]
        w = {k: torch.from_numpy(np.asarray(v, dtype=np.float64)) for k, v in l.weights}
        if c == "Dense":
            y = inp @ w["kernel"]
            if "bias" in w:
                y = y + w["bias"]
            y = _activation(cfg["activation"], y)
        elif c == "Activation":
            y = _activation(cfg["activation"], inp)
        elif c == "ReLU":
            y = keras_relu(inp, cfg.get("max_value"), cfg.get("negative_slope", 0.0), cfg.get("threshold", 0.0))
        elif c == "LeakyReLU":
            y = torch.where(inp > 0, inp, cfg["alpha"] * inp)
        elif c == "ThresholdedReLU":
            y = inp * (inp > cfg["theta"]).to(inp.dtype)
        elif c == "ELU":
            y = torch.where(inp > 0, inp, cfg["alpha"] * (torch.exp(inp) - 1))
        elif c == "PReLU":  # alpha broadcasts over the shared axes (size 1), Keras: relu(x) - alpha * relu(-x)
            y = torch.clamp(inp, min=0) - w["alpha"] * torch.clamp(-inp, min=0)
        elif c == "Softmax":
            y = _activation("softmax", inp, _feature_axis(cfg["axis"], inp.dim()))
        elif c == "BatchNormalization":
            axis = cfg["axis"][0] if isinstance(cfg["axis"], list) else cfg["axis"]
            axis = _feature_axis(axis, inp.dim())
            shape = [1] * inp.dim()
            shape[axis] = inp.shape[axis]
            gamma = w.get("gamma", torch.ones(inp.shape[axis], dtype=torch.float64)).reshape(shape)
            beta = w.get("beta", torch.zeros(inp.shape[axis], dtype=torch.float64)).reshape(shape)
            mean, var = w["moving_mean"].reshape(shape), w["moving_variance"].reshape(shape)
            y = (inp - mean) / torch.sqrt(var + cfg["epsilon"]) * gamma + beta
        elif c == "Flatten":
            y = inp.reshape(inp.shape[0], -1)
        elif c == "Dropout":
            y = inp
        else:
            raise NotImplementedError(f"oracle: layer class {c!r}")
        values[l.name] = prev = y
    outs = model.output_layers or [model.layers[-1].name]
    flat = [values[o].reshape(values[o].shape[0], -1).numpy() for o in outs]
    return flat if parts else np.concatenate(flat, axis=1)


# --------------------------------------------------------------------------
# tfjs oracle
# --------------------------------------------------------------------------

def tfjs_predict(json_path: str, weights_h5: str, input_path: str, output_path: str) -> np.ndarray:
    """Runs tools/oracle/keras_predict.js (needs `cd tools/oracle && npm install` once); returns the rows it wrote."""
    with tempfile.TemporaryDirectory() as tmp:
        weights_json = os.path.join(tmp, "weights.json")
        with open(weights_json, "w") as f:
            json.dump(dump_weights.dump(weights_h5), f)
        r = subprocess.run(["node", os.path.join(ROOT, "tools", "oracle", "keras_predict.js"), json_path, weights_json,
                            input_path, output_path], capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"tfjs oracle failed on {json_path}: {r.stderr.strip()}")
    return np.loadtxt(output_path, ndmin=2)


def uses_only_tfjs_features(model: kw.KerasModel) -> bool:
    """True when tfjs implements every layer of the model as Keras does (see the module docstring)."""
    for l in model.layers:
        c, cfg = l.class_name, l.config
        if c in ("Dense", "Activation") and cfg["activation"] not in TFJS_ACTIVATIONS:
            return False
        if c == "ReLU" and (cfg.get("negative_slope", 0.0) != 0.0 or cfg.get("threshold", 0.0) != 0.0):
            return False
        if c == "ELU" and cfg["alpha"] != 1.0:
            return False
        if c == "Softmax" and cfg["axis"] != -1:  # tfjs: "Softmax along a non-last dimension is not yet supported"
            return False
        if c == "BatchNormalization" and cfg["axis"] not in (-1, [-1]):  # tfjs-backend-cpu broadcasts over the last axis
            return False
    return True
