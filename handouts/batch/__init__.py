"""Many leaflets from one manifest or CSV: plan every row first, build in a process pool,
write atomically, journal for resuming (runner.py); safe output names (names.py)."""
