"""Validation and metadata derivation for the Tajikistan security diplomacy data package.

Data flows one way: :mod:`.package` loads the package once, :mod:`.checks` turn it into
:class:`~.problems.Problem` objects, and :mod:`.report` renders them. Loading a data file takes
three steps: :mod:`.datafile` reads its bytes (inside the package, UTF-8), :mod:`.csvfile` splits
them into records (:mod:`.nativecsv` does it for a large file in canonical form, with a proof
that the cells are the csv module's), and :mod:`.casts` types the cells. :mod:`.schema_gen`
derives metadata (row schemas, enums, stamps, README sections) as pure functions, and
:mod:`.metadata` writes or compares the derived files.
"""

__version__ = "0.1.0"
