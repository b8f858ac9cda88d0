#!/usr/bin/env python3
"""Writes the load-test payloads: one 28-feature CSV row, and a CSV batch of about SIZE_MB megabytes."""
import random
import sys

out, size_mb = sys.argv[1], float(sys.argv[2])
rng = random.Random(42)


def row():
    return ",".join(f"{rng.uniform(-3, 3):.6f}" for _ in range(28)) + "\n"


with open(f"{out}/row.csv", "w") as f:
    f.write(row())
with open(f"{out}/batch.csv", "w") as f:
    written, rows = 0, 0
    while written < size_mb * 1024 * 1024 - 300:
        line = row()
        f.write(line)
        written += len(line)
        rows += 1
print(rows)
