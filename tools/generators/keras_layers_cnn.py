"""Keras 2.13 configs and a float64 oracle for the CNN layer family (convolution, pooling, shape layers).

Extends :mod:`keras_writer` without changing it: the constructors below return ``keras_writer.Layer`` objects
carrying the complete Keras 2.13 ``get_config()`` of each layer (what ``model.to_json()`` writes), so
``KerasModel.write_json`` / ``write_weights_h5`` store them unchanged.  Weights use Keras' layouts:

* Conv1D/Conv2D ``kernel`` [k..., in_channels, filters], ``bias`` [filters]
* DepthwiseConv1D/2D ``depthwise_kernel`` [k..., in_channels, depth_multiplier], ``bias`` [in_channels * depth_multiplier]
* SeparableConv1D/2D ``depthwise_kernel`` as above, ``pointwise_kernel`` [1..., in_channels * depth_multiplier, filters], ``bias``

:func:`forward` is an independent float64 reference written with ``torch.nn.functional`` (TensorFlow semantics:
'same' padding puts the extra pixel after, pooling ignores padding, depthwise output channel c*multiplier+m).
:func:`tfjs_predict` runs the TensorFlow.js oracle (``tools/oracle/keras_predict.js``) on the written files.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from typing import Dict, List, Optional, Sequence

import numpy as np

import keras_writer as kw

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))

__all__ = [
    "conv", "depthwise_conv", "separable_conv", "pooling", "global_pooling", "zero_padding", "cropping",
    "upsampling", "reshape", "permute", "flatten", "dense", "activation", "batch_normalization", "CnnModel",
    "forward", "tfjs_predict", "tfjs_can_run", "TFJS_LACKS",
]

# Layer classes TensorFlow.js (tfjs-layers 4.x) cannot load: their expected outputs come from forward().
TFJS_LACKS = {"DepthwiseConv1D", "SeparableConv1D", "ZeroPadding1D", "Cropping1D", "UpSampling1D"}


def tfjs_can_run(model: kw.KerasModel) -> bool:
    """False for layer classes tfjs lacks and for Conv1D padding='causal' (not implemented in tfjs)."""
    return not any(l.class_name in TFJS_LACKS or l.config.get("padding") == "causal" for l in model.layers)


def _init(kind: str) -> Dict:
    name = {"kernel": "GlorotUniform", "zeros": "Zeros", "ones": "Ones"}[kind]
    return {"module": "keras.initializers", "class_name": name, "config": {"seed": None} if kind == "kernel" else {},
            "registered_name": None}


def _tuple(v, rank: int) -> List[int]:
    return [int(v)] * rank if np.isscalar(v) else [int(x) for x in v]


def _f32(a) -> np.ndarray:
    return np.asarray(a, dtype=np.float32)


# --------------------------------------------------------------------------
# Layer constructors (Keras 2.13 configs)
# --------------------------------------------------------------------------

def conv(name: str, kernel, bias=None, strides=1, padding="valid", activation="linear", inbound=None) -> kw.Layer:
    """Conv1D (kernel rank 3) or Conv2D (kernel rank 4)."""
    kernel = _f32(kernel)
    rank = kernel.ndim - 2
    cfg = {"filters": int(kernel.shape[-1]), "kernel_size": list(kernel.shape[:rank]),
           "strides": _tuple(strides, rank), "padding": padding, "data_format": "channels_last",
           "dilation_rate": [1] * rank, "groups": 1, "activation": activation, "use_bias": bias is not None,
           "kernel_initializer": _init("kernel"), "bias_initializer": _init("zeros"),
           "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
           "kernel_constraint": None, "bias_constraint": None}
    weights = [("kernel", kernel)] + ([("bias", _f32(bias))] if bias is not None else [])
    return kw.Layer(f"Conv{rank}D", name, cfg, weights, inbound)


def depthwise_conv(name: str, kernel, bias=None, strides=1, padding="valid", activation="linear", inbound=None) -> kw.Layer:
    """DepthwiseConv1D/2D; kernel [k..., in_channels, depth_multiplier]."""
    kernel = _f32(kernel)
    rank = kernel.ndim - 2
    cfg = {"kernel_size": list(kernel.shape[:rank]), "strides": _tuple(strides, rank), "padding": padding,
           "depth_multiplier": int(kernel.shape[-1]), "data_format": "channels_last", "dilation_rate": [1] * rank,
           "activation": activation, "use_bias": bias is not None,
           "depthwise_initializer": _init("kernel"), "bias_initializer": _init("zeros"),
           "depthwise_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
           "depthwise_constraint": None, "bias_constraint": None}
    if rank == 2:
        cfg["groups"] = 1
    weights = [("depthwise_kernel", kernel)] + ([("bias", _f32(bias))] if bias is not None else [])
    return kw.Layer(f"DepthwiseConv{rank}D", name, cfg, weights, inbound)


def separable_conv(name: str, depthwise_kernel, pointwise_kernel, bias=None, strides=1, padding="valid",
                   activation="linear", inbound=None) -> kw.Layer:
    dk, pk = _f32(depthwise_kernel), _f32(pointwise_kernel)
    rank = dk.ndim - 2
    cfg = {"filters": int(pk.shape[-1]), "kernel_size": list(dk.shape[:rank]), "strides": _tuple(strides, rank),
           "padding": padding, "data_format": "channels_last", "dilation_rate": [1] * rank, "groups": 1,
           "activation": activation, "use_bias": bias is not None, "depth_multiplier": int(dk.shape[-1]),
           "depthwise_initializer": _init("kernel"), "pointwise_initializer": _init("kernel"),
           "bias_initializer": _init("zeros"), "depthwise_regularizer": None, "pointwise_regularizer": None,
           "bias_regularizer": None, "activity_regularizer": None, "depthwise_constraint": None,
           "pointwise_constraint": None, "bias_constraint": None}
    weights = [("depthwise_kernel", dk), ("pointwise_kernel", pk)] + ([("bias", _f32(bias))] if bias is not None else [])
    return kw.Layer(f"SeparableConv{rank}D", name, cfg, weights, inbound)


def pooling(name: str, op: str, rank: int, pool_size=2, strides=None, padding="valid", inbound=None) -> kw.Layer:
    """op 'Max' or 'Average'; strides None = pool_size (Keras default)."""
    pool = _tuple(pool_size, rank)
    cfg = {"pool_size": pool, "padding": padding, "strides": _tuple(strides, rank) if strides is not None else pool,
           "data_format": "channels_last"}
    return kw.Layer(f"{op}Pooling{rank}D", name, cfg, [], inbound)


def global_pooling(name: str, op: str, rank: int, keepdims: bool = False, inbound=None) -> kw.Layer:
    return kw.Layer(f"Global{op}Pooling{rank}D", name, {"data_format": "channels_last", "keepdims": keepdims}, [], inbound)


def zero_padding(name: str, padding, rank: int, inbound=None) -> kw.Layer:
    """padding: [left, right] (1-D) or [[top, bottom], [left, right]] (2-D), as Keras stores it."""
    cfg = {"padding": padding} if rank == 1 else {"padding": padding, "data_format": "channels_last"}
    return kw.Layer(f"ZeroPadding{rank}D", name, cfg, [], inbound)


def cropping(name: str, crop, rank: int, inbound=None) -> kw.Layer:
    cfg = {"cropping": crop} if rank == 1 else {"cropping": crop, "data_format": "channels_last"}
    return kw.Layer(f"Cropping{rank}D", name, cfg, [], inbound)


def upsampling(name: str, size, rank: int, inbound=None) -> kw.Layer:
    cfg = {"size": int(size)} if rank == 1 else {"size": _tuple(size, 2), "data_format": "channels_last",
                                                  "interpolation": "nearest"}
    return kw.Layer(f"UpSampling{rank}D", name, cfg, [], inbound)


def reshape(name: str, target_shape: Sequence[int], inbound=None) -> kw.Layer:
    return kw.Layer("Reshape", name, {"target_shape": list(target_shape)}, [], inbound)


def permute(name: str, dims: Sequence[int], inbound=None) -> kw.Layer:
    return kw.Layer("Permute", name, {"dims": list(dims)}, [], inbound)


def flatten(name: str, data_format: str = "channels_last", inbound=None) -> kw.Layer:
    """Flatten; data_format is kept by CnnModel (keras_writer always writes channels_last)."""
    return kw.Layer("Flatten", name, {"data_format": data_format}, [], inbound)


def dense(name: str, kernel, bias=None, activation="linear", inbound=None) -> kw.Layer:
    return kw.dense(name, kernel, bias, activation, inbound)


def activation(name: str, act: str, inbound=None) -> kw.Layer:
    return kw.activation(name, act, inbound)


def batch_normalization(name: str, gamma, beta, mean, variance, epsilon=1e-3, axis=-1, inbound=None) -> kw.Layer:
    """Keras 2.13 writes the resolved positive axis (e.g. [3] for images) once the model is built."""
    cfg = {"axis": [int(axis)], "momentum": 0.99, "epsilon": float(epsilon), "center": True, "scale": True,
           "beta_initializer": _init("zeros"), "gamma_initializer": _init("ones"),
           "moving_mean_initializer": _init("zeros"), "moving_variance_initializer": _init("ones"),
           "beta_regularizer": None, "gamma_regularizer": None, "beta_constraint": None, "gamma_constraint": None}
    weights = [("gamma", _f32(gamma)), ("beta", _f32(beta)), ("moving_mean", _f32(mean)), ("moving_variance", _f32(variance))]
    return kw.Layer("BatchNormalization", name, cfg, weights, inbound)


class CnnModel(kw.KerasModel):
    """KerasModel that also keeps Flatten's data_format (keras_writer writes channels_last)."""

    def layer_config(self, layer: kw.Layer, first_real_layer: bool) -> Dict:
        cfg = super().layer_config(layer, first_real_layer)
        if layer.class_name == "Flatten" and layer.config.get("data_format"):
            cfg["data_format"] = layer.config["data_format"]
        return cfg

    def forward(self, x: np.ndarray, return_all: bool = False):
        return forward(self, x, return_all)


# --------------------------------------------------------------------------
# Float64 oracle (torch.nn.functional), TensorFlow semantics
# --------------------------------------------------------------------------

def _torch():
    import torch
    return torch


def _same_pads(size: int, k: int, s: int):
    out = -(-size // s)
    total = max((out - 1) * s + k - size, 0)
    return total // 2, total - total // 2


def _pads(x_spatial: Sequence[int], k: Sequence[int], s: Sequence[int], padding: str):
    """Per-axis (before, after) for TF padding modes."""
    if padding == "valid":
        return [(0, 0)] * len(k)
    if padding == "causal":
        return [(kk - 1, 0) for kk in k]
    return [_same_pads(n, kk, ss) for n, kk, ss in zip(x_spatial, k, s)]


def _to_nchw(x):
    """[N, *spatial, C] -> [N, C, H, W] with a 1-D input as height 1."""
    if x.dim() == 3:
        x = x.unsqueeze(1)
    return x.permute(0, 3, 1, 2)


def _from_nchw(y, rank: int):
    y = y.permute(0, 2, 3, 1)
    return y[:, 0] if rank == 1 else y


def _pad_nchw(x, pads2d, value=0.0):
    torch = _torch()
    (pt, pb), (pl, pr) = pads2d
    return torch.nn.functional.pad(x, (pl, pr, pt, pb), value=value)


def _as2d(rank: int, v):
    return [1] + list(v) if rank == 1 else list(v)


def _conv2d(x, kernel2d, bias, strides, padding, rank, groups=1):
    """x [N, ...] channels last; kernel2d [O, I/groups, kh, kw] float64 tensor."""
    torch = _torch()
    F = torch.nn.functional
    xs = list(x.shape[1:-1])
    k = list(kernel2d.shape[2:])
    s = _as2d(rank, strides)
    pads = _pads(_as2d(rank, xs), k, s, padding)
    xn = _pad_nchw(_to_nchw(x), pads)
    y = F.conv2d(xn, kernel2d, bias, stride=s, groups=groups)
    return _from_nchw(y, rank)


def _kernel_oihw(kernel: np.ndarray, rank: int):
    """Keras [k..., I, O] -> torch [O, I, kh, kw] (height 1 for 1-D)."""
    torch = _torch()
    k = np.asarray(kernel, dtype=np.float64)
    if rank == 1:
        k = k[np.newaxis]
    return torch.from_numpy(np.ascontiguousarray(k.transpose(3, 2, 0, 1)))


def _depthwise_kernel(kernel: np.ndarray, rank: int):
    """Keras [k..., C, M] -> torch [C*M, 1, kh, kw], output channel c*M + m."""
    torch = _torch()
    k = np.asarray(kernel, dtype=np.float64)
    if rank == 1:
        k = k[np.newaxis]
    kh, kwd, c, m = k.shape
    k = k.reshape(kh, kwd, c * m).transpose(2, 0, 1)[:, np.newaxis]
    return torch.from_numpy(np.ascontiguousarray(k))


def _pool(x, op: str, rank: int, pool, strides, padding):
    torch = _torch()
    F = torch.nn.functional
    xs = list(x.shape[1:-1])
    k, s = _as2d(rank, pool), _as2d(rank, strides)
    pads = _pads(_as2d(rank, xs), k, s, padding)
    xn = _to_nchw(x)
    if op == "Max":
        y = F.max_pool2d(_pad_nchw(xn, pads, float("-inf")), k, s)
    else:
        total = F.avg_pool2d(_pad_nchw(xn, pads), k, s) * (k[0] * k[1])
        count = F.avg_pool2d(_pad_nchw(torch.ones_like(xn), pads), k, s) * (k[0] * k[1])
        y = total / count
    return _from_nchw(y, rank)


def _layer_forward(l: kw.Layer, inp):
    torch = _torch()
    c, t = l.class_name, l.config
    w = {n: np.asarray(a) for n, a in l.weights}
    b = torch.from_numpy(w["bias"].astype(np.float64)) if "bias" in w else None
    if c in ("Conv1D", "Conv2D"):
        rank = int(c[4])
        y = _conv2d(inp, _kernel_oihw(w["kernel"], rank), b, t["strides"], t["padding"], rank)
        return kw._apply_activation(t["activation"], y)
    if c in ("DepthwiseConv1D", "DepthwiseConv2D"):
        rank = int(c[13])
        y = _conv2d(inp, _depthwise_kernel(w["depthwise_kernel"], rank), b, t["strides"], t["padding"], rank,
                    groups=int(inp.shape[-1]))
        return kw._apply_activation(t["activation"], y)
    if c in ("SeparableConv1D", "SeparableConv2D"):
        rank = int(c[13])
        y = _conv2d(inp, _depthwise_kernel(w["depthwise_kernel"], rank), None, t["strides"], t["padding"], rank,
                    groups=int(inp.shape[-1]))
        y = _conv2d(y, _kernel_oihw(w["pointwise_kernel"], rank), b, [1] * rank, "valid", rank)
        return kw._apply_activation(t["activation"], y)
    if c.endswith("Pooling1D") or c.endswith("Pooling2D"):
        rank = int(c[-2])
        if c.startswith("Global"):
            axes = tuple(range(1, 1 + rank))
            y = inp.amax(dim=axes, keepdim=t.get("keepdims", False)) if "Max" in c else \
                inp.mean(dim=axes, keepdim=t.get("keepdims", False))
            return y
        return _pool(inp, "Max" if c.startswith("Max") else "Average", rank, t["pool_size"], t["strides"], t["padding"])
    if c in ("ZeroPadding1D", "ZeroPadding2D"):
        rank = int(c[-2])
        p = t["padding"]
        pads = [(0, 0), (p[0], p[1])] if rank == 1 else [tuple(p[0]), tuple(p[1])]
        return _from_nchw(_pad_nchw(_to_nchw(inp), pads), rank)
    if c in ("Cropping1D", "Cropping2D"):
        cr = t["cropping"]
        if c == "Cropping1D":
            return inp[:, cr[0]:inp.shape[1] - cr[1]]
        return inp[:, cr[0][0]:inp.shape[1] - cr[0][1], cr[1][0]:inp.shape[2] - cr[1][1]]
    if c == "UpSampling1D":
        return inp.repeat_interleave(int(t["size"]), dim=1)
    if c == "UpSampling2D":
        sh, sw = t["size"]
        return inp.repeat_interleave(sh, dim=1).repeat_interleave(sw, dim=2)
    if c == "Reshape":
        return inp.reshape(inp.shape[0], *t["target_shape"])
    if c == "Permute":
        return inp.permute(0, *t["dims"])
    if c == "Flatten":
        if t.get("data_format") == "channels_first" and inp.dim() > 2:
            inp = inp.permute(0, *range(2, inp.dim()), 1)
        return inp.reshape(inp.shape[0], -1)
    if c == "BatchNormalization":
        g, be, mu, var = (torch.from_numpy(w[k].astype(np.float64)) for k in ("gamma", "beta", "moving_mean", "moving_variance"))
        return (inp - mu) / torch.sqrt(var + float(t["epsilon"])) * g + be
    if c == "Dense":
        k = torch.from_numpy(w["kernel"].astype(np.float64))
        return kw._apply_activation(t["activation"], inp @ k + (b if b is not None else 0))
    if c == "Activation":
        return kw._apply_activation(t["activation"], inp)
    if c == "ReLU":
        return kw._keras_relu(inp, t.get("max_value"), t.get("negative_slope", 0.0), t.get("threshold", 0.0))
    if c == "Dropout":
        return inp
    raise NotImplementedError(f"oracle: layer class {c!r}")


def forward(model: kw.KerasModel, x: np.ndarray, return_all: bool = False):
    """Float64 reference of a Sequential (or single-chain Functional) model; x [N, *input_shape]."""
    torch = _torch()
    cur = torch.from_numpy(np.asarray(x, dtype=np.float64))
    values = {}
    for l in model.layers:
        if l.class_name == "InputLayer":
            values[l.name] = cur
            continue
        src = values[l.inbound[0]] if (l.inbound and not model.is_sequential) else cur
        cur = _layer_forward(l, src)
        values[l.name] = cur
    out = cur.reshape(cur.shape[0], -1).numpy()
    if return_all:
        return out, {k: v.numpy() for k, v in values.items()}
    return out


# --------------------------------------------------------------------------
# TensorFlow.js oracle
# --------------------------------------------------------------------------

def tfjs_predict(json_path: str, weights_h5: str, input_dat: str) -> np.ndarray:
    """Predictions of tools/oracle/keras_predict.js (float32, 9 significant digits) for the written model."""
    import dump_weights
    with tempfile.TemporaryDirectory() as tmp:
        wj = os.path.join(tmp, "weights.json")
        with open(wj, "w") as f:
            json.dump(dump_weights.dump(weights_h5), f)
        out = os.path.join(tmp, "out.dat")
        r = subprocess.run(["node", os.path.join(ROOT, "tools", "oracle", "keras_predict.js"), json_path, wj, input_dat, out],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"tfjs oracle failed on {json_path}: {r.stderr.strip() or r.stdout.strip()}")
        return np.loadtxt(out, ndmin=2)
