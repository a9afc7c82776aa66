"""Staff accounts: logins throttled per user name and address (django-axes), strong passwords."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "Tanger-Coop-2026!"


@pytest.fixture
def staff(settings):
    settings.AXES_FAILURE_LIMIT = 3
    return UserFactory(username="amina", password=PASSWORD, is_staff=True)


def login(client, password, *, username="amina", address="203.0.113.7", **headers):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=address, **headers
    )


def is_logged_in(response):
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_locked_out_after_the_failure_limit_even_with_the_right_password(client, staff):
    for _ in range(2):
        assert login(client, "wrong").status_code == 200  # the form again, with its error
    locked = login(client, "wrong")
    assert locked.status_code == 429
    assert (
        "Too many failed logins" in locked.content.decode() or "Trop de connexions" in locked.content.decode()
    )
    assert login(client, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_user_name_and_address(client, staff):
    UserFactory(username="youssef", password=PASSWORD, is_staff=True)
    for _ in range(3):
        login(client, "wrong")
    # The same account from another address, another account from the same address: not locked.
    assert is_logged_in(login(client, PASSWORD, address="198.51.100.2"))
    client.logout()
    assert is_logged_in(login(client, PASSWORD, username="youssef"))


def test_the_lock_ends_after_the_cool_off(client, staff, settings):
    for _ in range(3):
        login(client, "wrong")
    assert login(client, PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    )
    assert is_logged_in(login(client, PASSWORD))


def test_a_success_resets_the_count(client, staff):
    login(client, "wrong")
    login(client, "wrong")
    assert is_logged_in(login(client, PASSWORD))
    client.logout()
    login(client, "wrong")
    login(client, "wrong")
    assert is_logged_in(login(client, PASSWORD))


def test_behind_the_proxy_the_forwarded_address_counts(client, staff, settings):
    settings.USE_X_FORWARDED_FOR = True
    proxy = "127.0.0.1"
    for _ in range(3):
        login(client, "wrong", address=proxy, HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.7")
    assert login(client, PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    # Another visitor through the same proxy is not locked out by the first one's failures; the
    # address a client writes itself (the first of the list) does not fool the count either.
    assert is_logged_in(
        login(client, PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.7, 198.51.100.9")
    )
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"


def test_without_the_proxy_setting_the_header_is_ignored(client, staff, settings):
    settings.USE_X_FORWARDED_FOR = False
    for number in range(3):
        login(client, "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    assert login(client, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("Tg-coop-26", "too short"),  # 10 characters: 12 is the minimum
        ("password1234", "common"),
        ("839201745563", "numeric"),
        ("amina.benali.mess", "similar"),
    ],
)
def test_weak_passwords_are_refused(password, reason):
    user = UserFactory.build(username="amina.benali", email="amina.benali@mess.ma", first_name="Amina")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_strong_password_is_accepted():
    user = UserFactory.build(username="amina.benali", email="amina.benali@mess.ma")
    validate_password("Chefchaouen-bleu-2026", user)


def test_the_admin_refuses_a_weak_password(client, staff):
    client.force_login(UserFactory(superuser=True))
    response = client.post(
        f"/admin/auth/user/{staff.pk}/password/",
        {"password1": "short-pw", "password2": "short-pw"},
    )
    assert response.status_code == 200
    assert b"errorlist" in response.content
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)
