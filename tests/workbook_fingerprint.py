"""A workbook's content as plain data (values, formulas, formats, validations, names, sheet states),
so two files can be compared regardless of zip timestamps."""

from openpyxl import load_workbook


def fingerprint(path) -> dict:
    wb = load_workbook(path)
    out = {"sheets": wb.sheetnames, "names": sorted((n, d.attr_text) for n, d in wb.defined_names.items())}
    for ws in wb.worksheets:
        cells = [(c.coordinate, c.value, c.number_format, bool(c.font and c.font.b), c.protection.locked)
                 for row in ws.iter_rows() for c in row if c.value is not None or c.has_style]
        out[ws.title] = {
            "state": ws.sheet_state,
            "cells": cells,
            "merged": sorted(str(m) for m in ws.merged_cells.ranges),
            "validations": sorted((dv.formula1 or "", str(dv.sqref)) for dv in ws.data_validations.dataValidation),
            "tables": sorted((t.displayName, t.ref) for t in ws.tables.values()),
            "protected": ws.protection.sheet,
            "print_titles": ws.print_title_rows,
        }
    return out
