import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from events.forms import EventPhotoForm
from events.models import Event, Registration, Session
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_the_demo_is_idempotent_with_a_seminar_programme_and_a_waiting_list():
    call_command("seed_demo", actors=6, stdout=io.StringIO())
    counts = (Event.objects.count(), Session.objects.count(), Registration.objects.count())
    call_command("seed_demo", actors=6, stdout=io.StringIO())
    assert (Event.objects.count(), Session.objects.count(), Registration.objects.count()) == counts
    seminar = Event.objects.upcoming().get(kind=Event.Kind.SEMINAR)
    assert seminar.sessions.count() >= 5 and seminar.title_ar and seminar.title_en
    assert Event.objects.past().exists() and Event.objects.upcoming().count() >= 3
    full = Event.objects.filter(registrations__status=Registration.Status.WAITING).distinct().get()
    assert full.registrations.confirmed().count() == full.capacity


def _png():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, format="PNG")
    return buffer.getvalue()


def test_event_photos_are_checked_and_re_encoded():
    event = EventFactory()
    form = EventPhotoForm(
        data={"caption": "Ouverture", "position": 0},
        files={"image": SimpleUploadedFile("photo.png", _png(), content_type="image/png")},
        instance=Event.photos.rel.related_model(event=event),
    )
    assert form.is_valid(), form.errors
    photo = form.save()
    assert photo.image.name != "events/photos/photo.png" and photo.thumbnail

    bad = EventPhotoForm(
        data={"caption": "x", "position": 0},
        files={"image": SimpleUploadedFile("photo.png", b"<svg onload=alert(1)>", content_type="image/png")},
        instance=Event.photos.rel.related_model(event=event),
    )
    assert not bad.is_valid()
