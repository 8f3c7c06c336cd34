"""handouts: compile printable physiotherapy leaflets from YAML content.

The engine is a pipeline of stages, one package each, every read going through one world:

    world (the files, the store) -> source (load) -> resolve -> layout -> pdf (render, stamp)

`build.py` strings them together; `check/` and `batch/` are built on it; `cli/` is the Typer
shell. Importing this package is cheap: the heavy dependencies (reportlab, pydantic, PIL) are
imported by the stages that need them.
"""

import sys
from importlib.machinery import ModuleSpec
from pathlib import Path

__version__ = "0.1.0"

_HERE = Path(__file__).parent


class _CheckoutCli:
    """Find `handouts.cli` in a source checkout, where it is the top-level `cli/` folder.

    A wheel installs that folder as `handouts/cli` (pyproject's force-include), so that no
    top-level `cli` package lands in site-packages; a checkout and an editable install keep it
    where the repository has it, and this finder maps the one name onto it.
    """

    folder = _HERE.parent / "cli"

    @classmethod
    def find_spec(cls, name: str, path=None, target=None) -> ModuleSpec | None:
        if name != "handouts.cli":
            return None
        from importlib.util import spec_from_file_location

        return spec_from_file_location(name, cls.folder / "__init__.py",
                                       submodule_search_locations=[str(cls.folder)])


if not (_HERE / "cli").is_dir() and (_CheckoutCli.folder / "__init__.py").is_file():
    sys.meta_path.append(_CheckoutCli)
