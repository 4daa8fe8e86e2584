"""Evidence: does a citation's quote state a cell's value?

``text``, ``dates`` and ``numbers`` read what a quote states; ``rules`` holds the one
implementation of each support rule that the schemas name in ``x-support``; ``support``
applies them to every cell once; ``coverage`` and ``conflicts`` are views of the result.
"""
