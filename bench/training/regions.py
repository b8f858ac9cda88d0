#!/usr/bin/env python3
"""Data and scoring for multi-host training runs (the container tests and bench/training/distributed.sh).

    regions.py data OUT HOSTS ROWS [VALIDATION_ROWS]    writes the job's data for 1..HOSTS hosts (seeded)
    regions.py score MODEL_FILE CSV                      prints the model's RMSE on CSV (label first), using xgboost

A regression whose target depends strongly on feature 0:  y = 3 sin(4 x0 + 2 x1) + 2 x2 x3 - x4 + noise(0.1),
six features uniform in [-1, 1) (x5 is noise only). `data` shards the rows by region of x0, the way
ShardedByS3Key hands each host its own files: with N hosts, host i gets the rows whose x0 is in the i-th of N equal
slices of [-1, 1). A model that saw one shard only cannot know the other regions, so training on all the shards is
clearly better than on one: that is how a test sees that every host's data was used. OUT gets

    OUT/N-hosts/host-I/{train,validation}/part.csv   for N = 1..HOSTS, I = 1..N: host I's shard (1-hosts: all)
    OUT/holdout.csv                                  the validation rows, all of them (for `score`)

Standard library only for `data`; `score` needs xgboost and numpy (Debian: python3-xgboost).
Same function and sharding as the Java tests' RegionData (their draws differ).
"""
import math
import os
import random
import sys

FEATURES = 6


def rows(n, seed):
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        x = [round(rng.uniform(-1, 1), 4) for _ in range(FEATURES)]
        y = 3 * math.sin(4 * x[0] + 2 * x[1]) + 2 * x[2] * x[3] - x[4] + rng.gauss(0, 0.1)
        out.append([y] + x)
    return out


def shard(data, i, n):
    return [r for r in data if min(n - 1, int((r[1] + 1) / 2 * n)) == i]


def write(data, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        for r in data:
            f.write(",".join(f"{v:.6f}" for v in r) + "\n")


def make(out, hosts, n_train, n_validation):
    train, validation = rows(n_train, 1), rows(n_validation, 2)
    write(validation, f"{out}/holdout.csv")
    for n in range(1, hosts + 1):
        for i in range(n):
            for name, data in (("train", train), ("validation", validation)):
                write(shard(data, i, n), f"{out}/{n}-hosts/host-{i + 1}/{name}/part.csv")


def score(model_file, csv):
    import numpy as np
    import xgboost as xgb
    data = np.loadtxt(csv, delimiter=",", ndmin=2)
    booster = xgb.Booster(model_file=model_file)
    predictions = booster.predict(xgb.DMatrix(data[:, 1:]))
    print(f"{math.sqrt(float(np.mean((predictions - data[:, 0]) ** 2))):.6f}")


if __name__ == "__main__":
    if len(sys.argv) >= 5 and sys.argv[1] == "data":
        make(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]) if len(sys.argv) > 5 else 2000)
    elif len(sys.argv) == 4 and sys.argv[1] == "score":
        score(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
