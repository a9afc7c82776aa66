"""The open-data page in three languages, before and after a build, and the files holding nothing
personal or unpublished."""

import pytest
from django.core.files.storage import default_storage

from actors.models import Actor
from opendata import build
from opendata.models import PublishedFile
from tests.actors.factories import ActorFactory, ProposalFactory
from tests.events.contest_factories import ApplicationFactory
from tests.events.factories import RegistrationFactory
from tests.factories import UserFactory
from tests.support.factories import OrientationRequestFactory, SupportServiceFactory

pytestmark = pytest.mark.django_db


def test_before_the_first_build_each_dataset_is_being_prepared(client):
    html = client.get("/fr/donnees/").content.decode()
    assert html.count("Ces fichiers sont en préparation") == 3
    assert "Annuaire des structures de l&#x27;ESS" in html
    assert "/donnees/annuaire/" not in html


@pytest.mark.parametrize(
    ("lang", "title", "rows", "built"),
    [
        ("fr", "Données ouvertes", "Lignes", "Dernière construction"),
        ("ar", "البيانات المفتوحة", "الأسطر", "آخر إعداد"),
        ("en", "Open data", "Rows", "Last built"),
    ],
)
def test_the_page_lists_each_dataset_with_its_files_size_date_rows_and_licence(
    client, django_assert_max_num_queries, lang, title, rows, built
):
    for n in range(3):
        ActorFactory(name_fr=f"Coopérative {n}")
    SupportServiceFactory()
    build.rebuild_all()
    with django_assert_max_num_queries(1):
        response = client.get(f"/{lang}/donnees/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<h1 class="h2">{title}</h1>' in html
    assert rows in html and built in html
    assert 'href="/donnees/annuaire/annuaire-ess.csv"' in html
    assert 'href="/donnees/annuaire/annuaire-ess.xlsx"' in html
    assert 'href="/donnees/annuaire/annuaire-ess.json"' in html
    assert 'href="/donnees/annuaire/datapackage.json"' in html
    assert 'href="/donnees/accompagnement/accompagnement-datainclusion.json"' in html
    assert 'href="/donnees/observatoire/contours-provinces.json"' in html
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in html
    assert "OpenStreetMap" in html and "Haut-Commissariat au Plan" in html
    size = PublishedFile.objects.get(name="annuaire-ess.csv").size
    assert size < 10_000  # shown in bytes or kilobytes, as the language writes them
    if lang == "fr":
        assert "octets" in html or "Ko" in html
    assert '<dd class="col-sm-9">4</dd>' in html  # three structures and the service's provider


def test_the_page_is_in_the_footer_and_the_sitemap(client):
    assert 'href="/fr/donnees/"' in client.get("/fr/").content.decode()
    assert "/fr/donnees/" in client.get("/sitemap-pages.xml").content.decode()


def test_the_licence_is_a_setting(client, settings):
    settings.OPEN_DATA_LICENCE = {
        "name": "ODbL-1.0",
        "title": "Open Database License",
        "path": "https://opendatacommons.org/licenses/odbl/1-0/",
    }
    ActorFactory()
    build.rebuild_all()
    assert (
        'href="https://opendatacommons.org/licenses/odbl/1-0/" rel="license"'
        in client.get("/fr/donnees/").content.decode()
    )
    package = default_storage.open("opendata/annuaire/datapackage.json").read().decode()
    assert '"name": "ODbL-1.0"' in package


def test_no_personal_or_unpublished_data_leaks_into_any_file(client):
    """Drafts, structures pending or archived, unpublished services, persons' e-mails and phones,
    moderation notes, registrations, contest applications and orientation requests: none of their
    strings is in any of the files."""
    secrets = []

    def secret(text):
        secrets.append(text)
        return text

    published = ActorFactory(name_fr="Coopérative publiée", with_contact=True)
    for status in (Actor.Status.DRAFT, Actor.Status.PENDING, Actor.Status.ARCHIVED):
        ActorFactory(
            name_fr=secret(f"Structure cachée {status}"),
            status=status,
            email=secret(f"cachee-{status}@secret.example.org"),
            phone=secret(f"+212 6 99 {len(secrets):02d} 00 11"),
        )
    SupportServiceFactory(provider=published, name_fr=secret("Service non publié"), is_published=False)
    hidden_provider = ActorFactory(name_fr=secret("Organisme en brouillon"), status=Actor.Status.DRAFT)
    SupportServiceFactory(provider=hidden_provider, name_fr=secret("Service d'un organisme caché"))
    ProposalFactory(
        actor=published,
        sender_name=secret("Karim Expéditeur"),
        sender_email=secret("karim.proposant@secret.example.org"),
        staff_note=secret("Note de modération confidentielle"),
        message=secret("Message privé du proposant"),
    )
    OrientationRequestFactory(
        name=secret("Fatima Demandeuse"),
        email=secret("fatima.orientation@secret.example.org"),
        phone=secret("+212 6 12 34 56 78"),
        message=secret("Mon projet personnel"),
        internal_notes=secret("Notes internes du guichet"),
    )
    RegistrationFactory(name=secret("Youssef Inscrit"), email=secret("youssef.inscrit@secret.example.org"))
    ApplicationFactory(
        actor=published,
        contact_name=secret("Salma Candidate"),
        contact_email=secret("salma.candidate@secret.example.org"),
    )
    UserFactory(username=secret("agent-secret"), email=secret("agent.mess@secret.example.org"))
    build.rebuild_all()
    files = list(PublishedFile.objects.all())
    assert len(files) == 14  # 3 datasets × (CSV, XLSX, JSON, datapackage), data·inclusion, outlines
    everything = ""
    for file in files:
        content = default_storage.open(file.storage_name).read()
        if file.format == "xlsx":
            import io

            from openpyxl import load_workbook

            sheet = load_workbook(io.BytesIO(content), read_only=True).active
            text = "\n".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)
        else:
            text = content.decode("utf-8")
        everything += text
        for value in secrets:
            assert value not in text, f"{value!r} is in {file}"
        assert "secret.example.org" not in text
    assert "Coopérative publiée" in everything  # the files are not simply empty
