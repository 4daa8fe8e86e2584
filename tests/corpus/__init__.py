"""The hostile-package corpus: broken copies of the real package, each made by one named edit.

Nothing broken is committed: every case is generated at test time from a fresh copy of the real
package (see ``tests/test_corpus.py``), so the corpus follows the data as it is curated.
"""

from .cases import CASES, EDITED, Case

__all__ = ["CASES", "EDITED", "Case"]
