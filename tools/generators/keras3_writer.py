"""Write Keras 3 `.keras` archives (config.json + model.weights.h5 + metadata.json) without Keras.

Mirrors what Keras 3 `model.save('m.keras')` writes, for test fixtures:
* config.json: {"module": "keras", "class_name": "Sequential"|"Functional", "config": {...}} with per-layer
  {"module", "class_name", "config", "registered_name", "build_config", "name", "inbound_nodes"}; Functional
  inbound nodes are {"args": [<keras tensor> | [<keras tensors>]], "kwargs": {}} where a keras tensor is
  {"class_name": "__keras_tensor__", "config": {"shape", "dtype", "keras_history": [layer, 0, 0]}};
  InputLayer configs carry "batch_shape"; dtype is a DTypePolicy object.
* model.weights.h5: layers/<snake_case class name>[_<n>]/vars/<i> datasets, the vars group's "name" attribute
  holding the layer name; a top-level "vars" group.
Layers are given as keras_writer.Layer objects, so the same model can also be written in Keras 2 format.
"""
import io
import json
import re
import zipfile

import h5py
import numpy as np


def _snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _dtype():
    return {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": None}


def _tensor(shape, source):
    return {"class_name": "__keras_tensor__", "config": {"shape": [None, *shape], "dtype": "float32", "keras_history": [source, 0, 0]}}


def write_keras(path, model, shapes):
    """model: keras_writer.KerasModel; shapes: {layer name: output shape without batch} for inbound tensors."""
    functional = not model.is_sequential
    entries = []
    for layer in model.layers:
        if layer.class_name == "InputLayer":
            cfg = {"batch_shape": [None, *layer.input_shape], "dtype": "float32", "sparse": False, "name": layer.name}
        else:
            cfg = {"name": layer.name, "trainable": True, "dtype": _dtype()}
            cfg.update(model.layer_config(layer, False))
            cfg["dtype"] = _dtype()
            cfg.pop("batch_input_shape", None)
        entry = {"module": "keras.layers", "class_name": layer.class_name, "config": cfg, "registered_name": None}
        if functional:
            entry["name"] = layer.name
            if layer.class_name == "InputLayer":
                entry["inbound_nodes"] = []
            else:
                tensors = [_tensor(shapes[s], s) for s in layer.inbound]
                entry["inbound_nodes"] = [{"args": [tensors if len(tensors) > 1 else tensors[0]], "kwargs": {}}]
        entries.append(entry)
    config = {"name": model.name, "trainable": True, "dtype": _dtype(), "layers": entries}
    if functional:
        ins = model.input_layers or [l.name for l in model.layers if l.class_name == "InputLayer"]
        outs = model.output_layers or [model.layers[-1].name]
        config["input_layers"] = [[n, 0, 0] for n in ins] if len(ins) > 1 else [ins[0], 0, 0]
        config["output_layers"] = [[n, 0, 0] for n in outs] if len(outs) > 1 else [outs[0], 0, 0]
    root = {"module": "keras", "class_name": "Functional" if functional else "Sequential", "config": config, "registered_name": None}

    buf = io.BytesIO()
    with h5py.File(buf, "w") as f:
        layers = f.create_group("layers")
        counts = {}
        for layer in model.layers:
            if layer.class_name == "InputLayer" and not functional:
                continue
            base = _snake(layer.class_name)
            n = counts.get(base, 0)
            counts[base] = n + 1
            g = layers.create_group(base if n == 0 else f"{base}_{n}")
            v = g.create_group("vars")
            v.attrs["name"] = layer.name
            for i, (_, value) in enumerate(layer.weights):
                v.create_dataset(str(i), data=np.asarray(value, dtype=np.float32))
        f.create_group("vars").attrs["name"] = model.name
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("metadata.json", json.dumps({"keras_version": "3.14.1", "date_saved": "2026-11-25@00:00:00"}))
        z.writestr("config.json", json.dumps(root))
        z.writestr("model.weights.h5", buf.getvalue())
