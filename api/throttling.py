from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class ApiRateThrottle(AnonRateThrottle):
    """Requests per client address (REMOTE_ADDR, or the last X-Forwarded-For entry when
    USE_X_FORWARDED_FOR: REST_FRAMEWORK["NUM_PROXIES"]), counted in the shared cache. The rate is the
    API_RATE_LIMIT setting ("120/minute"). Without its cache (Redis stopped) it lets requests through."""

    scope = "api"

    def get_rate(self):
        return settings.API_RATE_LIMIT

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception:  # the cache is unreachable: fail open, as the site's forms do
            return True
