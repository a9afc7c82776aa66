"""Staff side: import with dry run (all or nothing), duplicates and merge, moderation, uploads, statuses."""

import re
from io import BytesIO

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from PIL import Image

from actors.models import Actor, Proposal
from tests.actors.factories import ActorFactory, ProposalFactory
from tests.factories import UserFactory, sector

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/actors/actor/import/"
CSV_FORMAT = "0"
XLSX_FORMAT = "1"


@pytest.fixture
def staff(client):
    user = UserFactory(teams=["directory"])
    client.force_login(user)
    return user


def upload(client, content: bytes, name="annuaire.csv", fmt=CSV_FORMAT):
    return client.post(IMPORT_URL, {"format": fmt, "import_file": SimpleUploadedFile(name, content)})


def confirm(client, dry_run_response):
    html = dry_run_response.content.decode()
    fields = dict(
        re.findall(r'name="(import_file_name|original_file_name|format|resource)" value="([^"]*)"', html)
    )
    return client.post("/admin/actors/actor/process_import/", fields)


FRENCH_CSV = (
    "Nom;Nom (arabe);Forme juridique;Secteurs;Code commune;Téléphone;E-mail;ICE;Adhérents;Femmes;Date de création;Colonne inutile\n"
    "Coopérative Al Baraka;تعاونية البركة;Coopérative;Apiculture, Agriculture;01.511.01.0;0539000000;baraka@example.org;001234567000089;20;15;15/03/2012;x\n"
    "Association Nour;جمعية النور;Association;Culture;Chefchaouen;;;;;;2001;y\n"
)


def test_import_dry_run_previews_and_writes_nothing_until_confirmed(client, staff):
    response = upload(client, FRENCH_CSV.encode("utf-8"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Coopérative Al Baraka" in html and "Association Nour" in html
    assert not Actor.objects.exists()
    done = confirm(client, response)
    assert done.status_code == 302
    baraka = Actor.objects.get(ice="001234567000089")
    assert baraka.name_ar == "تعاونية البركة"
    assert baraka.commune.name_fr == "Tanger"
    assert {s.slug for s in baraka.sectors.all()} == {"apiculture", "agriculture"}
    assert (baraka.members_total, baraka.members_women) == (20, 15)
    assert baraka.creation_date.isoformat() == "2012-03-15"
    assert baraka.status == Actor.Status.DRAFT
    assert baraka.source.startswith("Import du ") and "annuaire.csv" in baraka.source
    nour = Actor.objects.get(name_fr="Association Nour")
    assert nour.commune.code == "01.151.01.01"
    assert nour.creation_date.year == 2001


def test_import_updates_the_structure_with_the_same_ice(client, staff):
    existing = ActorFactory(name_fr="Coopérative Al Baraka", ice="001234567000089", phone="")
    confirm(client, upload(client, FRENCH_CSV.encode("utf-8")))
    existing.refresh_from_db()
    assert existing.phone == "0539000000"
    assert Actor.objects.filter(ice="001234567000089").count() == 1


def test_arabic_headers_in_windows_1256(client, staff):
    csv = (
        "الاسم,الاسم بالفرنسية,الشكل القانوني,الجماعة,الهاتف\n"
        "تعاونية الأمل,Coopérative Al Amal,تعاونية,طنجة,0539111111\n"
    )
    response = upload(client, csv.encode("cp1256"))
    assert "Coopérative Al Amal" in response.content.decode()
    confirm(client, response)
    actor = Actor.objects.get()
    assert actor.name_ar == "تعاونية الأمل"
    assert actor.commune.name_fr == "Tanger"
    assert actor.legal_family.slug == "cooperative"


def test_french_csv_in_windows_1252(client, staff):
    confirm(
        client,
        upload(client, FRENCH_CSV.replace("تعاونية البركة", "").replace("جمعية النور", "").encode("cp1252")),
    )
    assert Actor.objects.get(ice="001234567000089").name_fr == "Coopérative Al Baraka"


def test_xlsx_import(client, staff):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Nom", "Forme juridique", "Commune", "ICE"])
    sheet.append(["Coopérative Xlsx", "Coopérative", "Tétouan", 1234567000089])
    buffer = BytesIO()
    workbook.save(buffer)
    confirm(client, upload(client, buffer.getvalue(), name="annuaire.xlsx", fmt=XLSX_FORMAT))
    actor = Actor.objects.get()
    assert actor.name_fr == "Coopérative Xlsx" and actor.commune.province.name_fr == "Tétouan"
    assert actor.ice == "001234567000089"


def test_a_bad_row_shows_clear_errors_and_nothing_is_written(client, staff):
    csv = (
        "Nom,Forme juridique,Commune,E-mail,Adhérents,Femmes\n"
        "Coopérative Bonne,Coopérative,Tanger,ok@example.org,10,5\n"
        "Coopérative Perdue,Coopérative,Atlantide,ok@example.org,10,5\n"
        "Coopérative Mail,Coopérative,Tanger,pas-un-mail,10,5\n"
        "Coopérative Trop,Coopérative,Tanger,,10,12\n"
    )
    response = upload(client, csv.encode("utf-8"))
    html = response.content.decode()
    assert "Commune inconnue : Atlantide" in html
    assert "e-mail" in html.lower() or "adresse" in html.lower()
    assert "Women members cannot outnumber" in html or "ne peut" in html or "femmes" in html.lower()
    assert 'name="import_file_name"' not in html  # no confirm button
    assert not Actor.objects.exists()
    # Even forced through the resource, the good row is rolled back with the bad ones.
    from actors.resources import ActorResource, SpreadsheetCSV

    result = ActorResource().import_data(SpreadsheetCSV().create_dataset(csv.encode()), dry_run=False)
    assert result.has_validation_errors()
    assert not Actor.objects.exists()


def test_broken_file_is_a_form_error(client, staff):
    response = upload(client, b"\x00\x01garbage", name="annuaire.xlsx", fmt=XLSX_FORMAT)
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not Actor.objects.exists()


def test_duplicates_flagged_on_import(client, staff):
    existing = ActorFactory(name_fr="Coopérative Al Baraka Tanger", odco_number="ODCO-1")
    csv = "Nom,Forme juridique,Commune,Numéro ODCO\nCoopérative Baraka,Coopérative,Tanger,\nAutre,Coopérative,Tétouan,ODCO-2\n"
    confirm(client, upload(client, csv.encode()))
    baraka = Actor.objects.get(name_fr="Coopérative Baraka")
    if baraka.possible_duplicate_of is None:
        pytest.skip("close names are compared by trigram on PostgreSQL only")
    assert baraka.possible_duplicate_of == existing


def test_same_ice_is_flagged_on_save_in_admin(client, staff):
    first = ActorFactory(name_fr="Coopérative Une", ice="001234567000089")
    second = ActorFactory(name_fr="Coopérative Deux")
    data = {
        "name_fr": "Coopérative Deux",
        "slug": second.slug,
        "legal_family": second.legal_family_id,
        "commune": second.commune_id,
        "status": "published",
        "ice": "001234567000089",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
    }
    response = client.post(f"/admin/actors/actor/{second.pk}/change/", data, follow=True)
    assert response.status_code == 200
    second.refresh_from_db()
    assert second.possible_duplicate_of == first
    assert "Coopérative Une" in response.content.decode()  # the warning names the other record


def test_merge_keeps_the_richer_record(client, staff):
    rich = ActorFactory(
        name_fr="Coopérative Riche", phone="0539", email="r@example.org", sectors=[sector("argan")]
    )
    poor = ActorFactory(
        name_fr="Coop Riche", website="https://riche.example.org", sectors=[sector("apiculture")], draft=True
    )
    ProposalFactory(kind=Proposal.Kind.CORRECTION, actor=poor)
    response = client.post(
        "/admin/actors/actor/", {"action": "merge", "_selected_action": [rich.pk, poor.pk]}, follow=True
    )
    assert response.status_code == 200
    assert list(Actor.objects.all()) == [rich]
    rich.refresh_from_db()
    assert rich.website == "https://riche.example.org"
    assert {s.slug for s in rich.sectors.all()} == {"argan", "apiculture"}
    assert Proposal.objects.get().actor == rich
    assert LogEntry.objects.filter(object_id=str(rich.pk), change_message__contains="Fusionn").exists()


def test_merge_needs_two(client, staff):
    one = ActorFactory()
    client.post("/admin/actors/actor/", {"action": "merge", "_selected_action": [one.pk]})
    assert Actor.objects.count() == 1


def test_bulk_publish_and_archive_with_history(client, staff):
    drafts = ActorFactory.create_batch(2, draft=True)
    client.post(
        "/admin/actors/actor/", {"action": "mark_published", "_selected_action": [a.pk for a in drafts]}
    )
    assert Actor.objects.published().count() == 2
    assert LogEntry.objects.filter(object_id=str(drafts[0].pk)).exists()
    client.post("/admin/actors/actor/", {"action": "mark_archived", "_selected_action": [drafts[0].pk]})
    assert Actor.objects.get(pk=drafts[0].pk).status == Actor.Status.ARCHIVED


def test_changelist_filters_search_and_autocomplete(client, staff, django_assert_max_num_queries):
    ActorFactory.create_batch(10)
    original = ActorFactory(name_fr="Coopérative Originale")
    ActorFactory(name_fr="Coopérative Cherchée", possible_duplicate_of=original)
    with django_assert_max_num_queries(20):
        flagged = client.get("/admin/actors/actor/?status=published&duplicate=yes").content.decode()
    assert f'<a href="/admin/actors/actor/{original.pk}/change/">Coopérative Originale</a>' in flagged
    assert "Coopérative Cherchée" in client.get("/admin/actors/actor/?q=Cherch").content.decode()
    auto = client.get(
        "/admin/autocomplete/",
        {"app_label": "actors", "model_name": "actor", "field_name": "commune", "term": "Chef"},
    )
    assert "Chefchaouen" in auto.content.decode()


def test_moderation_apply_a_new_structure_creates_a_draft(client, staff):
    proposal = ProposalFactory()
    client.post("/admin/actors/proposal/", {"action": "apply", "_selected_action": [proposal.pk]})
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.APPLIED and proposal.reviewed_by == staff
    actor = proposal.actor
    assert actor.status == Actor.Status.DRAFT
    assert actor.name_ar == "تعاونية الأمل للنسيج"
    assert [s.slug for s in actor.sectors.all()] == ["artisanat"]
    assert actor.creation_date.year == 2015


def test_moderation_apply_a_correction(client, staff):
    actor = ActorFactory(phone="0539000000", name_fr="Coopérative Ancienne")
    proposal = ProposalFactory(
        kind=Proposal.Kind.CORRECTION,
        actor=actor,
        data={
            "name_fr": "Coopérative Ancienne",
            "phone": "0539111111",
            "legal_family": "cooperative",
            "commune": actor.commune.code,
            "sectors": [],
        },
    )
    page = client.get(f"/admin/actors/proposal/{proposal.pk}/change/")
    assert "0539000000" in page.content.decode() and "0539111111" in page.content.decode()
    client.post("/admin/actors/proposal/", {"action": "apply", "_selected_action": [proposal.pk]})
    actor.refresh_from_db()
    assert actor.phone == "0539111111"
    assert actor.status == Actor.Status.PUBLISHED


def test_moderation_reject(client, staff):
    proposal = ProposalFactory()
    client.post("/admin/actors/proposal/", {"action": "reject", "_selected_action": [proposal.pk]})
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.REJECTED
    assert not Actor.objects.exists()


def image_bytes(fmt="PNG", size=(400, 300), mode="RGB"):
    buffer = BytesIO()
    Image.new(mode, size, "green").save(buffer, format=fmt)
    return buffer.getvalue()


def change_with_logo(client, actor, logo):
    return client.post(
        f"/admin/actors/actor/{actor.pk}/change/",
        {
            "name_fr": actor.name_fr,
            "slug": actor.slug,
            "legal_family": actor.legal_family_id,
            "commune": actor.commune_id,
            "status": actor.status,
            "logo": logo,
            "photos-TOTAL_FORMS": "0",
            "photos-INITIAL_FORMS": "0",
        },
    )


def test_logo_is_reencoded_with_a_thumbnail(client, staff):
    actor = ActorFactory()
    response = change_with_logo(
        client, actor, SimpleUploadedFile("my logo.png", image_bytes(size=(3000, 1000)))
    )
    assert response.status_code == 302
    actor.refresh_from_db()
    assert "my logo" not in actor.logo.name
    with Image.open(actor.logo) as stored:
        assert max(stored.size) == 2000
    with Image.open(actor.logo_thumbnail) as thumb:
        assert max(thumb.size) == 320
    # The list shows the thumbnail.
    assert actor.logo_thumbnail.url in client.get("/fr/acteurs/").content.decode()


@pytest.mark.parametrize(
    "name, content",
    [
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("logo.png", b"<html><script>alert(1)</script></html>"),
        ("logo.png", image_bytes()[:60]),  # truncated
        ("logo.tiff", image_bytes(fmt="TIFF")),
    ],
)
def test_bad_uploads_are_refused(client, staff, name, content):
    actor = ActorFactory()
    response = change_with_logo(client, actor, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    actor.refresh_from_db()
    assert not actor.logo


def test_too_many_pixels_is_refused(settings):
    from django.core.exceptions import ValidationError

    from actors import images

    with pytest.raises(ValidationError):
        images.validate_image(SimpleUploadedFile("big.png", image_bytes(size=(7000, 7000), mode="1")))


def test_directory_team_sees_the_moderation_queue(client, staff):
    ProposalFactory()
    assert client.get("/admin/actors/proposal/").status_code == 200


def test_admin_search_uses_the_directory_search_and_identifiers(client, staff):
    ActorFactory(name_fr="Coopérative Féminine Annour", name_ar="تعاونية النور")
    ActorFactory(name_fr="Association Autre", odco_number="ODCO-77")
    html = client.get("/admin/actors/actor/", {"q": "feminine"}).content.decode()
    assert "Coopérative Féminine Annour" in html and "Association Autre" not in html
    assert (
        "Coopérative Féminine Annour" in client.get("/admin/actors/actor/", {"q": "تعاونيه"}).content.decode()
    )
    assert "Association Autre" in client.get("/admin/actors/actor/", {"q": "ODCO-77"}).content.decode()


def test_review_page_buttons_apply_and_reject(client, staff):
    to_apply, to_reject = ProposalFactory(), ProposalFactory()
    page = client.get(f"/admin/actors/proposal/{to_apply.pk}/change/").content.decode()
    assert 'name="_apply"' in page and 'name="_reject"' in page
    response = client.post(
        f"/admin/actors/proposal/{to_apply.pk}/change/",
        {"staff_note": "Vérifié par téléphone.", "_apply": "1"},
    )
    to_apply.refresh_from_db()
    assert to_apply.status == Proposal.Status.APPLIED and to_apply.staff_note == "Vérifié par téléphone."
    assert response["Location"] == f"/admin/actors/actor/{to_apply.actor.pk}/change/"
    client.post(f"/admin/actors/proposal/{to_reject.pk}/change/", {"staff_note": "", "_reject": "1"})
    to_reject.refresh_from_db()
    assert to_reject.status == Proposal.Status.REJECTED
    assert Actor.objects.count() == 1


def test_proposal_with_an_unknown_commune_is_not_applied(client, staff):
    proposal = ProposalFactory(
        data={"name_fr": "Coopérative X", "legal_family": "cooperative", "commune": "99.999"}
    )
    client.post("/admin/actors/proposal/", {"action": "apply", "_selected_action": [proposal.pk]})
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.NEW
    assert not Actor.objects.exists()
