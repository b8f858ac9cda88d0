#!/usr/bin/env python3
"""Writes the load-test payloads into OUT: one 28-feature row (row.csv), a batch of about SIZE_MB megabytes of CSV
(batch.csv) with the same rows as JSON (batch.json, {"instances": [...]}), and its first 1,000 rows (rows1000.csv).
Prints the batch's row count."""
import json
import random
import sys

out, size_mb = sys.argv[1], float(sys.argv[2])
rng = random.Random(42)


def row():
    return [round(rng.uniform(-3, 3), 6) for _ in range(28)]


def csv(values):
    return ",".join(f"{v:.6f}" for v in values) + "\n"


with open(f"{out}/row.csv", "w") as f:
    f.write(csv(row()))
rows, written = [], 0
while written < size_mb * 1024 * 1024 - 300:
    values = row()
    line = csv(values)
    rows.append(values)
    written += len(line)
with open(f"{out}/batch.csv", "w") as f:
    f.writelines(csv(r) for r in rows)
with open(f"{out}/rows1000.csv", "w") as f:
    f.writelines(csv(r) for r in rows[:1000])
with open(f"{out}/batch.json", "w") as f:
    json.dump({"instances": rows}, f, separators=(",", ":"))
print(len(rows))
