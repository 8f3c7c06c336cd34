"""Stopping a batch cleanly on SIGINT (Ctrl-C) or SIGTERM (a scheduler, systemd, `kill`).

While `Stop.on_signals()` is active, a signal only sets the flag: the runner, which polls it,
cancels the jobs not yet started, lets the running ones finish for a moment (so what they wrote
is journaled), then ends the workers. A second signal skips that moment. Workers ignore SIGINT
(a terminal sends it to the whole process group; the main process decides) and die on SIGTERM.
"""

from __future__ import annotations

import signal
from contextlib import contextmanager
from typing import Any, Iterator

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Stop:
    """Whether, and by which signal, the run was asked to stop."""

    def __init__(self) -> None:
        self.signal: int | None = None
        self.count = 0

    def is_set(self) -> bool:
        return self.signal is not None

    @property
    def urgent(self) -> bool:
        """Asked twice: stop the running jobs too, at once."""
        return self.count > 1

    @property
    def exit_code(self) -> int:
        return 128 + (self.signal or 0)

    def _handle(self, signum: int, frame: Any) -> None:
        self.signal = self.signal or signum
        self.count += 1

    @contextmanager
    def on_signals(self) -> Iterator["Stop"]:
        previous = {s: signal.signal(s, self._handle) for s in SIGNALS}
        try:
            yield self
        finally:
            for s, handler in previous.items():
                signal.signal(s, handler)


def worker_signals() -> None:
    """Run in each worker process as it starts (see the module docstring)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
