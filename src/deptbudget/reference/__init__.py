"""Code lists as package data (data/, provenance in data/SOURCES.md) and their API.

    from deptbudget.reference.codes import codebook, check_code, normalize_code, spend_kind, sangong_item

`codebook(scheme, year)` gives the imported complete edition for that year, else the built-in partial
list (schemes "function", "econ", "gov_econ"). `importer` reads the MOF 《政府收支分类科目》.
"""
