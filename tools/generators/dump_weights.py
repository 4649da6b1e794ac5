#!/usr/bin/python3
"""Dump the weights of a Keras HDF5 file (save_weights or full model) as JSON for tools/oracle/keras_predict.js.

    /usr/bin/python3 tools/generators/dump_weights.py model_weights.h5 weights.json

Keys are "<layer>/<weight>" without the ":0" suffix (e.g. "fc1/kernel"); values {"shape": [...], "data": [...]}.
"""
import json
import sys

import h5py
import numpy as np


def dump(h5_path):
    out = {}
    with h5py.File(h5_path, "r") as f:
        root = f["model_weights"] if "model_weights" in f else f

        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                parts = name.split("/")
                key = "/".join(parts[-2:]) if len(parts) >= 2 else name
                key = key[:-2] if key.endswith(":0") else key
                data = np.asarray(obj, dtype=np.float64)
                out[key] = {"shape": list(data.shape), "data": data.reshape(-1).tolist()}

        root.visititems(visit)
    return out


if __name__ == "__main__":
    json.dump(dump(sys.argv[1]), open(sys.argv[2], "w"))
