"""The floor for batches: the plain-reportlab leaflet, N times, in a process pool on all cores.

    python floor_batch.py PROJECT OUT_DIR N
"""

from __future__ import annotations

import concurrent.futures as cf
import os
import sys
from pathlib import Path

from floor import build_floor


def one(args: tuple[str, str, int]) -> int:
    project, out, i = args
    data = build_floor(Path(project), patient=f"Patient {i}")
    (Path(out) / f"floor-{i}.pdf").write_bytes(data)
    return len(data)


if __name__ == "__main__":
    project, out, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    Path(out).mkdir(parents=True, exist_ok=True)
    with cf.ProcessPoolExecutor(os.cpu_count()) as pool:
        list(pool.map(one, [(project, out, i) for i in range(count)], chunksize=8))
