"""Loaded by the hall server that bench/fanout.py starts (its PYTHONPATH puts this folder
first): every garbage collection of the server's Python, one line each in the file named by
FANOUT_GC_LOG: "<wall time at its end> <generation> <ms>". A collection stops the server's
main thread, the one that announces the calls, for as long as it takes."""

import gc
import os
import time

_path = os.environ.get("FANOUT_GC_LOG")
if _path:
    _log = open(_path, "a", buffering=1)  # noqa: SIM115 - open for the process's life
    _began = [0.0]

    def _note(phase: str, info: dict) -> None:
        if phase == "start":
            _began[0] = time.perf_counter()
        else:
            ms = (time.perf_counter() - _began[0]) * 1000
            _log.write(f"{time.time():.3f} {info['generation']} {ms:.2f}\n")

    gc.callbacks.append(_note)
