from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActorsConfig(AppConfig):
    name = "actors"
    verbose_name = _("Directory of ESS actors")
    # The directory's cached facet counts and pages are forgotten on any change to public data (one
    # version for the whole site): mess_portal.pagecache.connect_signals.
