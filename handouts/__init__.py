"""handouts: compile printable physiotherapy leaflets from YAML content.

The engine is a pipeline of pure stages, each in its own module:

    load (load.py) -> resolve (resolve.py) -> layout (layout/) -> render (render.py)

`build.py` strings them together for the CLI. Importing this package is cheap: the heavy
dependencies (reportlab, pydantic, PIL) are imported by the stages that need them.
"""

__version__ = "0.1.0"
