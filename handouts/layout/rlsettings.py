"""Pin reportlab's settings, whatever the environment says.

reportlab reads `RL_*` environment variables and `~/.reportlab_settings` at import time. They
change what it fetches (`RL_trustedHosts`, `RL_trustedSchemes`) and what it writes
(`RL_useA85`, `RL_invariant`, page compression, default fonts): a build must not depend on the
machine's environment. `pin_reportlab()` resets every setting to reportlab's shipped default,
then closes URL fetching: handouts hands reportlab bytes, never paths or addresses. Streams
are written binary, not ASCII85: the files are a fifth smaller and quicker to write.
"""

from __future__ import annotations

from functools import cache


@cache
def pin_reportlab() -> None:
    from reportlab import rl_config, rl_settings

    for name in rl_settings.__all__:
        setattr(rl_config, name, getattr(rl_settings, name))
    rl_config.trustedHosts = ["handouts-fetches-nothing.invalid"]
    rl_config.trustedSchemes = []
    rl_config.invariant = 1
    rl_config.useA85 = 0
