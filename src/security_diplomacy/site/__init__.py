"""The static evidence browser: every fact beside the source line that states it.

``model`` gathers what the pages show from the loaded package and the support verdicts (the
same code the validator runs), ``timeline`` and ``graph`` draw the SVG figures, ``render``
fills the Jinja templates and writes ``site/``. Nothing is written by hand per record.
"""
