"""Releases: one version everywhere, the citation file, and the files of ``dist/``.

``versions`` reads the version from each place that states it; ``citation`` validates
CITATION.cff; ``sqlite``, ``parquet`` and ``archive`` export the loaded package; ``build``
writes ``dist/``; ``diff`` compares two versions; ``datasette`` describes the SQLite file for
Datasette. Every export reads the package through :func:`security_diplomacy.package.load`.
"""
