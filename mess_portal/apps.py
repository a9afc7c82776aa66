from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessPortalConfig(AppConfig):
    name = "mess_portal"
    verbose_name = _("Territories and reference lists")

    def ready(self):
        from django.conf import settings

        from mess_portal.clock import use_packaged_zone_for_the_process

        use_packaged_zone_for_the_process(settings.TIME_ZONE)
        from django.db.models.signals import post_migrate

        from mess_portal import checks  # noqa: F401  (registers the deploy checks)
        from mess_portal.groups import sync_staff_groups

        post_migrate.connect(sync_staff_groups, dispatch_uid="mess_portal.sync_staff_groups")

        from mess_portal import pagecache

        # Any change to public data forgets the cached pages, figures and facet counts (one version).
        pagecache.connect_signals()

        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_delete, post_save

        from mess_portal import search
        from mess_portal.models import Commune, PlaceName, Province, SearchSynonym

        # The search's cached synonym and place tables are rebuilt after any change to them.
        for model in (PlaceName, SearchSynonym, Province, Commune):
            for signal in (post_save, post_delete):
                signal.connect(
                    search.invalidate_lexicon,
                    sender=model,
                    dispatch_uid=f"search-lexicon-{model.__name__}-{signal}",
                )
        # Data migrations write through historical models, which send no signal to these receivers.
        post_migrate.connect(search.invalidate_lexicon, dispatch_uid="search-lexicon-migrate")
        connection_created.connect(_sqlite_functions, dispatch_uid="mess_portal.sqlite_functions")


def _sqlite_functions(sender, connection, **kwargs):
    """On SQLite, the search's normalisation as an SQL function (``mess_normalize``) for the fallback."""
    if connection.vendor == "sqlite":
        from mess_portal.search import normalize

        connection.connection.create_function("mess_normalize", 1, normalize, deterministic=True)
