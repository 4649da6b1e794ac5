"""Write Keras-format model files (Keras 2.x JSON + HDF5) without TensorFlow.

This module is a *test-data generator* for Hls4ml.Sdk.  It writes the three
file flavours that Keras 2.x produces:

* ``model.to_json()``            -> ``<stem>.json``
* ``model.save_weights('w.h5')`` -> ``<stem>_weights.h5`` (:meth:`KerasModel.write_weights_h5`)
* ``model.save('m.h5')``         -> ``<stem>.h5``         (:meth:`KerasModel.write_full_h5`)

in two "dialects" that differ in the JSON layer configs and in how HDF5
string attributes are stored:

``string_style="fixed"``  -- Keras 2.0-2.3 saved through h5py 2.x
    * ``layer_names`` / ``weight_names``: 1-D arrays of fixed-length byte
      strings (``S<n>``, n = longest name, NULLPAD, ASCII).  This is what
      ``numpy.asarray([b'..', b'..'])`` becomes in h5py 2.
    * scalar attributes ``backend``, ``keras_version``, ``model_config``,
      ``training_config``: variable-length ASCII strings (h5py 2 stored a
      Python ``bytes`` scalar as vlen).
``string_style="vlen"``   -- Keras 2.13 saved through h5py 3.x
    * ``layer_names`` / ``weight_names``: 1-D arrays of variable-length
      ASCII strings.
    * scalar attributes: variable-length strings.  ``model_config`` (written
      by Keras as ``bytes``) is ASCII; the root ``backend`` and
      ``keras_version`` of a full-model file (written as ``str``) are UTF-8;
      those inside ``model_weights`` (written as ``bytes``) are ASCII.
    * an extra group ``top_level_model_weights`` (empty ``weight_names``)
      that is *not* listed in ``layer_names`` -- Keras >= 2.6 writes it.

In both styles a layer without weights has ``weight_names`` stored as an
EMPTY float64 array of shape (0,) (``numpy.asarray([])``), exactly as
h5py/Keras write it, and every layer with weights stores its datasets at
``<layer>/<layer>/<weight>:0`` (float32; Dense kernel shape [n_in, n_out]).

Sequential models: ``model.layers`` in Keras does not contain the implicit
InputLayer, so ``layer_names`` of a Sequential file never lists it, even
though the Keras 2.4+ JSON does contain an ``InputLayer`` entry.

The module also contains the float64 *oracle* (:func:`oracle_forward`),
written with PyTorch (``torch.nn.functional``) and sharing nothing with the
C# product, plus a small reader (:func:`read_keras`) used to check that the
written files reproduce the in-memory model.
"""

from __future__ import annotations

import codecs
import copy
import json
import marshal
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

import h5py
import numpy as np

__all__ = [
    "Layer", "KerasModel",
    "input_layer", "dense", "activation", "relu", "dropout", "flatten",
    "lambda_layer", "raw_layer",
    "oracle_forward", "read_keras", "write_rows", "quantize_to_grid",
    "describe_h5",
]

DIALECT_KERAS22 = "keras22"    # Keras 2.0 - 2.3 (standalone keras, TF1 era)
DIALECT_KERAS213 = "keras213"  # tf.keras 2.4 - 2.15


def dialect_of(keras_version: str) -> str:
    major, minor = (int(p) for p in keras_version.split(".")[:2])
    return DIALECT_KERAS22 if (major, minor) < (2, 4) else DIALECT_KERAS213


# --------------------------------------------------------------------------
# Model description
# --------------------------------------------------------------------------

@dataclass
class Layer:
    """One Keras layer: class name, config *template* and weights.

    ``config`` is completed for the model's dialect by :meth:`KerasModel.layer_config`.
    ``weights`` is an ordered list of (short name, array), e.g. ("kernel", W).
    """
    class_name: str
    name: str
    config: Dict
    weights: List[Tuple[str, np.ndarray]] = field(default_factory=list)
    inbound: Optional[List[str]] = None       # Functional only; None = previous layer
    input_shape: Optional[Tuple[int, ...]] = None  # for InputLayer / first Sequential layer


def _initializer(dialect: str, kind: str) -> Dict:
    if dialect == DIALECT_KERAS22:
        if kind == "kernel":
            return {"class_name": "VarianceScaling",
                    "config": {"scale": 1.0, "mode": "fan_avg", "distribution": "uniform", "seed": None}}
        return {"class_name": "Zeros", "config": {}}
    if kind == "kernel":
        return {"module": "keras.initializers", "class_name": "GlorotUniform",
                "config": {"seed": None}, "registered_name": None}
    return {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": None}


def input_layer(name: str, shape: Sequence[int]) -> Layer:
    return Layer("InputLayer", name, {}, input_shape=tuple(shape))


def dense(name: str, kernel: np.ndarray, bias: Optional[np.ndarray], activation: str = "linear",
          inbound: Optional[List[str]] = None) -> Layer:
    kernel = np.asarray(kernel, dtype=np.float32)
    assert kernel.ndim == 2
    weights = [("kernel", kernel)]
    if bias is not None:
        bias = np.asarray(bias, dtype=np.float32)
        assert bias.shape == (kernel.shape[1],)
        weights.append(("bias", bias))
    cfg = {"units": int(kernel.shape[1]), "activation": activation, "use_bias": bias is not None}
    return Layer("Dense", name, cfg, weights, inbound)


def activation(name: str, act: str, inbound: Optional[List[str]] = None) -> Layer:
    return Layer("Activation", name, {"activation": act}, [], inbound)


def relu(name: str, max_value: Optional[float] = None, negative_slope: float = 0.0,
         threshold: float = 0.0, inbound: Optional[List[str]] = None) -> Layer:
    return Layer("ReLU", name, {"max_value": max_value, "negative_slope": float(negative_slope),
                                "threshold": float(threshold)}, [], inbound)


def dropout(name: str, rate: float, inbound: Optional[List[str]] = None) -> Layer:
    return Layer("Dropout", name, {"rate": float(rate)}, [], inbound)


def flatten(name: str, inbound: Optional[List[str]] = None) -> Layer:
    return Layer("Flatten", name, {}, [], inbound)


# marshal.dumps((lambda x: x * 2.0).__code__) base64-encoded as Keras' func_dump
# does it (CPython 3.11, filename "<ipython-input-4-lambda>"); kept constant so the
# fixture does not depend on the Python version or the path of this file.
DEFAULT_LAMBDA_CODE = (
    "4wEAAAAAAAAAAAAAAAIAAAADAAAA8wwAAACXAHwAZAF6BQAAUwApAk5nAAAAAAAAAECpACkB2gF4\n"
    "cwEAAAAg+hg8aXB5dGhvbi1pbnB1dC00LWxhbWJkYT76CDxsYW1iZGE+cgUAAAABAAAAcwoAAACA\n"
    "AIghiGOJJ4AA8wAAAAA=\n")


def lambda_layer(name: str, func=None, inbound: Optional[List[str]] = None) -> Layer:
    """A Keras ``Lambda`` layer serialised the way Keras does it (marshalled
    bytecode, base64).  Used to test "unsupported layer" diagnostics."""
    if func is None:
        code = DEFAULT_LAMBDA_CODE
    else:
        code = codecs.encode(marshal.dumps(func.__code__), "base64").decode("ascii")
    return Layer("Lambda", name, {"function": [code, None, None], "function_type": "lambda",
                                  "module": "__main__", "output_shape": None,
                                  "output_shape_type": "raw", "output_shape_module": None,
                                  "arguments": {}}, [], inbound)


def raw_layer(class_name: str, name: str, config: Dict, weights=None, inbound=None) -> Layer:
    return Layer(class_name, name, dict(config), list(weights or []), inbound)


class KerasModel:
    """A Sequential or Functional ("Model" / "Functional") Keras model."""

    def __init__(self, kind: str, name: str, keras_version: str = "2.13.1",
                 backend: str = "tensorflow"):
        assert kind in ("Sequential", "Functional", "Model")
        self.kind = kind
        self.name = name
        self.keras_version = keras_version
        self.backend = backend
        self.dialect = dialect_of(keras_version)
        self.layers: List[Layer] = []
        self.input_layers: List[str] = []
        self.output_layers: List[str] = []

    # ---- building -------------------------------------------------------
    def add(self, layer: Layer) -> "KerasModel":
        if any(l.name == layer.name for l in self.layers):
            raise ValueError(f"duplicate layer name {layer.name}")
        if self.kind != "Sequential" and layer.class_name != "InputLayer" and layer.inbound is None:
            layer.inbound = [self.layers[-1].name]
        self.layers.append(layer)
        return self

    @property
    def is_sequential(self) -> bool:
        return self.kind == "Sequential"

    def saved_layers(self) -> List[Layer]:
        """``model.layers`` as Keras sees it (what goes into ``layer_names``)."""
        if self.is_sequential:
            return [l for l in self.layers if l.class_name != "InputLayer"]
        return list(self.layers)

    def input_shape(self) -> Tuple[int, ...]:
        for l in self.layers:
            if l.input_shape is not None:
                return l.input_shape
        raise ValueError("model has no input shape")

    # ---- JSON -----------------------------------------------------------
    def layer_config(self, layer: Layer, first_real_layer: bool) -> Dict:
        d = self.dialect
        if layer.class_name == "InputLayer":
            cfg = {"batch_input_shape": [None, *layer.input_shape], "dtype": "float32", "sparse": False}
            if d == DIALECT_KERAS213:
                cfg["ragged"] = False
            cfg["name"] = layer.name
            return cfg

        cfg: Dict = {"name": layer.name, "trainable": True}
        if first_real_layer and self.is_sequential:
            # layer built with input_shape=... keeps batch_input_shape in its config
            cfg["batch_input_shape"] = [None, *self.input_shape()]
            cfg["dtype"] = "float32"
        elif d == DIALECT_KERAS213:
            cfg["dtype"] = "float32"

        c = layer.class_name
        t = layer.config
        if c == "Dense":
            cfg.update({"units": t["units"], "activation": t["activation"], "use_bias": t["use_bias"],
                        "kernel_initializer": _initializer(d, "kernel"),
                        "bias_initializer": _initializer(d, "bias"),
                        "kernel_regularizer": None, "bias_regularizer": None,
                        "activity_regularizer": None, "kernel_constraint": None,
                        "bias_constraint": None})
        elif c == "Activation":
            cfg["activation"] = t["activation"]
        elif c == "ReLU":
            cfg.update({"max_value": t["max_value"], "negative_slope": t["negative_slope"],
                        "threshold": t["threshold"]})
        elif c == "Dropout":
            cfg.update({"rate": t["rate"], "noise_shape": None, "seed": None})
        elif c == "Flatten":
            cfg["data_format"] = "channels_last"
        else:
            cfg.update(copy.deepcopy(t))
        return cfg

    def get_config(self) -> Dict:
        entries = []
        first = True
        for l in self.layers:
            cfg = self.layer_config(l, first and l.class_name != "InputLayer")
            if l.class_name != "InputLayer":
                first = False
            e = {"class_name": l.class_name, "config": cfg}
            if not self.is_sequential:
                e["name"] = l.name
                e["inbound_nodes"] = [] if l.class_name == "InputLayer" else \
                    [[[src, 0, 0, {}] for src in l.inbound]]
            entries.append(e)
        if self.is_sequential:
            if self.dialect == DIALECT_KERAS22:
                # Keras 2.2 Sequential has no InputLayer entry in its config
                entries = [e for e in entries if e["class_name"] != "InputLayer"]
            return {"name": self.name, "layers": entries}
        ins = self.input_layers or [l.name for l in self.layers if l.class_name == "InputLayer"]
        outs = self.output_layers or [self.layers[-1].name]
        cfg = {"name": self.name}
        if self.dialect == DIALECT_KERAS213:
            cfg["trainable"] = True
        cfg["layers"] = entries
        cfg["input_layers"] = [[n, 0, 0] for n in ins]
        cfg["output_layers"] = [[n, 0, 0] for n in outs]
        return cfg

    def to_json_dict(self) -> Dict:
        return {"class_name": self.kind, "config": self.get_config(),
                "keras_version": self.keras_version, "backend": self.backend}

    def to_json(self, indent: Optional[int] = None) -> str:
        return json.dumps(self.to_json_dict(), indent=indent)

    def write_json(self, path: str, indent: Optional[int] = None) -> None:
        with open(path, "w", encoding="ascii") as f:
            f.write(self.to_json(indent))

    # ---- HDF5 -----------------------------------------------------------
    def _weight_full_names(self, layer: Layer) -> List[str]:
        return [f"{layer.name}/{w}:0" for w, _ in layer.weights]

    def _write_weights_group(self, g: h5py.Group, style: str) -> None:
        layers = self.saved_layers()
        _set_name_list(g, "layer_names", [l.name for l in layers], style)
        _set_scalar_str(g, "backend", self.backend, ascii_=True)
        _set_scalar_str(g, "keras_version", self.keras_version, ascii_=True)
        order = sorted(layers, key=lambda l: l.name) if style == "vlen" else layers
        for l in order:
            lg = g.create_group(l.name)
            _set_name_list(lg, "weight_names", self._weight_full_names(l), style)
            for full, (_, arr) in zip(self._weight_full_names(l), l.weights):
                lg.create_dataset(full, data=np.asarray(arr, dtype=np.float32))
        if style == "vlen":
            tg = g.create_group("top_level_model_weights")
            _set_name_list(tg, "weight_names", [], style)

    def write_weights_h5(self, path: str, string_style: str = "vlen") -> None:
        """Equivalent of ``model.save_weights(path)`` (HDF5 format)."""
        _check_style(string_style)
        with h5py.File(path, "w") as f:
            self._write_weights_group(f, string_style)

    def write_full_h5(self, path: str, string_style: str = "vlen",
                      training_config: Optional[Dict] = None,
                      optimizer_weights: Optional[List[Tuple[str, np.ndarray]]] = None) -> None:
        """Equivalent of ``model.save(path)`` (legacy HDF5 format)."""
        _check_style(string_style)
        model_config = json.dumps({"class_name": self.kind, "config": self.get_config()})
        with h5py.File(path, "w") as f:
            if string_style == "vlen":
                # Keras 2.13: keras_version/backend are str (UTF-8), configs are bytes (ASCII)
                _set_scalar_str(f, "backend", self.backend, ascii_=False)
                _set_scalar_str(f, "keras_version", self.keras_version, ascii_=False)
                _set_scalar_str(f, "model_config", model_config, ascii_=True)
                if training_config is not None:
                    _set_scalar_str(f, "training_config", json.dumps(training_config), ascii_=True)
            else:
                # Keras 2.2: everything encoded to bytes -> vlen ASCII with h5py 2
                _set_scalar_str(f, "keras_version", self.keras_version, ascii_=True)
                _set_scalar_str(f, "backend", self.backend, ascii_=True)
                _set_scalar_str(f, "model_config", model_config, ascii_=True)
            mw = f.create_group("model_weights")
            self._write_weights_group(mw, string_style)
            if string_style == "fixed" and training_config is not None:
                _set_scalar_str(f, "training_config", json.dumps(training_config), ascii_=True)
            if optimizer_weights:
                og = f.create_group("optimizer_weights")
                _set_name_list(og, "weight_names", [n for n, _ in optimizer_weights], string_style)
                for n, arr in optimizer_weights:
                    og.create_dataset(n, data=arr)

    # ---- oracle ---------------------------------------------------------
    def forward(self, x: np.ndarray, return_all: bool = False):
        return oracle_forward(self, x, return_all=return_all)


def _check_style(style: str) -> None:
    if style not in ("fixed", "vlen"):
        raise ValueError("string_style must be 'fixed' or 'vlen'")


def _set_scalar_str(obj, name: str, value: str, ascii_: bool) -> None:
    """Scalar variable-length string attribute (ASCII or UTF-8 character set)."""
    dt = h5py.string_dtype("ascii" if ascii_ else "utf-8")
    obj.attrs.create(name, np.array(value.encode("utf-8") if ascii_ else value, dtype=dt), dtype=dt)


def _set_name_list(obj, name: str, names: List[str], style: str) -> None:
    if not names:
        # numpy.asarray([]) -> float64, shape (0,): what Keras/h5py write for no weights
        obj.attrs.create(name, np.asarray([], dtype=np.float64))
        return
    enc = [n.encode("ascii") for n in names]
    if style == "fixed":
        n = max(len(e) for e in enc)
        obj.attrs.create(name, np.array(enc, dtype=f"S{n}"))  # H5T_STRING, NULLPAD, ASCII
    else:
        dt = h5py.string_dtype("ascii")
        obj.attrs.create(name, np.array(enc, dtype=object), dtype=dt)


# --------------------------------------------------------------------------
# Oracle (float64, PyTorch) -- independent of the C# implementation
# --------------------------------------------------------------------------

def _torch():
    import torch
    return torch


def _apply_activation(name: str, x):
    torch = _torch()
    F = torch.nn.functional
    if name == "linear":
        return x
    if name == "relu":
        return F.relu(x)
    if name == "sigmoid":
        return torch.sigmoid(x)
    if name == "tanh":
        return torch.tanh(x)
    if name == "softmax":
        return F.softmax(x, dim=-1)
    raise NotImplementedError(f"oracle: activation {name!r}")


def _keras_relu(x, max_value, negative_slope, threshold):
    """tf.keras.layers.ReLU semantics:
    f(x) = max_value                       if x >= max_value
         = x                               if threshold <= x < max_value
         = negative_slope * (x - threshold) otherwise"""
    torch = _torch()
    y = torch.where(x >= threshold, x, negative_slope * (x - threshold))
    if max_value is not None:
        y = torch.where(x >= max_value, torch.full_like(x, float(max_value)), y)
    return y


def oracle_forward(model: KerasModel, x: np.ndarray, return_all: bool = False):
    """Float64 reference inference with torch.  Weights (float32) and inputs are
    promoted to float64 exactly; all arithmetic is in float64."""
    torch = _torch()
    F = torch.nn.functional
    xt = torch.from_numpy(np.asarray(x, dtype=np.float64))
    values: Dict[str, "torch.Tensor"] = {}
    prev = xt
    for l in model.layers:
        if l.class_name == "InputLayer":
            values[l.name] = xt
            prev = xt
            continue
        if model.is_sequential:
            inp = prev
        else:
            srcs = [values[s] for s in l.inbound]
            assert len(srcs) == 1, "oracle supports single-input layers"
            inp = srcs[0]
        c = l.class_name
        if c == "Dense":
            w = dict(l.weights)
            k = torch.from_numpy(w["kernel"].astype(np.float64))
            b = torch.from_numpy(w["bias"].astype(np.float64)) if "bias" in w else None
            y = _apply_activation(l.config["activation"], F.linear(inp, k.T, b))
        elif c == "Activation":
            y = _apply_activation(l.config["activation"], inp)
        elif c == "ReLU":
            y = _keras_relu(inp, l.config["max_value"], l.config["negative_slope"], l.config["threshold"])
        elif c == "Dropout":
            y = inp  # identity at inference
        elif c == "Flatten":
            y = inp.reshape(inp.shape[0], -1)
        else:
            raise NotImplementedError(f"oracle: layer class {c!r}")
        values[l.name] = y
        prev = y
    out = values[(model.output_layers or [model.layers[-1].name])[0]]
    if return_all:
        return out.numpy(), {k: v.numpy() for k, v in values.items()}
    return out.numpy()


# --------------------------------------------------------------------------
# Reader (for self-checks of the written files)
# --------------------------------------------------------------------------

def _attr_names(obj, name) -> List[str]:
    v = obj.attrs[name]
    if isinstance(v, np.ndarray) and v.dtype.kind == "f":
        assert v.size == 0
        return []
    return [s.decode("utf-8") if isinstance(s, bytes) else str(s) for s in v]


def read_keras(json_or_h5: str, weights_h5: Optional[str] = None) -> KerasModel:
    """Read a Keras json(+weights) or full .h5 back into a :class:`KerasModel`
    (only the layer classes this module writes; others are kept as raw)."""
    if weights_h5 is None:
        f = h5py.File(json_or_h5, "r")
        mc = f.attrs["model_config"]
        arch = json.loads(mc.decode() if isinstance(mc, bytes) else mc)
        wg = f["model_weights"]
        kv = f.attrs["keras_version"]
    else:
        with open(json_or_h5) as jf:
            arch = json.load(jf)
        f = h5py.File(weights_h5, "r")
        wg = f
        kv = f.attrs["keras_version"]
    kv = kv.decode() if isinstance(kv, bytes) else str(kv)
    try:
        cfg = arch["config"]
        layers_cfg = cfg["layers"] if isinstance(cfg, dict) else cfg
        m = KerasModel(arch["class_name"], cfg.get("name", "model") if isinstance(cfg, dict) else "model", kv)
        names_in_h5 = _attr_names(wg, "layer_names")
        for i, e in enumerate(layers_cfg):
            c, lc = e["class_name"], e["config"]
            name = lc["name"]
            weights = []
            if name in names_in_h5:
                g = wg[name]
                for wn in _attr_names(g, "weight_names"):
                    short = wn.split("/")[-1].split(":")[0]
                    weights.append((short, np.array(g[wn])))
            if c == "InputLayer":
                l = input_layer(name, lc["batch_input_shape"][1:])
            elif c == "Dense":
                w = dict(weights)
                l = dense(name, w["kernel"], w.get("bias"), lc["activation"])
            elif c == "Activation":
                l = activation(name, lc["activation"])
            elif c == "ReLU":
                l = relu(name, lc["max_value"], lc["negative_slope"], lc["threshold"])
            elif c == "Dropout":
                l = dropout(name, lc["rate"])
            elif c == "Flatten":
                l = flatten(name)
            else:
                l = raw_layer(c, name, lc, weights)
            if m.is_sequential and i == 0 and c != "InputLayer" and "batch_input_shape" in lc:
                m.add(input_layer(name + "_input", lc["batch_input_shape"][1:]))
            if not m.is_sequential and c != "InputLayer":
                l.inbound = [n[0] for n in e["inbound_nodes"][0]]
            m.add(l)
        if isinstance(cfg, dict) and "output_layers" in cfg:
            m.output_layers = [o[0] for o in cfg["output_layers"]]
            m.input_layers = [o[0] for o in cfg["input_layers"]]
    finally:
        f.close()
    return m


def describe_h5(path: str) -> str:
    """Human-readable dump of every attribute (with its HDF5 string type) and dataset."""
    lines = []

    def attr_desc(obj, k):
        a = obj.attrs.get_id(k)
        t = a.get_type()
        if isinstance(t, h5py.h5t.TypeStringID):
            cs = {0: "ASCII", 1: "UTF-8"}[t.get_cset()]
            if t.is_variable_str():
                kind = f"vlen string ({cs})"
            else:
                pad = {0: "NULLTERM", 1: "NULLPAD", 2: "SPACEPAD"}[t.get_strpad()]
                kind = f"fixed string S{t.get_size()} ({cs}, {pad})"
        else:
            kind = str(a.dtype)
        shape = "scalar" if a.shape == () else f"shape {a.shape}"
        return f"@{k}: {kind}, {shape}"

    def dump(name, obj):
        ind = "  " * name.count("/") if name else ""
        if isinstance(obj, h5py.Dataset):
            lines.append(f"{ind}{name}  dataset {obj.dtype} {obj.shape}")
        else:
            lines.append(f"{ind}{name or '/'}  group")
        for k in obj.attrs:
            lines.append(f"{ind}    {attr_desc(obj, k)}")

    with h5py.File(path, "r") as f:
        dump("", f)
        f.visititems(dump)
    return "\n".join(lines)


# --------------------------------------------------------------------------
# Text data helpers
# --------------------------------------------------------------------------

def quantize_to_grid(x: np.ndarray, frac_bits: int, lo: float, hi: float) -> np.ndarray:
    """Round to multiples of 2**-frac_bits and clip to [lo, hi].  The result is
    exactly representable in float32 and in ap_fixed with >= frac_bits fraction bits."""
    step = 2.0 ** -frac_bits
    q = np.clip(np.round(np.asarray(x, dtype=np.float64) / step) * step, lo, hi)
    return q.astype(np.float32)


def write_rows(path: str, rows: np.ndarray, kind: str) -> None:
    """kind='input': float32 values as repr(float(np.float32(v))) (exact round trip
    through a double parser); kind='expected': '%.17g'; kind='int': integers."""
    rows = np.atleast_2d(rows)
    with open(path, "w", encoding="ascii", newline="\n") as f:
        for r in rows:
            if kind == "input":
                f.write(" ".join(repr(float(np.float32(v))) for v in r))
            elif kind == "expected":
                f.write(" ".join("%.17g" % float(v) for v in r))
            elif kind == "int":
                f.write(" ".join(str(int(v)) for v in r))
            else:
                raise ValueError(kind)
            f.write("\n")
