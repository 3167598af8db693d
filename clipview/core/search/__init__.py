"""Search: from a query to ranked photos.

Flow: ``query`` parses the text once (terms, weights, image paths, words) into a vector;
``vector_index`` chooses a back-end (exact, memory-mapped, HNSW graph from ``index_file`` /
``index_loader``) behind one protocol; ``frame_index`` ranks a video by its best frame;
``fusion`` merges the vector ranking with the catalog's word hits; ``search`` applies the
filters and makes result rows. Imports ``models``, ``catalog`` and ``media``.
"""
