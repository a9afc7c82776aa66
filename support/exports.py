"""Downloads of a filtered catalogue: the same query string plus format=csv|xlsx|json|datainclusion."""

import json

from django.http import HttpResponse
from django.utils import timezone

from support import datainclusion
from support.resources import SupportServiceResource

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "datainclusion": "application/json",
}
EXPORT_FORMATS = list(CONTENT_TYPES)


def export_response(services, export_format: str) -> HttpResponse:
    stamp = timezone.localdate().isoformat()
    if export_format == "datainclusion":
        body = json.dumps(datainclusion.export(services), ensure_ascii=False, indent=2)
        filename = f"accompagnement-datainclusion-{stamp}.json"
    else:
        dataset = SupportServiceResource().export(
            services.prefetch_related("access_modes", "eligible_provinces", "eligible_communes")
        )
        body = getattr(dataset, export_format)
        if export_format == "csv":
            body = "\ufeff" + body  # so that Excel opens UTF-8 (Arabic) correctly
        filename = f"accompagnement-{stamp}.{export_format}"
    response = HttpResponse(body, content_type=CONTENT_TYPES[export_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
