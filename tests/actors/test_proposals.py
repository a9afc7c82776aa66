"""Propose a structure, suggest a correction: stored for review, never published by themselves."""

import re

import pytest
from django.core import mail

from actors.models import Actor, Proposal
from tests.actors.factories import ActorFactory

pytestmark = pytest.mark.django_db

FORM = {
    "name_fr": "Coopérative Al Amal de Tissage",
    "name_ar": "تعاونية الأمل للنسيج",
    "legal_family": "cooperative",
    "commune": "01.511.01.0",
    "sectors": ["artisanat"],
    "creation_year": "2015",
    "members_total": "12",
    "members_women": "12",
    "description_fr": "Tissage traditionnel.",
    "sender_name": "Fatima Zahra",
    "sender_email": "fatima@example.org",
}


def test_propose_a_structure_waits_for_review_and_acknowledges(client):
    response = client.post("/fr/acteurs/proposer/", FORM)
    assert response.status_code == 302
    assert response["Location"] == "/fr/acteurs/proposer/merci/"
    proposal = Proposal.objects.get()
    assert proposal.kind == Proposal.Kind.NEW and proposal.status == Proposal.Status.NEW
    assert proposal.data["name_ar"] == "تعاونية الأمل للنسيج"
    assert proposal.data["sectors"] == ["artisanat"]
    assert proposal.data["commune"] == "01.511.01.0"
    assert not Actor.objects.exists()  # nothing published by itself
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["fatima@example.org"]
    assert "Coopérative Al Amal de Tissage" in mail.outbox[0].body


def test_acknowledgement_in_the_senders_language(client):
    client.post("/ar/acteurs/proposer/", FORM)
    assert Proposal.objects.get().language == "ar"
    assert "السلام" in mail.outbox[0].body or "مرحبا" in mail.outbox[0].body


def test_form_errors_are_shown_and_nothing_is_stored(client):
    response = client.post(
        "/fr/acteurs/proposer/", {**FORM, "sender_email": "pas-un-mail", "commune": "99.999"}
    )
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    assert not Proposal.objects.exists()
    assert not mail.outbox


def test_women_cannot_outnumber_members(client):
    response = client.post("/fr/acteurs/proposer/", {**FORM, "members_women": "30"})
    assert response.status_code == 200
    assert not Proposal.objects.exists()


def test_honeypot_thanks_the_robot_and_stores_nothing(client):
    response = client.post("/fr/acteurs/proposer/", {**FORM, "homepage": "spam"})
    assert response.status_code == 302
    assert not Proposal.objects.exists()
    assert not mail.outbox


def test_rate_limit(client):
    for _ in range(5):
        assert client.post("/fr/acteurs/proposer/", FORM).status_code == 302
    response = client.post("/fr/acteurs/proposer/", FORM)
    assert response.status_code == 429
    assert Proposal.objects.count() == 5


def test_suggest_a_correction(client):
    actor = ActorFactory(name_fr="Coopérative Ancienne", phone="0539000000")
    form = client.get(f"/fr/acteurs/{actor.slug}/corriger/")
    assert form.status_code == 200
    assert 'value="Coopérative Ancienne"' in form.content.decode()
    data = {**FORM, "name_fr": "Coopérative Ancienne", "phone": "0539111111", "message": "Nouveau téléphone."}
    assert client.post(f"/fr/acteurs/{actor.slug}/corriger/", data).status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.kind == Proposal.Kind.CORRECTION and proposal.actor == actor
    actor.refresh_from_db()
    assert actor.phone == "0539000000"  # unchanged until staff apply it


def test_correction_needs_a_message(client):
    actor = ActorFactory()
    response = client.post(f"/fr/acteurs/{actor.slug}/corriger/", FORM)
    assert response.status_code == 200
    assert not Proposal.objects.exists()


def test_forms_render_in_each_language(client):
    for lang in ("fr", "ar", "en"):
        response = client.get(f"/{lang}/acteurs/proposer/")
        assert response.status_code == 200
        assert 'name="homepage"' in response.content.decode()


def test_rate_limit_behind_the_proxy_is_per_visitor(client, settings):
    settings.USE_X_FORWARDED_FOR = True
    for _ in range(5):
        client.post("/fr/acteurs/proposer/", FORM, HTTP_X_FORWARDED_FOR="1.1.1.1, 10.0.0.1")
    blocked = client.post("/fr/acteurs/proposer/", FORM, HTTP_X_FORWARDED_FOR="9.9.9.9, 10.0.0.1")
    assert blocked.status_code == 429  # same proxy-appended address: the forged first entry does not help
    other = client.post("/fr/acteurs/proposer/", FORM, HTTP_X_FORWARDED_FOR="10.0.0.2")
    assert other.status_code == 302


def test_on_the_arabic_form_french_text_phone_and_addresses_read_left_to_right(client):
    actor = ActorFactory(phone="+212 6 22 12 78 37", description_fr="Huile d'argan.")
    html = client.get(f"/ar/acteurs/{actor.slug}/corriger/").content.decode()
    for name in ["name_fr", "description_fr", "phone", "email", "website", "sender_email"]:
        assert re.search(rf'<(input|textarea)[^>]*name="{name}"[^>]*dir="ltr"', html), name
    assert re.search(r'<input[^>]*name="name_ar"[^>]*dir="rtl"', html)
    assert re.search(r'<textarea[^>]*name="message"[^>]*dir="auto"', html)
