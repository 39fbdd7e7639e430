"""Run by test_interrupt.py: a long pipeline on two worker processes, interrupted by the test
with SIGINT; reports how the interrupt was seen and that the process works on after it."""

import os
import sys
import time

from qiime2 import Artifact
from qiime2.sdk.parallel_config import ParallelConfig
from qiime2.plugins.mystery_stew.pipelines import fan_out

PROCESSES = {"parsl": {"executors": [{
    "class": "HighThroughputExecutor", "label": "default", "max_workers": 2,
    "provider": {"class": "LocalProvider"}}]}}


def children():
    """The processes whose parent is this one."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    stat = fh.read()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == os.getpid():
                found.append(int(entry))
    return found


ints = Artifact.import_data("IntSequence1", sys.argv[1])
with ParallelConfig(PROCESSES):
    future = fan_out.parallel(ints=ints, steps=8, millis=20000)
    while len(children()) < 2:
        time.sleep(0.02)
    started = time.monotonic()
    try:
        print("started", flush=True)
        future._result()
        print("not interrupted", flush=True)
    except KeyboardInterrupt:
        print(f"interrupted after {time.monotonic() - started:.1f} s", flush=True)
print(f"children left: {len(children())}", flush=True)
print(f"done: {future.done()}", flush=True)
# The process goes on working after the interrupt.
print(f"serial run: {fan_out(ints=ints, steps=1, millis=0).stamps is not None}", flush=True)
