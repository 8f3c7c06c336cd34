"""The world a build sees: the files it may read, the date it prints, and the store of results.

Every read of the pipeline goes through a `World` (world/workspace.py), which applies one path
policy and records what was read; results kept between runs live in one content-addressed store
(world/store.py), keyed by exactly what they read. Nothing else in the engine opens a file.
"""
