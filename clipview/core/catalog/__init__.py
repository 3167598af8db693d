"""The catalog: the SQLite file that is the library's source of truth.

Flow: ``db`` opens the file (WAL, private, ``user_version`` migrations); ``Catalog`` holds
one connection and hands it to one object per table or concern (``catalog.images``,
``catalog.text``, ``catalog.folders`` …); every ``sqlite3.Error`` leaves as a
``CatalogError`` (``errors``). SQL lives here and nowhere else. Imports: ``media`` (what a
file is, its words) and the core's own modules, nothing above.
"""
