"""The linter and the type checker pass over the code, with the settings in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_finds_nothing():
    result = run("ruff", "check", "handouts", "cli", "tests", "benchmarks")
    assert result.returncode == 0, f"ruff check failed:\n{result.stdout}{result.stderr}"


@pytest.mark.slow  # about 10 s without mypy's cache (a fresh checkout, CI)
def test_mypy_finds_nothing():
    result = run("mypy")  # files, plugins and overrides: [tool.mypy] in pyproject.toml
    assert result.returncode == 0, f"mypy failed:\n{result.stdout}{result.stderr}"
