"""Translators in the loop: what each unit's translation was made from, and XLIFF out and back.

`state.py` keeps data/translations.lock, the record of each unit's source text when its
translation was last accepted; `keys.py` gives listed units the key their id is made of;
`accept.py` records the current state after review; `xliff_export.py` and `xliff_import.py`
exchange units with a translation service's CAT tool, through the inline codes of
`xliff_codes.py`. `checks/translation.py` reports what fell behind.
"""
