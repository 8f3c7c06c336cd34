"""PDF/A-1b for the records, written by pikepdf's PDF/A support.

pikepdf prepares the rendered PDF (an sRGB output intent with a v2 ICC profile, XMP metadata
matching the document information, annotation flags, PDF 1.4), writes it, and validates the
bytes it wrote against PDF/A-1b before handing them back: a leaflet that can't be made
conforming is an error, never a file that only claims to be PDF/A. The document id is derived
from the content, so the same leaflet gives the same bytes. PDF/A-1b is chosen over -2b because
both pikepdf and Apache PDFBox Preflight (used in the tests) can validate it.

Contract: `to_pdfa(pdf_bytes)` -> PDF/A-1b bytes; raises `HandoutsError` if it can't conform.
"""

from __future__ import annotations

import io

from handouts.diagnostics import error

FLAVOUR = "1b"


TRAPPED = ("/True", "/False", "/Unknown")


def to_pdfa(data: bytes) -> bytes:
    import pikepdf
    from pikepdf import pdfa

    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            # reportlab writes an empty page transition; /Tabs (tab order) is PDF 1.5, and PDF/A-1
            # is PDF 1.4: the structure tree itself stays.
            for key in ("/Trans", "/Tabs"):
                if key in page.obj:
                    del page.obj[key]
        trapped = pdf.docinfo.get("/Trapped")
        if isinstance(trapped, pikepdf.String):  # pypdf (imposition) writes every info value as text
            pdf.docinfo["/Trapped"] = pikepdf.Name(str(trapped) if str(trapped) in TRAPPED else "/False")
        try:
            pdfa.prepare(pdf, FLAVOUR)
            # prepare() stamps xmp:MetadataDate with the clock; the leaflet's own date keeps the
            # output reproducible.
            with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
                meta["xmp:MetadataDate"] = meta["xmp:ModifyDate"]
            pdfa.save(pdf, out, FLAVOUR, repair=False, deterministic_id=True)
        except pdfa.PdfaError as exc:
            first = next(iter(exc.report.findings), None)
            raise error(f"the leaflet can't be written as PDF/A-{FLAVOUR}: {first.message if first else exc}",
                        "render.pdfa") from None
    return out.getvalue()
