"""Stage 4, pdf: a laid-out `Document` -> PDF bytes.

render.py renders a template (the whole tagged leaflet but its personal text) and stamps one
patient's text into it; structure.py adds the tag tree; impose.py folds booklets onto sheets;
archival.py writes PDF/A. Same inputs, same bytes.
"""
