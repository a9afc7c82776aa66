from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from mess_portal.i18n import current_language
from observatory.numbers import format_number
from opendata.build import DATAPACKAGE, FORMATS
from opendata.datasets import DATASETS, HCP_LICENCE, OSM_LICENCE
from opendata.models import PublishedFile

# The order formats are offered in, on the page.
FORMAT_ORDER = ["csv", "xlsx", "json", "datainclusion", "topojson"]
CREDITS = {"hcp": HCP_LICENCE, "osm": OSM_LICENCE}


def api_docs_url() -> str:
    """The API's documentation page (/<lang>/api/), once the API exists: linked only if it resolves."""
    for name in ("api:docs", "api:index", "api_docs"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    path = f"/{current_language()}/api/"
    try:
        resolve(path)
    except Resolver404:
        return ""
    return path


@require_safe
def index(request):
    files = {}
    for file in PublishedFile.objects.order_by("dataset", "name"):
        files.setdefault(file.dataset, {})[file.name] = file
    datasets = []
    for dataset in DATASETS:
        built = files.get(dataset.key, {})
        downloads = sorted(
            (file for file in built.values() if file.format != "datapackage"),
            key=lambda file: (FORMAT_ORDER.index(file.format), file.name),
        )
        package = built.get(DATAPACKAGE)
        table = built.get(f"{dataset.table}.csv")
        datasets.append(
            {
                "dataset": dataset,
                "downloads": [
                    {"file": file, "label": FORMATS[file.format][1], "url": file_url(file)}
                    for file in downloads
                ],
                "package_url": file_url(package) if package else "",
                "built_at": package.built_at if package else None,
                "rows": format_number(table.rows) if table else "",
                "credits": [CREDITS[key] for key in dataset.credits],
            }
        )
    return render(
        request,
        "opendata/index.html",
        {
            "datasets": datasets,
            "licence": settings.OPEN_DATA_LICENCE,
            "api_docs_url": api_docs_url(),
        },
    )


def file_url(file: PublishedFile) -> str:
    return reverse("opendata_files:file", args=[file.dataset, file.name])


@require_safe
def download(request, dataset, name):
    """One open-data file, streamed from the storage, with its type, its date and its hash as ETag (a
    client that has it gets 304)."""
    file = PublishedFile.objects.filter(dataset=dataset, name=name).first()
    if file is None:
        raise Http404
    etag = f'"{file.sha256}"'
    last_modified = int(file.built_at.timestamp())
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        return not_modified
    try:
        stream = default_storage.open(file.storage_name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = FORMATS[file.format][0]
    if content_type.startswith(("text/", "application/json")):
        content_type += "; charset=utf-8"
    response = FileResponse(
        stream,
        content_type=content_type,
        as_attachment=file.format != "datapackage",
        filename=file.name,
    )
    response["Content-Length"] = str(file.size)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "public, max-age=3600"
    # Open data: any site may fetch it from a browser.
    response["Access-Control-Allow-Origin"] = "*"
    return response
