from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActorsConfig(AppConfig):
    name = "actors"
    verbose_name = _("Directory of ESS actors")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from actors.filters import invalidate_facets
        from actors.models import Actor

        # The directory's facet counts are cached (shared between app servers): a change drops them.
        for signal in (post_save, post_delete):
            signal.connect(invalidate_facets, sender=Actor, dispatch_uid=f"actors-facets-{signal}")
        for through in (Actor.sectors.through, Actor.labels.through):
            m2m_changed.connect(invalidate_facets, sender=through, dispatch_uid=f"actors-facets-{through}")
