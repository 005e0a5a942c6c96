"""Run one command and report its wall time and peak memory (RSS) as JSON.

Started as a separate process per measurement, so RUSAGE_CHILDREN holds exactly the
measured command's peak resident set size.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main() -> None:
    argv = sys.argv[1:]
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"wall": wall, "peak_mb": peak_kb / 1024, "rc": done.returncode,
                      "stderr": done.stderr.decode("utf-8", "replace")[-2000:]}))


if __name__ == "__main__":
    main()
