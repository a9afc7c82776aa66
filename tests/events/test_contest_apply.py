"""Applying to the contest: the form, the structure found or proposed, attachments, the deadline, the
signed link to correct the application, spam defences and e-mail failures."""

import datetime
import io
import re

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from PIL import Image

from actors.models import Proposal
from events import contest_services as services
from events.models import Application, ContestEdition
from tests.actors.factories import ActorFactory
from tests.events.contest_factories import ApplicationFactory, ContestCategoryFactory, ContestEditionFactory
from tests.library.factories import corrupt_pdf_bytes, encrypted_pdf_bytes, not_a_pdf_bytes, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return ContestEditionFactory(year=2026)


@pytest.fixture
def category(edition):
    return ContestCategoryFactory(edition=edition, name_fr="Meilleure coopérative", name_ar="أفضل تعاونية")


@pytest.fixture
def actor():
    return ActorFactory(name_fr="Coopérative Tissage Chefchaouen", ice="001234567000089")


def url(edition, lang="fr"):
    return f"/{lang}/concours/{edition.year}/candidater/"


def valid_data(category, /, **changes):
    data = {
        "structure_query": "Tissage Chefchaouen",
        "category": category.pk,
        "presentation": "Nous tissons la laine de la région et formons des jeunes femmes.",
        "members_total": "20",
        "members_women": "15",
        "members_youth": "6",
        "employees": "3",
        "turnover": "",
        "contact_name": "Amina Tazi",
        "contact_email": "amina@example.org",
        "contact_phone": "+212 6 12 34 56 78",
        "consent": "on",
        "homepage": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def png_upload(name="photo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_the_form_renders_with_the_categories_in_each_language(
    client, edition, category, django_assert_max_num_queries
):
    for lang, name in (
        ("fr", "Meilleure coopérative"),
        ("ar", "أفضل تعاونية"),
        ("en", "Meilleure coopérative"),
    ):
        with django_assert_max_num_queries(8):
            response = client.get(url(edition, lang))
        assert response.status_code == 200
        assert name in response.content.decode()
    assert "sessionid" not in response.cookies


def test_a_valid_application_gets_a_reference_and_an_acknowledgement_in_the_applicants_language(
    client, edition, category, actor
):
    files = {
        "attachments": [
            SimpleUploadedFile("statuts.pdf", pdf_bytes(), content_type="application/pdf"),
            png_upload(),
        ]
    }
    response = client.post(url(edition, "ar"), {**valid_data(category), **files})
    assert response.status_code == 302, response.content.decode()[:3000]
    application = Application.objects.get()
    assert application.reference == "CR-2026-0001"
    assert response.url.endswith("?ref=CR-2026-0001")
    assert application.actor == actor
    assert application.language == "ar"
    assert application.acknowledged_at is not None
    assert [a.kind for a in application.attachments.order_by("pk")] == ["pdf", "image"]
    # Stored under generated names, outside the public media folder.
    for attachment in application.attachments.all():
        assert "statuts" not in attachment.file.name and "photo" not in attachment.file.name
        assert "/private/" in attachment.file.path
    [message] = mail.outbox
    assert message.to == ["amina@example.org"]
    assert "CR-2026-0001" in message.subject
    assert "المسابقة" in message.body or "الجهوية" in message.subject + message.body
    link = re.search(r"https?://\S+/ar/concours/candidature/\S+/", message.body).group(0)
    assert client.get(link).status_code == 200
    thanks = client.get(response.url)
    assert "CR-2026-0001" in thanks.content.decode()


def test_numbers_follow_each_other_within_an_edition(client, edition, category, actor):
    other = ActorFactory(name_fr="Association Oued Laou", ice="009999999000011")
    client.post(url(edition), valid_data(category))
    client.post(url(edition), valid_data(category, structure_query=other.ice, contact_email="b@example.org"))
    assert list(Application.objects.values_list("reference", flat=True)) == ["CR-2026-0001", "CR-2026-0002"]


def test_a_structure_applies_once_per_edition(client, edition, category, actor):
    assert client.post(url(edition), valid_data(category)).status_code == 302
    response = client.post(url(edition), valid_data(category, contact_email="autre@example.org"))
    assert response.status_code == 400
    assert "déjà candidaté" in response.content.decode()
    assert Application.objects.count() == 1


def test_the_structure_is_found_by_its_ice(client, edition, category, actor):
    client.post(url(edition), valid_data(category, structure_query="001234567000089"))
    assert Application.objects.get().actor == actor


def test_several_matches_ask_to_choose_then_the_choice_is_kept(client, edition, category):
    first = ActorFactory(name_fr="Coopérative Amal Tanger")
    ActorFactory(name_fr="Coopérative Amal Tétouan")
    response = client.post(url(edition), valid_data(category, structure_query="Amal"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Coopérative Amal Tanger" in html and "Coopérative Amal Tétouan" in html
    assert f'value="{first.slug}"' in html
    response = client.post(url(edition), valid_data(category, structure_query="Amal", structure=first.slug))
    assert response.status_code == 302
    assert Application.objects.get().actor == first


def test_an_unpublished_structure_is_not_offered(client, edition, category):
    draft = ActorFactory(name_fr="Coopérative Cachée", draft=True)
    response = client.post(url(edition), valid_data(category, structure_query="Cachée"))
    assert response.status_code == 400
    response = client.post(url(edition), valid_data(category, structure=draft.slug))
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_a_new_structure_goes_to_the_directorys_moderation_queue(client, edition, category):
    data = valid_data(
        category,
        structure_query="",
        is_new_structure="on",
        **{
            "new-name_fr": "Association Jeunes Pêcheurs",
            "new-legal_family": "association",
            "new-commune": "01.511.01.0",
            "new-creation_year": "2020",
        },
    )
    response = client.post(url(edition), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    application = Application.objects.get()
    assert application.actor is None
    assert application.structure_name == "Association Jeunes Pêcheurs"
    proposal = Proposal.objects.get()
    assert application.proposal == proposal
    assert proposal.kind == Proposal.Kind.NEW and proposal.status == Proposal.Status.NEW
    assert proposal.data["name_fr"] == "Association Jeunes Pêcheurs"
    assert proposal.data["legal_family"] == "association"
    assert proposal.data["members_total"] == 20 and proposal.data["members_women"] == 15
    assert application.reference in proposal.message


def test_a_new_structure_without_its_required_fields_is_refused(client, edition, category):
    response = client.post(url(edition), valid_data(category, structure_query="", is_new_structure="on"))
    assert response.status_code == 400
    assert not Application.objects.exists() and not Proposal.objects.exists()


@pytest.mark.parametrize(
    "name, content",
    [
        ("fake.pdf", not_a_pdf_bytes()),
        ("broken.pdf", corrupt_pdf_bytes()),
        ("locked.pdf", encrypted_pdf_bytes(user_password="secret")),
        ("page.html", b"<html><script>alert(1)</script></html>"),
        ("image.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ],
)
def test_bad_attachments_are_refused_and_nothing_is_stored(client, edition, category, actor, name, content):
    upload = SimpleUploadedFile(name, content)
    response = client.post(url(edition), {**valid_data(category), "attachments": [upload]})
    assert response.status_code == 400
    assert name in response.content.decode()
    assert not Application.objects.exists()


def test_too_many_attachments_are_refused(client, edition, category, actor):
    uploads = [png_upload(f"p{n}.png") for n in range(services.MAX_ATTACHMENTS + 1)]
    response = client.post(url(edition), {**valid_data(category), "attachments": uploads})
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_consent_is_required(client, edition, category, actor):
    response = client.post(url(edition), valid_data(category, consent=None))
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_women_cannot_outnumber_members(client, edition, category, actor):
    response = client.post(url(edition), valid_data(category, members_women="30"))
    assert response.status_code == 400


def test_a_category_of_another_edition_is_refused(client, edition, category, actor):
    other = ContestCategoryFactory(edition=ContestEditionFactory(year=2031))
    response = client.post(url(edition), {**valid_data(category), "category": other.pk})
    assert response.status_code == 400


@pytest.mark.parametrize("trait", ["closed", "before"])
def test_nothing_is_accepted_outside_the_application_period(client, category, actor, trait):
    edition = category.edition
    if trait == "closed":
        edition.applications_open_at = timezone.now() - datetime.timedelta(days=60)
        edition.applications_close_at = timezone.now() - datetime.timedelta(seconds=1)
    else:
        edition.applications_open_at = timezone.now() + datetime.timedelta(days=1)
        edition.applications_close_at = timezone.now() + datetime.timedelta(days=30)
    edition.save()
    page = client.get(url(edition))
    assert page.status_code == 200
    assert (
        "Applications are closed" in page.content.decode()
        or "Les candidatures sont closes" in page.content.decode()
    )
    assert 'name="presentation"' not in page.content.decode()
    response = client.post(url(edition), valid_data(category))
    assert response.status_code == 403
    assert not Application.objects.exists()


def test_an_edition_in_jury_or_draft_takes_no_application(client, actor):
    jury = ContestCategoryFactory(edition=ContestEditionFactory(year=2027, jury=True))
    assert client.post(url(jury.edition), valid_data(jury)).status_code == 403
    draft = ContestCategoryFactory(
        edition=ContestEditionFactory(year=2028, status=ContestEdition.Status.DRAFT)
    )
    assert client.get(url(draft.edition)).status_code == 404
    assert client.post(url(draft.edition), valid_data(draft)).status_code == 404
    assert not Application.objects.exists()


def test_the_deadline_is_checked_again_when_saving(edition, category, actor):
    with pytest.raises(ValidationError, match="closes"):
        services.application_create(
            edition=edition,
            data={
                "category": category,
                "presentation": "x",
                "contact_name": "a",
                "contact_email": "a@example.org",
            },
            actor=actor,
            new_structure=None,
            files=[],
            language="fr",
            now=edition.applications_close_at,
        )


def test_the_honeypot_thanks_a_robot_and_stores_nothing(client, edition, category, actor):
    response = client.post(url(edition), valid_data(category, homepage="http://spam.example"))
    assert response.status_code == 302
    assert not Application.objects.exists()
    assert not mail.outbox


def test_the_rate_limit_stops_a_flood(client, edition, category, actor):
    for n in range(5):
        structure = ActorFactory(ice=f"{n:015d}")
        response = client.post(url(edition), valid_data(category, structure_query=structure.ice))
        assert response.status_code == 302
    response = client.post(url(edition), valid_data(category))
    assert response.status_code == 429
    assert Application.objects.count() == 5


@override_settings(EMAIL_BACKEND="tests.support.broken_mail.BrokenBackend")
def test_a_mail_server_that_is_down_loses_no_application(client, edition, category, actor):
    response = client.post(url(edition), valid_data(category))
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.acknowledged_at is None


@override_settings(EMAIL_BACKEND="tests.support.broken_mail.BrokenBackend")
def test_a_mail_server_that_is_down_loses_no_new_structure_either(client, edition, category):
    data = valid_data(
        category,
        structure_query="",
        is_new_structure="on",
        **{"new-name_fr": "Asso Neuve", "new-legal_family": "association", "new-commune": "01.511.01.0"},
    )
    assert client.post(url(edition), data).status_code == 302
    assert Application.objects.get().proposal == Proposal.objects.get()


# --- The signed link ---------------------------------------------------------------------------


def edit_url(application, lang="fr"):
    return f"/{lang}/concours/candidature/{services.edit_token(application)}/"


def edit_data(application, **changes):
    data = {
        "category": application.category_id,
        "presentation": "Présentation complétée.",
        "members_total": "25",
        "contact_name": application.contact_name,
        "contact_email": application.contact_email,
    }
    data.update(changes)
    return data


def test_the_signed_link_lets_the_applicant_correct_the_application(client, category):
    application = ApplicationFactory(category=category)
    response = client.get(edit_url(application))
    assert response.status_code == 200
    assert application.reference in response.content.decode()
    response = client.post(edit_url(application), {**edit_data(application), "attachments": [png_upload()]})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.presentation == "Présentation complétée."
    assert application.members_total == 25
    assert application.attachments.count() == 1
    attachment = application.attachments.get()
    assert "photo.png" in client.get(edit_url(application)).content.decode()
    response = client.post(edit_url(application), edit_data(application, remove=[attachment.pk]))
    assert response.status_code == 302
    assert not application.attachments.exists()


@pytest.mark.parametrize(
    "token",
    [
        "forged",
        signing.dumps({"a": 1, "r": "CR-2026-0001"}, salt="another-salt"),
        signing.dumps({"a": 1, "r": "CR-2026-0001"}, key="another-key", salt=services.EDIT_SALT),
    ],
)
def test_a_forged_link_is_not_found(client, category, token):
    ApplicationFactory(category=category, number=1)
    assert client.get(f"/fr/concours/candidature/{token}/").status_code == 404
    assert client.post(f"/fr/concours/candidature/{token}/", {}).status_code == 404


def test_a_link_to_another_application_cannot_be_made_by_changing_the_number(client, category):
    application = ApplicationFactory(category=category)
    token = signing.dumps({"a": application.pk + 1, "r": application.reference}, salt=services.EDIT_SALT)
    assert client.get(f"/fr/concours/candidature/{token}/").status_code == 404


def test_the_link_changes_nothing_after_the_deadline(client, category):
    application = ApplicationFactory(category=category)
    edition = application.edition
    edition.applications_close_at = timezone.now() - datetime.timedelta(minutes=1)
    edition.applications_open_at = timezone.now() - datetime.timedelta(days=30)
    edition.save()
    assert client.get(edit_url(application)).status_code == 403
    assert client.post(edit_url(application), edit_data(application)).status_code == 403
    application.refresh_from_db()
    assert application.presentation == "Notre initiative."


def test_staff_are_told_of_a_new_application(client, settings, edition, category, actor):
    settings.STAFF_NOTIFICATION_EMAILS = ["equipe@example.org"]
    client.post(url(edition), valid_data(category))
    staff = [message for message in mail.outbox if message.to == ["equipe@example.org"]]
    assert len(staff) == 1
    assert "CR-2026-0001" in staff[0].subject
    assert "/admin/events/application/" in staff[0].body


def test_the_search_button_lists_the_structures_without_checking_the_rest(client, edition, category):
    first = ActorFactory(name_fr="Coopérative Amal Tanger")
    ActorFactory(name_fr="Coopérative Amal Tétouan")
    response = client.post(
        url(edition), {"structure_query": "Amal", "find": "1", "presentation": "Déjà écrit"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Coopérative Amal Tétouan" in html
    assert f'value="{first.slug}" id="id_structure_0" checked' in html
    assert "Déjà écrit" in html
    assert "invalid-feedback" not in html
    assert not Application.objects.exists()
    response = client.post(url(edition), {"structure_query": "Introuvable", "find": "1"})
    assert response.status_code == 200
