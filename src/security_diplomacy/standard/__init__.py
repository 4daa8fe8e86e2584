"""The Data Package and Table Schema standards, implemented natively.

:mod:`.profiles` holds the standard's JSON profiles (taken from frictionless, the reference
implementation, and stored so that validation never imports it); :mod:`.compile` turns a
resource's Table Schema into per-field value rules; :mod:`.tables` applies them, with keys and
foreign keys, column by column.
"""
