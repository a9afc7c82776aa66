"""System checks of the portal's own settings (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    """In production the cache must be shared by every process: the site's data version (what forgets the
    cached pages, facet counts and figures after an edit) and the rate limits live in it."""
    backend = settings.CACHES["default"]["BACKEND"]
    if "locmem" not in backend.lower():
        return []
    return [
        Warning(
            "The cache is local to each process (CACHE_URL is not set).",
            hint=(
                "With several gunicorn workers, the background worker or a management command, an edit shows "
                "on the pages, counts and figures the other processes keep only after PAGE_CACHE_SECONDS "
                f"({settings.PAGE_CACHE_SECONDS} s), and the rate limits count per process. Set "
                "CACHE_URL=redis://host:6379/1 (docs/deploy.md)."
            ),
            id="mess_portal.W001",
        )
    ]
