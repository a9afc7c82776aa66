"""Writing the full downloads: each dataset's table as CSV, XLSX and JSON in one pass over its rows, its
other files, and its datapackage.json, then each file put in place atomically in the default storage
under ``opendata/<dataset>/`` (a reader gets the old file or the new one, never half of one).

Values are written as the Table Schema of the datapackage says: integers and numbers with a dot, dates
as ISO 8601 (YYYY-MM-DD), booleans as true/false, empty cells for missing values. The CSV is UTF-8
without byte order mark, comma separated, one header row (RFC 4180).
"""

import csv
import datetime
import hashlib
import json
import os
import tempfile
import uuid
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone, translation
from openpyxl import Workbook

from mess_portal.storage import is_local
from opendata.datasets import DATASETS, Dataset
from opendata.models import PublishedFile, RebuildState, storage_name

FORMATS = {
    "csv": ("text/csv", "CSV"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
    "json": ("application/json", "JSON"),
    "datainclusion": ("application/json", "data·inclusion (JSON)"),
    "topojson": ("application/json", "TopoJSON"),
    "datapackage": ("application/json", "Data Package (JSON)"),
}
DATAPACKAGE = "datapackage.json"


def cast(value, type_: str):
    """A cell as the resource rendered it (text, in any locale) → a Python value of the column's type."""
    if value is None or value == "":
        return None
    if type_ == "string":
        return str(value)
    text = str(value).strip().replace("\u00a0", "").replace("\u202f", "")
    if type_ == "integer":
        return int(Decimal(text.replace(" ", "").replace(",", ".")))
    if type_ == "number":
        try:
            number = Decimal(text.replace(" ", "").replace(",", "."))
        except InvalidOperation:
            return None
        return int(number) if number == number.to_integral_value() else float(number)
    if type_ == "boolean":
        return text.lower() in ("1", "true", "yes", "oui")
    if type_ == "date":
        if isinstance(value, datetime.date):
            return value.isoformat()[:10]
        return datetime.date.fromisoformat(text[:10]).isoformat()
    if type_ == "datetime":
        moment = value if isinstance(value, datetime.datetime) else datetime.datetime.fromisoformat(text)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return str(value)


def csv_cell(value) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def write_table(dataset: Dataset, folder: Path) -> int:
    """The dataset's table as CSV, XLSX and JSON files in ``folder``; returns the number of rows."""
    types = [column.type for column in dataset.columns]
    headers = dataset.headers()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(dataset.table[:31])
    sheet.append(headers)
    count = 0
    with (
        open(folder / f"{dataset.table}.csv", "w", encoding="utf-8", newline="") as csv_file,
        open(folder / f"{dataset.table}.json", "w", encoding="utf-8") as json_file,
    ):
        writer = csv.writer(csv_file, lineterminator="\r\n")
        writer.writerow(headers)
        json_file.write("[")
        for raw in dataset.rows():
            values = [cast(value, type_) for value, type_ in zip(raw, types, strict=True)]
            writer.writerow([csv_cell(value) for value in values])
            sheet.append(values)
            json_file.write(
                ("," if count else "")
                + "\n"
                + json.dumps(dict(zip(headers, values, strict=True)), ensure_ascii=False)
            )
            count += 1
        json_file.write("\n]\n")
    workbook.save(folder / f"{dataset.table}.xlsx")
    return count


def datapackage(dataset: Dataset, files: dict[str, dict]) -> dict:
    """The Frictionless Data Package (v1) describing the dataset's files."""
    schema = {
        "fields": [
            {"name": column.name, "type": column.type, "description": column.description}
            for column in dataset.columns
        ],
        "missingValues": [""],
    }
    for entry in schema["fields"]:
        if entry["type"] == "boolean":
            entry.update({"trueValues": ["true"], "falseValues": ["false"]})
    resources = []
    for name, info in files.items():
        fmt = info["format"]
        resource = {
            "name": name.rsplit(".", 1)[0].replace("_", "-").lower()
            + ("-" + fmt if fmt in ("xlsx", "json") else ""),
            "path": name,
            "format": "json" if fmt in ("datainclusion", "topojson") else fmt,
            "mediatype": FORMATS[fmt][0],
            "encoding": "utf-8",
            "bytes": info["size"],
            "hash": "sha256:" + info["sha256"],
        }
        if fmt in ("csv", "xlsx", "json"):
            resource.update({"profile": "tabular-data-resource", "schema": schema})
        else:
            resource["profile"] = "data-resource"
        if fmt == "csv":
            resource["dialect"] = {"delimiter": ",", "header": True, "doubleQuote": True}
        if fmt == "xlsx":
            resource.pop("encoding")
        if fmt == "json":
            # Frictionless reads a JSON table with a streaming parser that counts no bytes, so it would
            # report these as mismatched: the page and the ETag give them.
            resource.pop("bytes")
            resource.pop("hash")
        if fmt == "topojson":
            resource.update({"title": "Province outlines of the Atlas map", "licenses": [_osm()]})
        if fmt == "datainclusion":
            resource.update(
                {
                    "title": "The catalogue in the data·inclusion v1 format (docs/datainclusion.md)",
                    "sources": [
                        {
                            "title": "data-inclusion-schema 1.0.10",
                            "path": "https://pypi.org/project/data-inclusion-schema/1.0.10/",
                        }
                    ],
                }
            )
        resources.append(resource)
    return {
        "profile": "data-package",
        "name": f"mess-{dataset.key}",
        "title": str(dataset.title),
        "description": str(dataset.description),
        "homepage": dataset_url(dataset.key),
        "version": timezone.now().strftime("%Y.%m.%d.%H%M%S"),
        "created": timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "licenses": dataset.licences(),
        "sources": dataset.sources(),
        "contributors": [{"title": "MESS Tanger-Tétouan-Al Hoceïma / ORESS", "role": "publisher"}],
        "resources": resources,
    }


def _osm():
    from opendata.datasets import OSM_LICENCE

    return OSM_LICENCE


def dataset_url(key: str) -> str:
    return settings.SITE_URL.rstrip("/") + f"/fr/donnees/#{key}"


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def put_atomically(name: str, path: Path) -> None:
    """Put the local file ``path`` at ``name`` in the default storage, replacing what is there at once.
    On disk: copied beside its target under a temporary name, then renamed over it (rename is atomic
    within a filesystem). In an S3 bucket: one PUT, which replaces an object atomically."""
    storage = default_storage
    if is_local(storage):
        target = Path(storage.path(name))
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
        try:
            with open(path, "rb") as source, open(temporary, "wb") as copy:
                for block in iter(lambda: source.read(1 << 20), b""):
                    copy.write(block)
                copy.flush()
                os.fsync(copy.fileno())
            os.chmod(temporary, 0o644)
            os.replace(temporary, target)
        finally:
            temporary.unlink(missing_ok=True)
    else:
        with open(path, "rb") as source:
            storage._save(name, File(source, name=name))  # _save: overwrite, no renamed copy


def build_dataset(dataset: Dataset) -> list[PublishedFile]:
    """Write one dataset's files and record them; returns the rows of PublishedFile."""
    now = timezone.now()
    with tempfile.TemporaryDirectory(prefix="opendata-") as tmp, translation.override(None):
        folder = Path(tmp)
        rows = write_table(dataset, folder)
        names = {f"{dataset.table}.{fmt}": fmt for fmt in ("csv", "xlsx", "json")}
        for name, content in dataset.extra().items():
            (folder / name).write_bytes(content)
            names[name] = "datainclusion" if "datainclusion" in name else "topojson"
        files = {
            name: {"format": fmt, "size": (folder / name).stat().st_size, "sha256": _digest(folder / name)}
            for name, fmt in names.items()
        }
        package = datapackage(dataset, files)
        (folder / DATAPACKAGE).write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")
        files[DATAPACKAGE] = {
            "format": "datapackage",
            "size": (folder / DATAPACKAGE).stat().st_size,
            "sha256": _digest(folder / DATAPACKAGE),
        }
        # The data files first, the package that describes them last.
        for name in files:
            put_atomically(storage_name(dataset.key, name), folder / name)
    published = []
    for name, info in files.items():
        row, _created = PublishedFile.objects.update_or_create(
            dataset=dataset.key,
            name=name,
            defaults={
                "format": info["format"],
                "size": info["size"],
                "sha256": info["sha256"],
                "rows": rows if info["format"] in ("csv", "xlsx", "json") else None,
                "built_at": now,
            },
        )
        published.append(row)
    PublishedFile.objects.filter(dataset=dataset.key).exclude(name__in=list(files)).delete()
    return published


def rebuild_all(*, started_by_queue: bool = False) -> dict:
    """Rebuild every dataset. The queue's mark is cleared first: a change made meanwhile queues another."""
    if started_by_queue:
        RebuildState.objects.filter(pk=1).update(queued_at=None)
    summary = {}
    for dataset in DATASETS:
        files = build_dataset(dataset)
        summary[dataset.key] = {file.name: file.size for file in files}
    RebuildState.objects.update_or_create(pk=1, defaults={"last_built_at": timezone.now()})
    return summary


def read(name: str) -> bytes:
    with default_storage.open(name, "rb") as stream:
        return stream.read()
