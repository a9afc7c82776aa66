"""The site's cache of what it shows: one version for all public data, parts and whole pages kept under it.

One number, ``version()``, kept in the shared cache (Redis in production), names the state of everything
the public pages show. Any change to a public model bumps it (``connect_signals``: save, delete and
many-to-many changes of every model of the public apps), and writes that bypass signals
(``QuerySet.update``, ``bulk_create``, COPY, merges) call ``invalidate()`` themselves. Everything cached
under the version (whole pages for anonymous visitors, the directory's facet counts, the observatory's
figures, the rendered filter forms) is then forgotten at once by every app server: the next request
computes it again from the data. Entries also expire (``PAGE_CACHE_SECONDS``), which bounds what a page
that depends on the clock (an event that just ended, a deadline) may lag.

``public_page`` caches a whole GET response for visitors who are not logged in:
- only when the request carries no session and no messages cookie (staff, anyone logged in, anyone with
  a message waiting, always get a fresh page, and never fill the cache);
- only a 200 that sets no cookie, writes nothing to the session and is not marked private;
- keyed by the version, the language, the scheme, the host and the full path with its query string;
- a page with forms carries the visitor's CSRF token: the token is taken out of the stored copy and each
  visitor's own is put back in when it is served (the CSRF cookie is then set as on any form page).
"""

import hashlib
import re
import time
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

VERSION_KEY = "site:version"
# Apps whose models the public pages show: a change to any of their models (but those below) bumps
# the version.
PUBLIC_APPS = {"mess_portal", "actors", "support", "observatory", "library", "events"}
# Models of those apps that no public page shows (or shows only as counts that may lag the cache).
PRIVATE_MODELS = {
    "actors.proposal",
    "support.orientationrequest",
    "support.statuschange",
    "library.subscriber",
    "library.newsletterdelivery",
    "library.downloadmonth",
}
CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")([A-Za-z0-9]{64})(")')
CSRF_MARKER = b"\x00csrf-token\x00"


def timeout() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 300)


# --- the version -------------------------------------------------------------------------------------


def version() -> int:
    # Starts from the clock so that a restarted cache never meets an older entry's number.
    return cache.get_or_set(VERSION_KEY, time.time_ns(), None)


def invalidate() -> None:
    """Forget everything cached under the version (every process sharing the cache sees it at once)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), None)


def invalidate_on_commit() -> None:
    """Now, for the rest of this transaction, and again at its commit: a page computed meanwhile from the
    data as it was before the change must not stay cached under the new version."""
    invalidate()
    transaction.on_commit(invalidate)


def cached(name: str, compute, *parts, per_language=True, seconds=None):
    """compute(), kept under the version: forgotten as soon as public data changes."""
    bits = [str(part) for part in parts]
    if per_language:
        bits.append(get_language() or settings.LANGUAGE_CODE)
    key = f"{name}:{version()}:" + ":".join(bits)
    if len(key) > 200:
        key = f"{name}:{version()}:" + hashlib.sha256(key.encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds or timeout())
    return value


# --- signals ------------------------------------------------------------------------------------------


def is_public(model) -> bool:
    meta = model._meta
    if meta.app_label not in PUBLIC_APPS or meta.label_lower in PRIVATE_MODELS:
        return False
    # simple_history's copies change with their model, which already bumps the version.
    return not meta.model_name.startswith("historical")


def _changed(sender, **kwargs):
    if is_public(sender):
        invalidate_on_commit()


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    post_save.connect(_changed, dispatch_uid="pagecache-save")
    post_delete.connect(_changed, dispatch_uid="pagecache-delete")
    # The sender of m2m_changed is the intermediate model (actors.Actor_sectors...), in the app of its model.
    m2m_changed.connect(_changed, dispatch_uid="pagecache-m2m")


# --- whole pages -----------------------------------------------------------------------------------


def _may_use_cache(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and timeout() > 0
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def _page_key(request) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"page:{version()}:{get_language()}:{digest}"


def _entry(request, response):
    """What is kept of a response, or None when it must not be kept."""
    if (
        response.status_code != 200
        or response.streaming
        or not getattr(response, "is_rendered", True)
        or response.cookies
        or getattr(getattr(request, "session", None), "modified", False)
        or "private" in response.get("Cache-Control", "")
        or "no-store" in response.get("Cache-Control", "")
        or len(response.content) > getattr(settings, "PAGE_CACHE_MAX_BYTES", 1024 * 1024)
    ):
        return None
    content = response.content
    with_token = bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
    if with_token:
        # Every token of the page is a form's hidden field, or the page is not kept.
        content, replaced = CSRF_FIELD.subn(rb"\1" + CSRF_MARKER + rb"\3", content)
        if not replaced or replaced != content.count(b"csrfmiddlewaretoken"):
            return None
    headers = {name: value for name, value in response.items() if name.lower() != "content-length"}
    return (content, headers, with_token)


def _response(request, entry):
    content, headers, with_token = entry
    if with_token:
        content = content.replace(CSRF_MARKER, get_token(request).encode())
    response = HttpResponse(content)
    for name, value in headers.items():
        response[name] = value
    return response


def public_page(view):
    """Keep the view's responses for anonymous visitors under the version (see the module's doc)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _may_use_cache(request):
            return view(request, *args, **kwargs)
        key = _page_key(request)
        entry = cache.get(key)
        if entry is not None:
            return _response(request, entry)
        response = view(request, *args, **kwargs)
        if request.method == "GET":
            entry = _entry(request, response)
            if entry is not None:
                cache.set(key, entry, timeout())
        return response

    return wrapper


# --- the admin's bulk writes ---------------------------------------------------------------------------


class AdminWritesMiddleware:
    """Any POST in the admin that succeeds bumps the version.

    The signals see saves, deletes and many-to-many changes; an admin action that writes with
    ``QuerySet.update`` (archive the selected documents, mark applications...) or an import that a resource
    writes in bulk does not send them. Staff writes are few, so the whole admin is covered here rather than
    action by action: a page is never older than the last thing staff did.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = None

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "POST" and response.status_code < 400:
            if self.prefix is None:
                from django.urls import reverse

                self.prefix = reverse("admin:index")
            if request.path_info.startswith(self.prefix) or request.path.startswith(self.prefix):
                invalidate()
        return response
