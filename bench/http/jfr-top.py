#!/usr/bin/env python3
"""Summarises a JFR recording's CPU samples (jdk.ExecutionSample): the share of samples per thread group, the
methods most often on top of the stack (self), and the methods most often anywhere on it (inclusive), so the
profile of a load can be read without a GUI.
   bench/http/jfr-top.py RECORDING.jfr [TOP]"""
import collections
import json
import re
import subprocess
import sys

recording, top = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 25
out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "96", "--events", "jdk.ExecutionSample", recording],
                     check=True, capture_output=True, text=True).stdout
events = json.loads(out)["recording"]["events"]


def name(frame):
    method = frame["method"]
    owner = method["type"]["name"].replace("/", ".")
    return owner + "." + method["name"] if owner else "[native] " + method["name"]  # async-profiler: kernel, libc


def group(thread):
    # model-xgboost-1 -> model-xgboost-*, multiThreadIoEventLoopGroup-2-1 -> multiThreadIoEventLoopGroup-*
    return re.sub(r"-\d+(-\d+)*$", "-*", thread or "?")


threads, self_time, inclusive = collections.Counter(), collections.Counter(), collections.Counter()
for e in events:
    frames = e["values"]["stackTrace"]["frames"]
    if not frames:
        continue
    threads[group(e["values"]["sampledThread"]["javaName"])] += 1
    self_time[name(frames[0])] += 1
    for n in {name(f) for f in frames}:
        inclusive[n] += 1
total = sum(threads.values())
print(f"{total} CPU samples")
for title, counter in (("by thread", threads), ("self (on top of the stack)", self_time),
                       ("inclusive (anywhere on the stack)", inclusive)):
    print(f"-- {title}")
    for key, count in counter.most_common(top):
        print(f"{100.0 * count / total:5.1f}%  {key}")
