"""Defences of the public forms against robots: a honeypot field and a per-address rate limit.

Both answer a robot as they would a person (a robot learns nothing); the rate limit lives in the cache,
so it is shared between workers when CACHE_URL points at Redis.

Without its cache (Redis stopped) the rate limit fails OPEN: the public forms stay usable, with the
honeypot as their only defence, and each submission that could not be counted is logged. Failing closed
would turn a cache outage into refusing every proposal, request and registration.
"""

import logging

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


class HoneypotFormMixin(forms.Form):
    """Adds a field hidden from people (CSS and aria-hidden) that robots fill in."""

    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    honeypot_field = "homepage"

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get(self.honeypot_field))


def client_address(request) -> str:
    """The visitor's address. Behind a reverse proxy (USE_X_FORWARDED_FOR), the last address of
    X-Forwarded-For, the one our own proxy appended: those before it are the client's word."""
    if settings.USE_X_FORWARDED_FOR:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def over_rate_limit(request, *, scope: str, limit: int, period: int = 3600) -> bool:
    """Count one more submission from this address in this scope; True once it is over ``limit``."""
    key = f"ratelimit:{scope}:{client_address(request)}"
    try:
        cache.add(key, 0, timeout=period)
        try:
            count = cache.incr(key)
        except ValueError:  # the key expired in between, or the cache is unavailable
            if not getattr(cache, "is_available", lambda: True)():
                raise ConnectionError("cache unavailable") from None
            cache.set(key, 1, timeout=period)
            count = 1
    except Exception as exc:  # the cache is down: fail open (module docstring)
        logger.warning("Rate limit %r not enforced for one submission: %s", scope, exc)
        return False
    return count > limit
