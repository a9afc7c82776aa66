from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessPortalConfig(AppConfig):
    name = "mess_portal"
    verbose_name = _("Territories and reference lists")

    def ready(self):
        from django.db.models.signals import post_migrate

        from mess_portal.groups import sync_staff_groups

        post_migrate.connect(sync_staff_groups, dispatch_uid="mess_portal.sync_staff_groups")

        from mess_portal import pagecache

        # Any change to public data forgets the cached pages, figures and facet counts (one version).
        pagecache.connect_signals()
