from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Personal data (Moroccan law 09-08): retention, a person's export and erasure, and the history
    of who changed the public records. The one app besides the root URLconf that names the others."""

    name = "privacy"
    verbose_name = _("Personal data and history")
