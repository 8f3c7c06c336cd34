"""Stage 1, source: YAML and Markdown files -> the typed `Library` (source/load.py).

The strict YAML reader (yamlsafe.py) keeps every value's position; the schema (model.py)
rejects what it does not know; every problem becomes a diagnostic with file, line and column.
Pictures are read and made safe to embed here too (images.py).
"""
