"""`handouts serve`'s HTTP API and its safety rules, through Starlette's TestClient (httpx).

The app is made as `handouts serve` makes it (server.make_server_app), over the built-in
library, with the test run's own store folder (conftest.py) and a read-only store.
"""

from __future__ import annotations

import io
import logging
import os
import re
from pathlib import Path

import pytest

pytest.importorskip("starlette")
from starlette.testclient import TestClient  # noqa: E402

from tests.conftest import pdf_text  # noqa: E402

PATIENT = "Åsa Zyxwick-Öberg"  # a name no library text holds
NOTE = "Gör övningarna efter promenaden med Ingrid."


@pytest.fixture(scope="module")
def local():
    from handouts.serve.server import make_server_app

    app, address, _ = make_server_app(None, "127.0.0.1", 8799)
    assert address == "http://127.0.0.1:8799/"
    return TestClient(app, base_url="http://127.0.0.1:8799")


@pytest.fixture(scope="module")
def lan():
    from handouts.serve.server import make_server_app

    app, address, _ = make_server_app(None, "0.0.0.0", 8798)
    token = address.split("token=", 1)[1]
    return TestClient(app, base_url="http://192.0.2.1:8798"), token


def test_build_answers_the_pdf_with_patient_exercise_dosage_and_code(local):
    answer = local.post("/api/build", json={"recipe": "disc-surgery", "lang": "sv", "patient": PATIENT,
                                            "pick": ["core-brace", "pelvic-lift"], "set": ["pelvic-lift.reps=17"],
                                            "date": "2026-11-21"})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["cache-control"] == "no-store"
    text = pdf_text(answer.content)
    assert PATIENT in text and "Bäckenlyft" in text and "17" in text
    assert "Töjning av vaden" not in text  # not picked
    code = answer.headers["x-program-code"]
    assert code.startswith("HP1-") and len(code) < 120


def test_invalid_fields_are_a_422_with_diagnostics_naming_the_field(local):
    answer = local.post("/api/build", json={"recipe": "disc-surgery", "lang": "sv", "patient": PATIENT,
                                            "set": ["pelvic-lift.reps=²"]})
    assert answer.status_code == 422
    (problem,) = answer.json()["diagnostics"]
    assert problem["field"] == "set[0]" and problem["code"] == "request.set"
    assert "is not a whole number" in problem["message"]  # the words of the CLI's --set
    assert PATIENT not in answer.text
    unknown = local.post("/api/build", json={"recipe": "disc-surgry", "lang": "sv"})
    assert unknown.status_code == 422
    assert unknown.json()["diagnostics"][0]["hint"] == "did you mean 'disc-surgery'?"
    assert unknown.json()["diagnostics"][0]["field"] == "recipe"
    typo = local.post("/api/build", json={"recipe": "disc-surgery", "lang": "sv", "colour": "red"})
    assert typo.status_code == 422 and typo.json()["diagnostics"][0]["field"] == "colour"
    assert local.post("/api/build", content=b"{not json", headers={"content-type": "application/json"}
                      ).status_code == 422


def test_a_leaflet_from_scratch_and_a_program_code_reopened(local):
    answer = local.post("/api/build", json={"lang": "da", "pick": ["wall-slide", "chair-stand"],
                                            "with_note": ["stop-on-sharp-pain"], "set": ["chair-stand.reps=9"]})
    assert answer.status_code == 200, answer.text
    code = answer.headers["x-program-code"]
    again = local.post("/api/build", json={"program": code, "patient": PATIENT})
    assert again.status_code == 200
    assert pdf_text(again.content).replace(PATIENT, "") .count("9") >= pdf_text(answer.content).count("9")
    page = local.get("/", params={"program": code})
    assert page.status_code == 200 and 'value="chair-stand"' in page.text and 'value="9"' in page.text
    damaged = local.get("/", params={"program": code[:-2] + ("AA" if code[-2:] != "AA" else "BB")})
    assert "the program code is damaged" in damaged.text


def test_check_reports_the_leaflets_findings(local):
    answer = local.post("/api/check", json={"recipe": "disc-surgery", "lang": "da", "patient": PATIENT})
    assert answer.status_code == 200
    body = answer.json()
    assert set(body) == {"errors", "warnings", "diagnostics"} and body["errors"] == 0
    assert local.post("/api/check", json={"lang": "da"}).status_code == 422


def test_library_lists_what_the_page_offers(local):
    library = local.get("/api/library").json()
    ids = {e["id"] for e in library["exercises"]}
    assert {"pelvic-lift", "wall-slide"} <= ids
    pelvic = next(e for e in library["exercises"] if e["id"] == "pelvic-lift")
    assert pelvic["picture"] == "/pictures/pelvic-lift.svg" and set(pelvic["text"]) == {"sv", "da"}
    assert local.get(pelvic["picture"]).headers["content-type"].startswith("image/svg+xml")
    assert {r["id"] for r in library["recipes"]} >= {"disc-surgery", "osteoporosis"}


def test_headers_on_every_answer(local):
    for path in ("/", "/library", "/api/library", "/static/app.js"):
        answer = local.get(path)
        assert answer.status_code == 200, path
        assert answer.headers["cache-control"] == "no-store"
        assert "default-src 'none'" in answer.headers["content-security-policy"]
        assert "script-src 'self'" in answer.headers["content-security-policy"]
    assert "unsafe-inline" not in local.get("/").headers["content-security-policy"]


def test_the_page_ships_its_own_scripts_and_their_licence(local):
    page = local.get("/").text
    assert 'src="/static/vendor/htmx/htmx.min.js"' in page and "http://" not in page.split("<body", 1)[0]
    assert local.get("/static/vendor/htmx/htmx.min.js").status_code == 200
    assert "Zero-Clause BSD" in local.get("/static/vendor/htmx/LICENSE").text


def test_foreign_origin_and_cross_site_posts_are_refused(local):
    body = {"recipe": "disc-surgery", "lang": "sv"}
    assert local.post("/api/build", json=body, headers={"origin": "http://evil.example"}).status_code == 403
    assert local.post("/api/build", json=body, headers={"sec-fetch-site": "cross-site"}).status_code == 403
    assert local.post("/ui/pdf", data={"recipe": "disc-surgery", "lang": "sv"},
                      headers={"origin": "http://127.0.0.1:8799.evil.example"}).status_code == 403
    same = local.post("/api/build", json=body, headers={"origin": "http://127.0.0.1:8799",
                                                        "sec-fetch-site": "same-origin"})
    assert same.status_code == 200


def test_a_host_header_of_another_name_is_refused_on_loopback(local):
    # DNS rebinding: a page at evil.example resolved to 127.0.0.1 sends Host: evil.example
    assert local.get("/api/library", headers={"host": "evil.example:8799"}).status_code == 403


def test_a_non_local_bind_needs_its_token(lan):
    client, token = lan
    assert client.get("/").status_code == 403
    assert client.post("/api/build", json={"recipe": "disc-surgery", "lang": "sv"}).status_code == 403
    assert client.get("/api/library", headers={"authorization": "Bearer wrong"}).status_code == 403
    assert client.get("/api/library", headers={"authorization": f"Bearer {token}"}).status_code == 200
    opened = client.get(f"/?token={token}", follow_redirects=False)
    assert opened.status_code == 303 and opened.headers["location"] == "/"
    assert "httponly" in opened.headers["set-cookie"].lower() and "samesite=strict" in opened.headers["set-cookie"].lower()
    assert client.get("/").status_code == 200  # the cookie carries it from now on
    client.cookies.clear()


def test_bodies_are_bounded(local):
    from handouts.serve.app import MAX_BODY

    huge = b'{"recipe": "disc-surgery", "lang": "sv", "note": ["' + b"a" * MAX_BODY + b'"]}'
    assert local.post("/api/build", content=huge, headers={"content-type": "application/json"}).status_code == 413
    many = local.post("/api/build", json={"recipe": "disc-surgery", "lang": "sv", "pick": ["pelvic-lift"] * 61})
    assert many.status_code == 422
    long = local.post("/api/build", json={"recipe": "disc-surgery", "lang": "sv", "patient": "Å" * 201})
    assert long.status_code == 422 and long.json()["diagnostics"][0]["field"] == "patient"
    assert "Å" * 20 not in long.text


def test_a_failing_build_does_not_take_the_server_down(local, monkeypatch):
    import handouts.build

    def broken(*args, **kwargs):
        raise ZeroDivisionError(PATIENT)

    monkeypatch.setattr(handouts.build, "build", broken)
    answer = local.post("/api/build", json={"recipe": "disc-surgery", "lang": "sv", "patient": PATIENT})
    assert answer.status_code == 500 and PATIENT not in answer.text
    assert "ZeroDivisionError" in answer.text
    monkeypatch.undo()
    assert local.post("/api/build", json={"recipe": "disc-surgery", "lang": "sv"}).status_code == 200


@pytest.mark.slow
def test_concurrent_requests_are_served(local):
    from concurrent.futures import ThreadPoolExecutor

    def one(i: int) -> int:
        return local.post("/api/build", json={"recipe": "disc-surgery", "lang": "sv", "patient": f"P{i}",
                                              "set": [f"pelvic-lift.reps={10 + i}"]}).status_code

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(one, range(8))) == [200] * 8


def test_the_log_names_routes_and_statuses_never_the_patient(local, caplog):
    with caplog.at_level(logging.INFO, logger="handouts.serve"):
        local.post("/api/build", json={"recipe": "disc-surgery", "lang": "sv", "patient": PATIENT, "note": [NOTE]})
        local.post("/api/build", json={"recipe": "disc-surgery", "lang": "sv", "patient": PATIENT,
                                       "set": ["pelvic-lift.reps=x"]})
        local.post("/ui/preview", data={"recipe": "disc-surgery", "lang": "sv", "patient": PATIENT})
        local.get("/", params={"program": PATIENT})
    lines = [record.getMessage() for record in caplog.records if record.name == "handouts.serve"]
    assert lines == ["POST /api/build 200", "POST /api/build 422", "POST /ui/preview 200", "GET / 200"]
    everything = "\n".join(r.getMessage() for r in caplog.records)
    assert PATIENT not in everything and "Ingrid" not in everything


@pytest.mark.slow
def test_a_build_with_a_patient_writes_nothing_to_the_project_or_the_store(tmp_path, monkeypatch):
    """With a clinic project and an empty store folder: the patient's builds, previews and PDFs
    leave both exactly as they were (the desk's store is read-only; nothing is written)."""
    from handouts.serve.server import make_server_app

    project = tmp_path / "clinic"
    project.mkdir()
    (project / "clinic.yaml").write_text((Path(__file__).parents[1] / "assets/library/clinics/default.yaml")
                                         .read_text(encoding="utf-8").replace("id: default", "id: test-clinic"),
                                         encoding="utf-8")
    store = tmp_path / "store"
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(store))
    monkeypatch.delenv("HANDOUTS_NO_CACHE", raising=False)
    monkeypatch.chdir(project)
    before = _tree(tmp_path)
    app, _, world = make_server_app(None, "127.0.0.1", 8797)
    client = TestClient(app, base_url="http://127.0.0.1:8797")
    for lang in ("sv", "da"):
        assert client.post("/api/build", json={"recipe": "disc-surgery", "lang": lang, "patient": PATIENT,
                                               "therapist": "Per Ek", "note": [NOTE]}).status_code == 200
        assert client.post("/api/build", json={"recipe": "disc-surgery", "lang": lang,
                                               "patient": PATIENT}).status_code == 200
        assert client.post("/ui/preview", data={"recipe": "disc-surgery", "lang": lang,
                                                "patient": PATIENT}).status_code == 200
        assert client.post("/ui/pdf", data={"recipe": "disc-surgery", "lang": lang,
                                            "patient": PATIENT}).status_code == 200
    assert world.projects == (project.resolve(),)
    assert _tree(tmp_path) == before
    assert not store.exists()


def test_the_desks_store_reads_but_never_writes(tmp_path):
    from handouts.world.store import Store

    writable = Store(tmp_path / "s")
    writable.put_json("kind", "ab" * 32, {"x": 1})
    reader = Store(tmp_path / "s", read_only=True)
    assert reader.get_json("kind", "ab" * 32) == {"x": 1}
    reader.put_json("kind", "cd" * 32, {"y": 2})
    assert writable.get_json("kind", "cd" * 32) is None
    Store(tmp_path / "none", read_only=True).put_json("kind", "ab" * 32, {"x": 1})
    assert not (tmp_path / "none").exists()


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() if p.is_file() else b"<dir>"
            for p in sorted(root.rglob("*"))}


def test_cli_start_does_not_import_the_server():
    import subprocess
    import sys

    code = ("import sys; from handouts.cli import main; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('starlette', 'uvicorn', 'jinja2', 'anyio')))")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "HANDOUTS_NO_CACHE": "1"})
    assert found.stdout.strip() == "[]"


def test_the_api_is_documented_in_the_readme():
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    for route in ("GET /api/library", "POST /api/build", "POST /api/check", "handouts serve", "--program"):
        assert route in readme


def test_pdf_of_the_page_form_downloads(local):
    answer = local.post("/ui/pdf", data={"recipe": "disc-surgery", "lang": "da", "patient": PATIENT,
                                         "picked": "1", "pick": ["core-brace", "pelvic-lift"],
                                         "dose.pelvic-lift.reps": "13"})
    assert answer.status_code == 200 and answer.headers["content-disposition"].startswith("attachment")
    text = pdf_text(io.BytesIO(answer.content).getvalue())
    assert PATIENT in text and "13" in text


def test_picks_of_a_recipe_print_in_their_order_within_each_group(local):
    answer = local.post("/api/build", json={"recipe": "disc-surgery", "lang": "sv",
                                            "pick": ["toe-heel-rock", "core-brace", "pelvic-lift"]})
    assert answer.status_code == 200, answer.text
    text = pdf_text(answer.content)
    assert text.index("Övning 1: Tå och häl") < text.index("Övning 2: Ryggstabilisering") \
        < text.index("Övning 3: Bäckenlyft")
    from handouts.resolve.program import decode_program

    assert decode_program(answer.headers["x-program-code"]).picks == ("toe-heel-rock", "core-brace", "pelvic-lift")


def test_the_form_keeps_a_recipes_order_and_lists_it_so(local):
    from handouts.serve.form import FormState, form_fields

    lib = local.get("/api/library").json()
    recipe = next(r for r in lib["recipes"] if r["id"] == "osteoporosis")
    ids = [e["id"] for e in recipe["exercises"]]
    assert [e["group"] for e in recipe["exercises"]][:4] == [0, 0, 0, 1]  # wall-slide... then the next group
    assert form_fields(FormState(recipe="osteoporosis", picks=list(ids)), lib).pick is None  # all, as printed
    swapped = [ids[1], ids[0], *ids[2:]]
    assert form_fields(FormState(recipe="osteoporosis", picks=swapped), lib).pick == tuple(swapped)
    # unticked ids[0]: ids[2] moved first takes the first picked place, ids[0] stays where it was
    rows = FormState(recipe="osteoporosis", picks=[ids[2], ids[1], *ids[3:]]).rows(lib)
    assert [r["id"] for r in rows][:3] == [ids[0], ids[2], ids[1]]
    assert [r["checked"] for r in rows][:3] == [False, True, True]


def test_the_list_in_another_language_keeps_the_forms_order_picks_and_dosage(local):
    # the page posts its form when the leaflet's language changes
    answer = local.post("/ui/chosen", data={"recipe": "disc-surgery", "lang": "da", "picked": "1",
                                            "pick": ["pelvic-lift", "core-brace"], "dose.pelvic-lift.reps": "13",
                                            "order": ["pelvic-lift", "toe-heel-rock", "core-brace"]})
    assert answer.status_code == 200, answer.text
    html = answer.text
    # in Danish, in the form's order, the unticked one where it was shown
    assert html.index("Bækkenløft") < html.index("Tå og hæl") < html.index("Rygstabilisering") \
        < html.index("Knæbøjning")  # and the rest in the recipe's order
    assert 'id="dose-pelvic-lift-reps" name="dose.pelvic-lift.reps" value="13"' in html
    assert 'id="pick-toe-heel-rock" name="pick" value="toe-heel-rock" >' in html  # unticked, still listed
    fresh = local.get("/ui/chosen", params={"recipe": "disc-surgery", "lang": "da"}).text
    assert fresh.index("Rygstabilisering") < fresh.index("Bækkenløft")  # a program just chosen: its own order


def test_an_article_reopens_from_its_code(local):
    answer = local.post("/api/build", json={"recipe": "spinal-stenosis", "lang": "da", "large_print": True})
    assert answer.status_code == 200, answer.text
    code = answer.headers["x-program-code"]
    assert "HP1" in pdf_text(answer.content)  # printed in the article's contact block
    again = local.post("/api/build", json={"program": code})
    assert again.status_code == 200 and again.content == answer.content
    page = local.get("/", params={"program": code})
    assert page.status_code == 200 and '<option value="spinal-stenosis" selected>' in page.text
    assert re.search(r'id="large_print" name="large_print" checked', page.text)
