"""Strict by default: an unknown template variable in our templates fails the test."""

import pytest
from django.template.base import VariableNode


class InvalidTemplateVariable(str):
    """``string_if_invalid`` that raises for our templates and stays silent for Django's own (admin)."""

    def __mod__(self, name):
        import inspect

        for frame_info in inspect.stack()[1:40]:
            node = frame_info.frame.f_locals.get("self")
            if isinstance(node, VariableNode):
                origin = getattr(node, "origin", None)
                template_name = getattr(origin, "name", "") or ""
                if "site-packages" in template_name or "/django/" in template_name:
                    return ""
                break
        raise AssertionError(f"Unknown template variable {name!r}")


@pytest.fixture(autouse=True)
def strict_templates(settings):
    for engine in settings.TEMPLATES:
        engine.setdefault("OPTIONS", {})["string_if_invalid"] = InvalidTemplateVariable("%s")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _plain_static(settings):
    # The manifest storage needs collectstatic; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _default_language():
    # A request in Arabic leaves Arabic active in the test's thread; every test starts in French.
    from django.utils import translation

    translation.activate("fr")
    yield
    translation.activate("fr")


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reference_data(db):
    """Territories and taxonomies, as migrate loads them. Needed again after a transactional test's flush."""
    from mess_portal.reference import load_all
    from support.reference import load_all as load_support_lists

    load_all()
    load_support_lists()


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"database: {engine} ({settings.DATABASES['default'].get('NAME')})"


@pytest.fixture(autouse=True)
def _jobs_run_at_once(request, settings, monkeypatch):
    """Background jobs run at once, in the test, as soon as they are queued: pytest-django's transaction
    never commits, so "on commit" means "now" here. Tests of the queue itself (tests/jobs) say
    ``@pytest.mark.real_queue`` and choose their backend."""
    if request.node.get_closest_marker("real_queue"):
        return
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    monkeypatch.setattr("jobs.services.on_commit", lambda func, robust=False: func())


@pytest.fixture(autouse=True)
def _open_data_rebuilt_by_hand(request, settings):
    """With jobs run at once, each committed change would rebuild every open-data file there and then: a
    browser test's fixtures commit row by row. Tests of that mechanism say ``@pytest.mark.open_data_rebuild``;
    the others call ``opendata.build.rebuild_all()`` when they need the files."""
    if not request.node.get_closest_marker("open_data_rebuild"):
        settings.OPEN_DATA_AUTO_REBUILD = False
