"""`handouts serve`: a local web page over the same engine, for the front desk (issue #19).

desk.py turns fields into the CLI's `Request` and builds and checks through `handouts.build`
and `handouts.check`; form.py is the page's form; app.py the HTTP side (Starlette); server.py
starts it (uvicorn). Needs the `serve` extra: `pip install "handouts[serve]"`.
"""
