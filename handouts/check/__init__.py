"""`handouts check`: every leaflet built in memory and read as a reviewer would (content.py),
with readability (readability.py) among the findings."""
