"""`handouts serve`: the HTTP side of the front desk. Routes, safety headers, the token, CSRF.

Contract: `make_app(desk, token=None, allowed_hosts=...)` -> an ASGI app. It serves the page
(server-rendered HTML, htmx and one small script, all from the wheel's assets/serve/), the
library, and the API (`GET /api/library`, `POST /api/build`, `POST /api/check`, README "HTTP
API"). Every build goes through `Desk` (desk.py), i.e. the CLI's own build and check.

What it promises: no patient data on disk (the desk's store is read-only) or in the log (one
line per request: method, route template and status; never a query, a body or a message);
`Cache-Control: no-store` and a strict CSP on every answer; state-changing requests refused
from another origin (Origin / Sec-Fetch-Site) and Host headers other than the bound address
refused (DNS rebinding); with a token (any bind but loopback), every request without it 403;
bodies bounded; a failing build is a 422 or a 500 with its kind, never a dead server.
"""

from __future__ import annotations

import base64
import hmac
import json
import logging
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request as HttpRequest
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from handouts.serve.desk import Desk, FieldErrors, Fields, Problem, parse_fields
from handouts.serve.form import FormState, form_fields, state_from_program, state_of
from handouts.world.assets import assets_root

MAX_BODY = 256 * 1024  # a full program with ten 2,000-character notes is ~30 KB
TOKEN_COOKIE = "handouts_token"
log = logging.getLogger("handouts.serve")
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def serve_root() -> Path:
    return assets_root() / "serve"


class Guard:
    """ASGI middleware: the token, Host and Origin checks, the body limit, the headers, the log."""

    def __init__(self, app, token: str | None, hosts: frozenset[str]):
        self.app, self.token, self.hosts = app, token, hosts

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request = HttpRequest(scope)
        status = {"code": 0}
        route = _route_of(self.app, dict(scope))  # before routing, which rewrites the scope

        async def send_headers(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"]
                headers += [(b"cache-control", b"no-store"), (b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"same-origin"), (b"x-frame-options", b"DENY"),
                            (b"cross-origin-opener-policy", b"same-origin"),
                            (b"cross-origin-resource-policy", b"same-origin")]
                if not any(k.lower() == b"content-security-policy" for k, _ in headers):
                    headers.append((b"content-security-policy", CSP.encode()))
                message = {**message, "headers": headers}
            await send(message)

        refusal = self._refusal(request)
        try:
            if refusal is not None:
                await refusal(scope, receive, send_headers)
            elif self.token and request.query_params.get("token") and request.method == "GET" and \
                    self._token_ok(request.query_params.get("token")):
                # the address printed at start: keep the token in a cookie, drop it from the address bar
                query = "&".join(f"{k}={v}" for k, v in parse_qsl(scope.get("query_string", b"").decode())
                                 if k != "token")
                response = RedirectResponse(request.url.path + (f"?{query}" if query else ""), status_code=303)
                response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict")
                await response(scope, receive, send_headers)
            else:
                await self.app(scope, _bounded(receive), send_headers)
        except BodyTooLarge:
            if status["code"] == 0:
                await PlainTextResponse("request too large", status_code=413)(scope, receive, send_headers)
        except Exception as exc:  # noqa: BLE001 - a bug: answered (by `_internal`), never re-raised,
            # so no server logs its traceback, whose message may quote a patient
            if status["code"] == 0:
                await (await _internal(request, exc))(scope, receive, send_headers)
        finally:
            log.info("%s %s %s", request.method, route, status["code"] or 500)

    def _refusal(self, request: HttpRequest) -> Response | None:
        host = request.headers.get("host", "")
        if self.hosts and host not in self.hosts:
            return PlainTextResponse("unknown host", status_code=403)
        if self.token and not self._token_ok(request.headers.get("authorization", "").removeprefix("Bearer ").strip()
                                             or request.cookies.get(TOKEN_COOKIE)
                                             or request.query_params.get("token")):
            return PlainTextResponse("forbidden: open the address with its token, as printed by "
                                     "'handouts serve'", status_code=403)
        if request.method not in SAFE_METHODS:
            site = request.headers.get("sec-fetch-site")
            origin = request.headers.get("origin")
            if site is not None and site not in ("same-origin", "none"):
                return PlainTextResponse("forbidden: request from another site", status_code=403)
            if origin is not None and origin != f"{request.url.scheme}://{host}":
                return PlainTextResponse("forbidden: request from another origin", status_code=403)
            length = request.headers.get("content-length")
            if length is not None and (not length.isascii() or not length.isdigit() or int(length) > MAX_BODY):
                return PlainTextResponse("request too large", status_code=413)
        return None

    def _token_ok(self, given: str | None) -> bool:
        if not given or self.token is None:
            return False
        return hmac.compare_digest(given.encode(), self.token.encode())


class BodyTooLarge(Exception):
    pass


def _bounded(receive):
    seen = {"bytes": 0}

    async def bounded():
        message = await receive()
        if message["type"] == "http.request":
            seen["bytes"] += len(message.get("body", b""))
            if seen["bytes"] > MAX_BODY:
                raise BodyTooLarge
        return message
    return bounded


def _route_of(app, scope) -> str:
    """The route template a request matched ('/pictures/{name}'), never the path it gave."""
    from starlette.routing import Match

    for route in getattr(app, "routes", ()):
        match, _ = route.matches(scope)
        if match is Match.FULL:
            return getattr(route, "path", "?") or "/"
    return "(no route)"


# --- the app ---------------------------------------------------------------------------------

def make_app(desk: Desk, token: str | None = None, hosts: frozenset[str] = frozenset()) -> Any:
    """The ASGI app over `desk`. `hosts`: the Host headers accepted (empty: any, for tests)."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(serve_root() / "templates")), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    templates = Jinja2Templates(env=env)

    def page(request: HttpRequest, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context, status_code=status)

    def index(request: HttpRequest) -> Response:
        library = desk.library()
        first = library["recipes"][0]["id"] if library["recipes"] else ""
        state, problems = FormState(recipe=first, lang="sv" if "sv" in library["languages"] else library["languages"][0]), []
        code = request.query_params.get("program")
        if code:
            try:
                state = state_from_program(code)
            except FieldErrors as exc:
                problems = exc.problems
        return page(request, "index.html", {"lib": library, "state": state, "errors": _by_field(problems),
                                            "code_given": code or ""})

    async def chosen(request: HttpRequest) -> Response:
        """The chosen-exercise list: a program's own (GET, when the program changes), or the
        posted form's in another language (POST, when the language changes: picks, order and
        dosage kept)."""
        library = desk.library()
        if request.method == "POST":
            state = state_of(await _form(request))
        else:
            state = FormState(recipe=request.query_params.get("recipe", ""), lang=request.query_params.get("lang", "sv"))
        return page(request, "_chosen.html", {"lib": library, "state": state, "errors": {}})

    def item(request: HttpRequest) -> Response:
        """One exercise added to a leaflet from scratch."""
        library = desk.library()
        exercise_id = request.query_params.get("id", "")
        if not any(e["id"] == exercise_id for e in library["exercises"]):
            return PlainTextResponse("unknown exercise", status_code=404)
        state = FormState(lang=request.query_params.get("lang", "sv"), picks=[exercise_id])
        return page(request, "_item.html", {"lib": library, "state": state, "errors": {}, "ex_id": exercise_id,
                                            "scratch": True})

    async def preview(request: HttpRequest) -> Response:
        state = state_of(await _form(request))
        fields, problems = _fields_of(state, await _threaded(desk.library))
        images: list[str] = []
        code, warnings = "", []
        if fields is not None:
            try:
                built, code = await _threaded(desk.build, fields)
                images = [base64.b64encode(png).decode() for png in await _threaded(desk.pages, built.data)]
                warnings = [Problem(None, w) for w in built.warnings]
            except FieldErrors as exc:
                problems = state.field_names(exc.problems)
        return page(request, "_preview.html", {"state": state, "images": images, "code": code,
                                               "errors": _by_field(problems),
                                               "warnings": warnings, "error_ids": state.error_ids()},
                    status=200)

    async def pdf(request: HttpRequest) -> Response:
        state = state_of(await _form(request))
        fields, problems = _fields_of(state, await _threaded(desk.library))
        if fields is None:
            return _problems(problems)
        try:
            built, code = await _threaded(desk.build, fields)
        except FieldErrors as exc:
            return _problems(exc.problems)
        inline = request.query_params.get("inline") == "1"
        return _pdf_response(built.data, code, inline)

    async def api_library(request: HttpRequest) -> Response:
        return JSONResponse(await _threaded(desk.library))

    async def api_build(request: HttpRequest) -> Response:
        try:
            fields = parse_fields(await _json(request))
            built, code = await _threaded(desk.build, fields)
        except FieldErrors as exc:
            return _problems(exc.problems)
        return _pdf_response(built.data, code, inline=False)

    async def api_check(request: HttpRequest) -> Response:
        try:
            fields = parse_fields(await _json(request))
            findings = await _threaded(desk.check, fields)
        except FieldErrors as exc:
            return _problems(exc.problems)
        errors = sum(1 for f in findings if f.severity == "error")
        return JSONResponse({"errors": errors, "warnings": len(findings) - errors,
                             "diagnostics": [Problem(None, f).as_json() for f in findings]})

    def library_page(request: HttpRequest) -> Response:
        library = desk.library()
        return page(request, "library.html", {"lib": library})

    async def library_preview(request: HttpRequest) -> Response:
        library = desk.library()
        recipe, lang = request.query_params.get("recipe", ""), request.query_params.get("lang", "sv")
        images, problems = [], []
        try:
            built, _ = await _threaded(desk.build, Fields(recipe=recipe, lang=lang))
            images = [base64.b64encode(png).decode() for png in await _threaded(desk.pages, built.data)]
        except FieldErrors as exc:
            problems = exc.problems
        return page(request, "library_preview.html", {"lib": library, "recipe": recipe, "lang": lang,
                                                      "images": images, "problems": problems})

    async def picture(request: HttpRequest) -> Response:
        name = request.path_params["name"]
        try:
            svg = await _threaded(desk.picture, name.removesuffix(".svg"))
        except FieldErrors:
            return PlainTextResponse("no such picture", status_code=404)
        return Response(svg, media_type="image/svg+xml",
                        headers={"content-security-policy": "default-src 'none'; style-src 'unsafe-inline'"})

    routes = [
        Route("/", index),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Route("/library", library_page),
        Route("/library/preview", library_preview),
        Route("/pictures/{name}", picture),
        Route("/ui/chosen", chosen, methods=["GET", "POST"]),
        Route("/ui/item", item),
        Route("/ui/preview", preview, methods=["POST"]),
        Route("/ui/pdf", pdf, methods=["POST"]),
        Route("/api/library", api_library),
        Route("/api/build", api_build, methods=["POST"]),
        Route("/api/check", api_check, methods=["POST"]),
        Mount("/static", app=StaticFiles(directory=str(serve_root() / "static")), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={Exception: _internal})
    return Guard(app, token, hosts)


async def _threaded(function, *args):
    """Run engine work in a worker thread, so other requests are served meanwhile; engine
    errors of the leaflet become `FieldErrors` (the desk's lock serialises the engine)."""
    from starlette.concurrency import run_in_threadpool

    from handouts.diagnostics import HandoutsError

    try:
        return await run_in_threadpool(function, *args)
    except HandoutsError as exc:
        from handouts.serve.desk import field_of

        raise FieldErrors([Problem(field_of(d), d) for d in exc.diagnostics]) from None


async def _internal(request: HttpRequest, exc: Exception) -> Response:
    # a bug: its kind only; its arguments (and a traceback's locals) may hold patient data
    return JSONResponse({"diagnostics": [{"field": None, "severity": "error", "code": "internal",
                                          "message": f"internal error: {type(exc).__name__}"}]}, status_code=500)


async def _json(request: HttpRequest) -> Any:
    body = await request.body()
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise FieldErrors([Problem(None, _diag("the body is not JSON", "request.json"))]) from None


async def _form(request: HttpRequest) -> list[tuple[str, str]]:
    body = await request.body()
    try:
        return parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=2000)
    except (ValueError, UnicodeDecodeError):
        return []


def _fields_of(state: FormState, lib: dict[str, Any]) -> tuple[Fields | None, list[Problem]]:
    try:
        return form_fields(state, lib), []
    except FieldErrors as exc:
        return None, state.field_names(exc.problems)


def _problems(problems: list[Problem]) -> Response:
    return JSONResponse({"diagnostics": [p.as_json() for p in problems]}, status_code=422)


def _pdf_response(data: bytes, code: str, inline: bool) -> Response:
    disposition = "inline" if inline else "attachment"
    return Response(data, media_type="application/pdf", headers={
        "content-disposition": f'{disposition}; filename="leaflet.pdf"', "x-program-code": code,
        "content-security-policy": "default-src 'none'; object-src 'self'; plugin-types application/pdf"
        if inline else CSP})


def _by_field(problems: list[Problem]) -> dict[str | None, list[str]]:
    found: dict[str | None, list[str]] = {}
    for problem in problems:
        d = problem.diagnostic
        found.setdefault(problem.field, []).append(d.message + (f" ({d.hint})" if d.hint else ""))
    return found


def _diag(message: str, code: str):
    from handouts.diagnostics import Diagnostic

    return Diagnostic(None, None, None, "error", message, code)
