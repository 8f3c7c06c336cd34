"""The structure tree of a tagged PDF, built after rendering from what the tagger recorded.

Document -> H1/H2/H3, P, L > LI > LBody, Figure (with /Alt) and Link (with its annotation and an
alternate text), in reading order; the parent tree maps every page's MCIDs back to their
elements; /MarkInfo says the file is tagged; the title shows in the window; tab order follows
the structure. Heading levels are evened out so that none is skipped (a card title right under
a part title becomes H2, not H3).

Contract: `add_structure(pdf_bytes, tagger)` -> tagged PDF bytes.
"""

from __future__ import annotations

import io

from handouts.layout.tags import Tagger


def add_structure(data: bytes, tagger: Tagger) -> bytes:
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    with pikepdf.open(io.BytesIO(data)) as pdf:
        tree = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=tree, K=Array()))
        tree.K = document
        pages = [page.obj for page in pdf.pages]
        by_page: dict[int, dict[int, pikepdf.Object]] = {}
        made: dict[str, pikepdf.Object] = {}
        level = 0
        for key, element in tagger.elements.items():
            role = element.role
            if role in ("H1", "H2", "H3"):
                wanted = int(role[1])
                level = min(wanted, level + 1)
                role = f"H{level}"
            parent = made[element.parent] if element.parent else document
            node = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + role), P=parent, K=Array()))
            if element.alt:
                node.Alt = element.alt
            parent.K.append(node)
            made[key] = node
            for number, mcid in element.marks:
                node.K.append(Dictionary(Type=Name.MCR, Pg=pages[number - 1], MCID=mcid))
                by_page.setdefault(number - 1, {})[mcid] = node
        nums = Array()
        for index, page in enumerate(pages):
            page.StructParents = index
            page.Tabs = Name.S
            marks = by_page.get(index, {})
            nums.append(index)  # append, not extend: pikepdf types extend() as taking PDF objects only
            nums.append(Array([marks[m] for m in sorted(marks)]))
        next_key = len(pages)
        for page in pages:
            for annotation in page.get("/Annots", []):
                if annotation.get("/Subtype") != Name.Link:
                    continue
                action = annotation.get("/A")
                uri = str(action.get("/URI", "")) if action is not None else ""
                link = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Link, P=document, Alt=uri,
                                                    K=Array([Dictionary(Type=Name.OBJR, Obj=annotation, Pg=page)])))
                document.K.append(link)
                annotation.StructParent = next_key
                annotation.Contents = uri
                nums.append(next_key)
                nums.append(link)
                next_key += 1
        tree.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
        tree.ParentTreeNextKey = next_key
        pdf.Root.StructTreeRoot = tree
        pdf.Root.MarkInfo = Dictionary(Marked=True)
        pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
        out = io.BytesIO()
        # object streams keep the tree's many small objects compact (PDF 1.5)
        pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()
