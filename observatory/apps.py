from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObservatoryConfig(AppConfig):
    name = "observatory"
    verbose_name = _("Observatory (ORESS)")
    # Its cached figures are forgotten on any change to public data: mess_portal.pagecache.connect_signals.
