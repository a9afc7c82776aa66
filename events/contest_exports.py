"""The results of an edition as an XLSX workbook: one sheet per category, ranked."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from events import contest_services as services


def _sheet_title(text: str, used: set) -> str:
    # Excel: at most 31 characters, none of []:*?/\ and unique in the workbook.
    title = "".join(" " if char in "[]:*?/\\" else char for char in text)[:28].strip() or "Sheet"
    candidate, n = title, 2
    while candidate in used:
        candidate, n = f"{title[:26]} {n}", n + 1
    used.add(candidate)
    return candidate


def results_xlsx(edition) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    used = set()
    headers = [
        _("Rank"),
        _("Reference"),
        _("Structure"),
        _("Mark /20"),
        _("Total (weight × mark)"),
        _("Jurors"),
        _("Lowest juror's mark"),
        _("Highest juror's mark"),
        _("Standard deviation"),
    ]
    for category, rows in services.edition_results(edition):
        sheet = workbook.create_sheet(_sheet_title(category.name_fr, used))
        sheet.append(headers)
        for row in rows:
            sheet.append(
                [
                    row.rank,
                    row.application.reference,
                    row.application.display_name,
                    None if row.mark is None else round(row.mark, 2),
                    float(row.total),
                    row.jurors_count,
                    None if row.lowest is None else round(row.lowest, 2),
                    None if row.highest is None else round(row.highest, 2),
                    None if row.deviation is None else round(row.deviation, 2),
                ]
            )
        for index in range(1, len(headers) + 1):
            sheet.column_dimensions[get_column_letter(index)].width = 18
    if not workbook.sheetnames:
        workbook.create_sheet("—").append(headers)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
