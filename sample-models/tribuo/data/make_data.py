#!/usr/bin/env python3
"""Writes the Tribuo sample's small datasets. Deterministic: rerunning gives the same bytes.

  wine-train.csv, wine-validation.csv  synthetic, wine-quality-like (11 physico-chemical features, integer
                                       quality 3..8); no real data: the generator below is the whole truth
  wine-train.jsonl                     the first 200 training rows as JSON Lines (same columns)
  iris.csv                             Fisher's iris (1936, public domain), converted from the copy that
                                       Debian's python3-sklearn ships; skipped with a note when it is absent

Usage: python3 make_data.py   (from this folder; stdlib only)
"""
import csv
import json
import math
import os
import random

FEATURES = [
    # name, mean, sd, low, high
    ("fixed_acidity", 7.2, 1.2, 4.0, 15.0),
    ("volatile_acidity", 0.40, 0.15, 0.08, 1.4),
    ("citric_acid", 0.30, 0.14, 0.0, 1.0),
    ("residual_sugar", 4.5, 3.5, 0.6, 30.0),
    ("chlorides", 0.055, 0.025, 0.01, 0.4),
    ("free_sulfur_dioxide", 30.0, 15.0, 2.0, 120.0),
    ("total_sulfur_dioxide", 110.0, 50.0, 8.0, 300.0),
    ("density", None, None, None, None),  # derived from sugar and alcohol, as in real wine
    ("pH", 3.25, 0.15, 2.8, 3.9),
    ("sulphates", 0.55, 0.14, 0.25, 1.5),
    ("alcohol", 10.5, 1.2, 8.0, 14.5),
]
LABEL = "quality"


def clip(x, low, high):
    return max(low, min(high, x))


def row(rng):
    values = {}
    for name, mean, sd, low, high in FEATURES:
        if mean is not None:
            values[name] = clip(rng.gauss(mean, sd), low, high)
    # Kept below 1 so that the sample's validation rule "density in (0, 1)" holds for every generated row
    # (real wines reach 1.004; the rule is there to show validation, not oenology).
    values["density"] = clip(0.9945 + 0.00038 * (values["residual_sugar"] - 4.5) - 0.00105 * (values["alcohol"] - 10.5)
                             + rng.gauss(0, 0.0008), 0.987, 0.9995)
    # Latent quality: alcohol and sulphates up, volatile acidity and chlorides down, plus noise.
    latent = (5.7 + 0.55 * (values["alcohol"] - 10.5) + 1.4 * (values["sulphates"] - 0.55)
              - 2.6 * (values["volatile_acidity"] - 0.40) - 4.0 * (values["chlorides"] - 0.055)
              + 0.25 * (values["citric_acid"] - 0.30) + rng.gauss(0, 0.45))
    values[LABEL] = int(clip(round(latent), 3, 8))
    return values


def fmt(name, value):
    if name == LABEL:
        return str(value)
    digits = 5 if name == "density" else (3 if value < 1 else 2)
    return f"{value:.{digits}f}"


def write_csv(path, rows):
    names = [f[0] for f in FEATURES] + [LABEL]
    with open(path, "w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(names)
        for r in rows:
            writer.writerow([fmt(n, r[n]) for n in names])


def write_jsonl(path, rows):
    names = [f[0] for f in FEATURES] + [LABEL]
    with open(path, "w") as out:
        for r in rows:
            out.write(json.dumps({n: (r[n] if n == LABEL else float(fmt(n, r[n]))) for n in names}) + "\n")


def write_iris(path):
    source = "/usr/lib/python3/dist-packages/sklearn/datasets/data/iris.csv"
    if not os.path.exists(source):
        print(f"{source} not found (apt-get install python3-sklearn); keeping the committed iris.csv")
        return
    with open(source) as src:
        lines = list(csv.reader(src))
    classes = lines[0][2:]  # header: n_samples, n_features, class names...
    with open(path, "w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["sepal_length", "sepal_width", "petal_length", "petal_width", "species"])
        for r in lines[1:]:
            writer.writerow(r[:4] + [classes[int(r[4])]])


def main():
    rng = random.Random(20240605)
    train = [row(rng) for _ in range(1200)]
    validation = [row(rng) for _ in range(300)]
    write_csv("wine-train.csv", train)
    write_csv("wine-validation.csv", validation)
    write_jsonl("wine-train.jsonl", train[:200])
    write_iris("iris.csv")
    counts = {}
    for r in train:
        counts[r[LABEL]] = counts.get(r[LABEL], 0) + 1
    print("quality counts (train):", dict(sorted(counts.items())))


if __name__ == "__main__":
    main()
