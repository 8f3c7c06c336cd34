"""Stage 2, resolve: one recipe or article, one language, one clinic -> a plain `Leaflet`.

Translation (i18n.py), dosage sentences (dosage.py), the desk's changes (changes.py) and the
personal text of a request (request.py) are all settled here; nothing below knows about YAML.
"""
