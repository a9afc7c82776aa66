"""The permission matrix of the staff teams (mess_portal/groups.py), checked on every admin page.

Generated from the admin's registry: a model registered tomorrow is in the matrix at once. What each
team should see is read from the declaration in groups.py, not from Django's own permission checks."""

import pytest
from django.contrib import admin
from django.urls import reverse

from mess_portal.groups import SHARED, STAFF_GROUPS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)
PAGES = [(model, page) for model in MODELS for page in ("changelist", "add")]


def granted(team: str, model, action: str) -> bool:
    """What groups.py says: may ``team`` do ``action`` on ``model``?"""
    opts = model._meta
    for app_label, model_name, actions in [*STAFF_GROUPS[team][1], *SHARED]:
        if app_label == opts.app_label and model_name in ("*", opts.model_name) and action in actions:
            return True
    return False


@pytest.fixture(scope="module")
def allowed_at_all(django_db_blocker):
    """The pages a superuser may open: an admin may close its add page to everyone (read-only logs)."""
    from django.test import RequestFactory

    factory = RequestFactory()
    with django_db_blocker.unblock():
        superuser = type("Superuser", (), {"is_active": True, "is_staff": True, "is_superuser": True})()
        superuser.has_perm = lambda *args, **kwargs: True
        request = factory.get("/admin/")
        request.user = superuser
        return {
            model: {
                "changelist": model_admin.has_view_or_change_permission(request),
                "add": model_admin.has_add_permission(request),
            }
            for model, model_admin in admin.site._registry.items()
        }


@pytest.mark.parametrize("team", sorted(STAFF_GROUPS))
@pytest.mark.parametrize(
    ("model", "page"), PAGES, ids=[f"{model._meta.label}-{page}" for model, page in PAGES]
)
def test_team_by_admin_page(client, team, model, page, allowed_at_all):
    client.force_login(UserFactory(teams=[team]))
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{page}")
    if page == "changelist":
        expected = granted(team, model, "view") or granted(team, model, "change")
    else:
        expected = granted(team, model, "add")
    expected = expected and allowed_at_all[model][page]
    response = client.get(url)
    if expected:
        assert response.status_code in (200, 302), f"{team} should open {url}: {response.status_code}"
        if response.status_code == 302:
            assert "/login/" not in response["Location"]
    else:
        assert response.status_code == 403, f"{team} should not open {url}: {response.status_code}"


def test_the_matrix_covers_every_registered_model():
    assert len(MODELS) > 30
    assert {model._meta.app_label for model in MODELS} >= {
        "actors",
        "support",
        "library",
        "events",
        "privacy",
    }
