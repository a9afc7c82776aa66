"""The full downloads: built from the published records by the shared resources, valid Frictionless
Data Packages whose CSV matches its schema, served with their type, date and hash, rebuilt after a change
by one background job, listed on the open-data page."""

import csv
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone
from frictionless import Checklist, Package, Resource
from openpyxl import load_workbook

from actors.models import Actor
from opendata import build, services
from opendata.datasets import DATASETS
from opendata.models import PublishedFile, RebuildState
from tests.actors.factories import ActorFactory
from tests.factories import sector
from tests.support.factories import SupportServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(db):
    from observatory import demo

    demo.seed()  # the official HCP series
    located = ActorFactory(
        name_fr="Coopérative Al Amal",
        name_ar="تعاونية الأمل",
        located=True,
        women_majority=True,
        women_declared=True,
        sectors=[sector("agriculture")],
        creation_date="2012-03-15",
        ice="001234567000089",
        with_contact=True,
    )
    ActorFactory(name_fr="Association Nour")
    SupportServiceFactory(provider=located, name_fr="Formation à la gestion")
    return located


def local_path(name: str) -> Path:
    return Path(default_storage.path(name))


def csv_of(dataset: str, table: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(local_path(f"opendata/{dataset}/{table}.csv").read_text("utf-8"))))


def test_each_dataset_is_a_valid_data_package_whose_files_match_their_schema(data):
    build.rebuild_all()
    for dataset in DATASETS:
        folder = local_path(f"opendata/{dataset.key}")
        descriptor = json.loads((folder / "datapackage.json").read_text("utf-8"))
        package = Package(descriptor, basepath=str(folder))
        report = package.validate()
        assert report.valid, [
            (t.name, t.place, t.flatten(["type", "note"])) for t in report.tasks if not t.valid
        ]
        assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
        assert {resource["path"] for resource in descriptor["resources"]} >= {
            f"{dataset.table}.csv",
            f"{dataset.table}.xlsx",
            f"{dataset.table}.json",
        }
        csv_resource = next(r for r in descriptor["resources"] if r["format"] == "csv")
        assert [f["name"] for f in csv_resource["schema"]["fields"]] == dataset.headers()
        assert all(f["description"] and f["type"] for f in csv_resource["schema"]["fields"])
        # The CSV alone, strictly against its schema: every cell of its type, the header as declared.
        resource = Resource(
            {key: csv_resource[key] for key in ("name", "path", "schema", "dialect")}, basepath=str(folder)
        )
        assert resource.validate(checklist=Checklist(pick_errors=["#table", "#row", "#cell"])).valid
        file = PublishedFile.objects.get(dataset=dataset.key, name=f"{dataset.table}.csv")
        assert file.rows == len(csv_of(dataset.key, dataset.table)) > 0
        assert file.size == csv_resource["bytes"] == (folder / file.name).stat().st_size


def test_the_directory_file_has_the_published_structures_with_typed_values(data):
    ActorFactory(name_fr="Brouillon secret", draft=True)
    build.rebuild_all()
    rows = {row["name_fr"]: row for row in csv_of("annuaire", "annuaire-ess")}
    assert set(rows) == {"Coopérative Al Amal", "Association Nour"}
    amal = rows["Coopérative Al Amal"]
    assert amal["name_ar"] == "تعاونية الأمل"
    assert amal["commune_code"] == "01.511.01.0"
    assert amal["latitude"] == "35.7673" and amal["members_total"] == "20"
    assert amal["women_declared"] == "true" and rows["Association Nour"]["women_declared"] == "false"
    assert amal["creation_date"] == "2012-03-15" and amal["ice"] == "001234567000089"
    assert amal["url"] == f"http://localhost:8000/fr/acteurs/{data.slug}/"
    workbook = load_workbook(local_path("opendata/annuaire/annuaire-ess.xlsx"), read_only=True)
    sheet_rows = list(workbook.active.iter_rows(values_only=True))
    assert sheet_rows[0][0] == "name_fr" and len(sheet_rows) == 3
    assert 20 in sheet_rows[1] or 20 in sheet_rows[2]  # numbers are numbers in the spreadsheet
    objects = json.loads(local_path("opendata/annuaire/annuaire-ess.json").read_text("utf-8"))
    assert {o["name_fr"] for o in objects} == set(rows)
    assert next(o for o in objects if o["name_ar"])["members_women"] == 15


def test_the_series_file_names_the_territories_and_keeps_each_series_licence(data):
    build.rebuild_all()
    rows = csv_of("observatoire", "series")
    assert rows and all(row["licence"] == "CC BY 4.0" for row in rows)
    tanger = next(row for row in rows if row["territory_code"] == "01.511")
    assert tanger["territory_name_fr"] == "Tanger-Assilah" and tanger["territory_name_ar"]
    assert tanger["level"] == "province" and tanger["source"].startswith("Haut-Commissariat au Plan")
    package = json.loads(local_path("opendata/observatoire/datapackage.json").read_text("utf-8"))
    outlines = next(r for r in package["resources"] if r["path"] == "contours-provinces.json")
    assert outlines["licenses"][0]["name"] == "ODbL-1.0"
    assert {licence["name"] for licence in package["licenses"]} >= {"CC-BY-4.0", "ODbL-1.0"}


def test_the_support_files_include_the_datainclusion_export(data):
    build.rebuild_all()
    [row] = csv_of("accompagnement", "accompagnement")
    assert row["name_fr"] == "Formation à la gestion" and row["provider_name"] == "Coopérative Al Amal"
    assert row["page_url"].startswith("http://localhost:8000/fr/accompagnement/")
    exported = json.loads(
        local_path("opendata/accompagnement/accompagnement-datainclusion.json").read_bytes()
    )
    assert [s["nom"] for s in exported["services"]] == ["Formation à la gestion"]


@pytest.mark.open_data_rebuild
def test_a_change_queues_one_rebuild_that_runs_after_the_commit(django_capture_on_commit_callbacks):
    assert not PublishedFile.objects.exists()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        actor = ActorFactory(name_fr="Nouvelle coopérative")
        actor.sectors.set([sector("agriculture")])
        actor.set_status(Actor.Status.PUBLISHED)
    assert [c for c in callbacks if c is services.request_rebuild] == [services.request_rebuild]  # once
    names = [row["name_fr"] for row in csv_of("annuaire", "annuaire-ess")]
    assert "Nouvelle coopérative" in names
    assert RebuildState.objects.get().queued_at is None  # the job cleared its mark


def test_requests_while_a_rebuild_is_queued_add_no_job(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    default_task_backend.clear()
    assert services.request_rebuild() is True
    assert services.request_rebuild() is False
    assert services.request_rebuild() is False
    [job] = default_task_backend.results
    assert job.task.run_after > timezone.now() + timedelta(seconds=settings.OPEN_DATA_REBUILD_DELAY - 60)
    # A mark whose job was lost (queued long ago) is taken over.
    RebuildState.objects.update(queued_at=timezone.now() - timedelta(hours=3))
    assert services.request_rebuild() is True


def test_files_are_replaced_atomically_and_stale_rows_removed(data):
    build.rebuild_all()
    first = PublishedFile.objects.get(dataset="annuaire", name="annuaire-ess.csv")
    ActorFactory(name_fr="Une autre")
    PublishedFile.objects.create(
        dataset="annuaire", name="ancien.csv", format="csv", size=1, sha256="x", built_at=first.built_at
    )
    build.rebuild_all()
    second = PublishedFile.objects.get(dataset="annuaire", name="annuaire-ess.csv")
    assert second.sha256 != first.sha256 and second.rows == first.rows + 1
    assert not PublishedFile.objects.filter(name="ancien.csv").exists()
    leftovers = [p.name for p in local_path("opendata").rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


def test_the_command_rebuilds_by_hand(data):
    out = io.StringIO()
    call_command("rebuild_open_data", stdout=out)
    assert "annuaire-ess.csv" in out.getvalue()
    assert PublishedFile.objects.filter(dataset="observatoire", name="datapackage.json").exists()


def test_a_file_is_served_with_its_type_date_and_hash(client, data):
    build.rebuild_all()
    response = client.get("/donnees/annuaire/annuaire-ess.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="annuaire-ess.csv"'
    assert response["Access-Control-Allow-Origin"] == "*"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"name_fr,name_ar,")
    file = PublishedFile.objects.get(dataset="annuaire", name="annuaire-ess.csv")
    assert response["ETag"] == f'"{file.sha256}"' and int(response["Content-Length"]) == len(body)
    assert (
        client.get("/donnees/annuaire/annuaire-ess.csv", HTTP_IF_NONE_MATCH=response["ETag"]).status_code
        == 304
    )
    since = client.get("/donnees/annuaire/annuaire-ess.csv", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304
    package = client.get("/donnees/annuaire/datapackage.json")
    assert package["Content-Type"] == "application/json; charset=utf-8"
    assert "attachment" not in package.get("Content-Disposition", "")
    xlsx = client.get("/donnees/annuaire/annuaire-ess.xlsx")
    assert xlsx["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert client.get("/donnees/annuaire/inconnu.csv").status_code == 404
    assert client.get("/donnees/inconnu/annuaire-ess.csv").status_code == 404
    assert client.post("/donnees/annuaire/annuaire-ess.csv").status_code == 405
