#!/usr/bin/env python3
"""Writes the small synthetic data set bundled with the XGBoost sample (standard library only, seeded).

    python3 sample-models/xgboost/data/make_data.py

A binary classification with 8 numeric features, some missing: the label is 1 when a noisy mix of the first
four features is positive; features 5-8 are noise. Files, label first and no header (SageMaker's XGBoost layout):

    train/train.csv            1000 rows     validation/validation.csv   300 rows
    train-libsvm/train.libsvm  the same rows as libsvm, 1-based, missing cells left out
"""
import math
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
FEATURES = 8


def rows(rng, n):
    for _ in range(n):
        x = [round(rng.gauss(0, 1), 4) for _ in range(FEATURES)]
        z = 1.2 * x[0] - 0.8 * x[1] + 0.6 * x[2] * x[3] + 0.5 * math.sin(3 * x[3]) + rng.gauss(0, 0.5)
        label = 1 if z > 0 else 0
        cells = [None if rng.random() < 0.05 else v for v in x]
        yield label, cells


def write(path, data, libsvm=False):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        for label, cells in data:
            if libsvm:
                items = ["%d:%s" % (i + 1, v) for i, v in enumerate(cells) if v is not None]
                f.write(" ".join([str(label)] + items) + "\n")
            else:
                f.write(",".join([str(label)] + ["" if v is None else str(v) for v in cells]) + "\n")


def main():
    rng = random.Random(42)
    train = list(rows(rng, 1000))
    validation = list(rows(rng, 300))
    write(os.path.join(HERE, "train", "train.csv"), train)
    write(os.path.join(HERE, "validation", "validation.csv"), validation)
    write(os.path.join(HERE, "train-libsvm", "train.libsvm"), train, libsvm=True)
    write(os.path.join(HERE, "validation-libsvm", "validation.libsvm"), validation, libsvm=True)


if __name__ == "__main__":
    main()
