"""Validation and metadata derivation for the Tajikistan security diplomacy data package.

Data flows one way: :mod:`.package` loads the package once, :mod:`.checks` turn it into
:class:`~.problems.Problem` objects, and :mod:`.report` renders them. :mod:`.schema_gen`
derives metadata (row schemas, enums, stamps, README sections) as pure functions, and
:mod:`.metadata` writes or compares the derived files.
"""

__version__ = "0.1.0"
