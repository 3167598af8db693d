"""Search: from a query to ranked photos.

Flow: ``searcher.Searcher`` is the one search path: ``query`` reads the text once
(``read_query``: terms, weights, image paths, and the words for the full-text table) and
turns the terms into a unit vector; ``vector_index`` keeps the vectors and chooses a
back-end (``backends.VectorSearch``: exact matrix, memory-mapped file, HNSW graph, exact
over the graph); ``frame_index`` ranks a video by its best frame; ``fusion`` merges the
vector ranking with the catalog's word hits; ``search`` applies the filters and makes
result rows. Imports ``models``, ``catalog`` and ``media``, never ``library``.
"""
