"""Staff logins and django-axes."""

import ipaddress

from mess_portal.antispam import client_address


def client_ip(request) -> str | None:
    """The address django-axes counts failures from: the same as the rate limits' (behind the proxy,
    the one it appended to X-Forwarded-For); None when there is no usable one (a test's force_login)."""
    address = client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
