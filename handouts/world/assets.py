"""Find the files that ship with handouts (fonts, UI catalogues, the built-in library).

In a wheel, `assets/` is installed as `handouts/_assets`; in a source checkout or an editable
install it is the top-level `assets/` folder beside `handouts/`. This is the one place that knows.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def assets_root() -> Path:
    here = Path(__file__).resolve().parents[1]  # the handouts package
    for candidate in (here / "_assets", here.parent / "assets"):
        if (candidate / "library").is_dir():
            return candidate
    raise RuntimeError(f"handouts is installed without its assets (looked beside {here})")


def library_root() -> Path:
    return assets_root() / "library"


def catalogue_dir() -> Path:
    return assets_root() / "i18n"


def font_dir() -> Path:
    return assets_root() / "fonts"
