"""Start the front desk's server: the world, the token, the address, uvicorn.

Contract: `serve(clinic, host, port, open_browser, say)` runs until interrupted. The world is the
clinic project the server was started in (or `--clinic`), opened once, with a read-only store:
the server reads what the CLI stored and writes nothing (builds for patients leave no trace on
disk). On any address but loopback, a random token guards every request.
"""

from __future__ import annotations

import ipaddress
import logging
import secrets
import sys
from typing import Callable

from handouts.diagnostics import error

LOOPBACK_NAMES = ("localhost",)


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def make_server_app(clinic: str | None, host: str, port: int):
    """The app for this address, its token (None on loopback) and the address to open."""
    from handouts.serve.app import make_app
    from handouts.serve.desk import Desk
    from handouts.world.core import open_world
    from handouts.world.store import Store

    world, clinic_id = open_world(clinic, store=Store.from_environment(read_only=True))
    _ = world.library  # parse now: a broken project is an error at start, not at the first patient
    desk = Desk(world, clinic_id)
    desk.library()
    if is_loopback(host):
        token = None
        shown = "127.0.0.1" if host != "localhost" else host
        hosts = frozenset({f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", shown + f":{port}"})
        address = f"http://{shown}:{port}/"
    else:
        token = secrets.token_urlsafe(24)
        hosts = frozenset()  # a LAN has many names for this machine: the token guards it
        address = f"http://{'<this computer>' if host in ('0.0.0.0', '::') else host}:{port}/?token={token}"
    return make_app(desk, token, hosts), address, world


def serve(clinic: str | None, host: str, port: int, open_browser: bool, say: Callable[[str], None]) -> None:
    try:
        import uvicorn
    except ImportError:
        raise error("'handouts serve' needs its extra", "serve.missing",
                    hint="pip install \"handouts[serve]\"") from None
    app, address, world = make_server_app(clinic, host, port)
    # one line per request, from app.py's guard: method, route and status; uvicorn's own access
    # log (it prints the query string) is off
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    if not world.projects and clinic is None:
        say("note: no clinic project here or above (clinic.yaml): leaflets carry the built-in example clinic")
    say(f"handouts serve: open {address}  (Ctrl-C stops it)")
    if open_browser:
        import webbrowser

        webbrowser.open(address.replace("<this computer>", "127.0.0.1"))
    config = uvicorn.Config(app, host=host, port=port, access_log=False, log_level="warning",
                            limit_concurrency=64, timeout_keep_alive=5, server_header=False)
    uvicorn.Server(config).run()
