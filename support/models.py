"""The catalogue of support services offered by organisations of the directory, and the guichet:
orientation requests that the reception team answers."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.models import Actor
from mess_portal.i18n import TranslatedField, localized_name_ordering
from mess_portal.models import Commune, Province, Taxonomy
from mess_portal.search import normalize, parse
from mess_portal.slugs import unique_slug


class SupportKind(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("kind of support")
        verbose_name_plural = _("kinds of support")


class Need(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("need")
        verbose_name_plural = _("needs")


class ProjectStage(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("project stage")
        verbose_name_plural = _("project stages")


class Public(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("public")
        verbose_name_plural = _("publics")


class AccessMode(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("way to reach the service")
        verbose_name_plural = _("ways to reach the service")


SEARCHED_FIELDS = ["name_fr", "name_ar", "name_en", "description_fr", "description_ar", "description_en"]


def search_text_of(service) -> str:
    return normalize(" ".join(filter(None, (getattr(service, name) for name in SEARCHED_FIELDS))))


def _any_form(group) -> Q:
    """One word of a query in any of its forms, in the service's texts or its organisation's name."""
    any_form = Q()
    for term in group:
        any_form |= Q(search_text__contains=term) | Q(provider__search_name__contains=term)
    return any_form


class SupportServiceQuerySet(models.QuerySet):
    def published(self):
        """Services on the public site: published, by an organisation that is published too."""
        return self.filter(is_published=True, provider__status=Actor.Status.PUBLISHED)

    def for_stage(self, stage):
        """Services for this stage, and those that suit every stage (no stage given)."""
        through = SupportService.stages.through
        return self.filter(
            Exists(through.objects.filter(supportservice_id=OuterRef("pk"), projectstage=stage))
            | ~Exists(through.objects.filter(supportservice_id=OuterRef("pk")))
        )

    def for_need(self, need):
        return self.filter(
            Exists(SupportService.needs.through.objects.filter(supportservice_id=OuterRef("pk"), need=need))
        )

    def for_kind(self, kind):
        return self.filter(
            Exists(
                SupportService.kinds.through.objects.filter(
                    supportservice_id=OuterRef("pk"), supportkind=kind
                )
            )
        )

    def for_public(self, public):
        """Services for this public, and those open to all (no public given)."""
        through = SupportService.publics.through
        return self.filter(
            Exists(through.objects.filter(supportservice_id=OuterRef("pk"), public=public))
            | ~Exists(through.objects.filter(supportservice_id=OuterRef("pk")))
        )

    def eligible_in_province(self, province):
        return self.filter(self._eligible_in_province(province))

    def with_eligibility(self, commune):
        """Annotate ``eligible``: the service covers this commune (region-wide, its province, or itself)."""
        if commune is None:
            return self.annotate(eligible=Value(True))
        condition = (
            Q(region_wide=True)
            | Exists(
                SupportService.eligible_provinces.through.objects.filter(
                    supportservice_id=OuterRef("pk"), province_id=commune.province_id
                )
            )
            | Exists(
                SupportService.eligible_communes.through.objects.filter(
                    supportservice_id=OuterRef("pk"), commune_id=commune.pk
                )
            )
        )
        return self.annotate(eligible=models.ExpressionWrapper(condition, output_field=models.BooleanField()))

    def search(self, text):
        """Services whose texts (names, descriptions, their organisation's name) hold every word of
        the query in one of its forms (mess_portal.search: no accents, Arabic variants unified, the
        admin's synonyms), compared with normalised copies of those texts. A place name ("tétouan",
        "chaouen") finds the services open there (its commune, its province or the whole region),
        annotated ``place_rank`` for the catalogue to put those made for that place first. A catalogue
        of a few hundred services needs no index for this."""
        parsed = parse(text)
        if not parsed:
            return self
        matches = Q()
        for group in parsed.groups:
            matches &= _any_form(group)
        if parsed.places:
            named = Q()
            for word in parsed.place_words:
                named &= _any_form((word,))
            matches &= self._eligible_in_places(parsed) | named
            return self.filter(matches).annotate(place_rank=self._place_rank(parsed))
        return self.filter(matches)

    @staticmethod
    def _eligible_in_places(parsed):
        provinces = parsed.provinces_touched
        return (
            Q(region_wide=True)
            | Exists(
                SupportService.eligible_provinces.through.objects.filter(
                    supportservice_id=OuterRef("pk"), province_id__in=provinces
                )
            )
            | Exists(
                SupportService.eligible_communes.through.objects.filter(
                    Q(commune_id__in=parsed.commune_ids) | Q(commune__province_id__in=parsed.province_ids),
                    supportservice_id=OuterRef("pk"),
                )
            )
        )

    @staticmethod
    def _place_rank(parsed):
        """1 for a service limited to the places named (or to their provinces), 0 otherwise."""
        specific = Exists(
            SupportService.eligible_provinces.through.objects.filter(
                supportservice_id=OuterRef("pk"), province_id__in=parsed.provinces_touched
            )
        ) | Exists(
            SupportService.eligible_communes.through.objects.filter(
                Q(commune_id__in=parsed.commune_ids) | Q(commune__province_id__in=parsed.province_ids),
                supportservice_id=OuterRef("pk"),
            )
        )
        return Case(When(specific, then=Value(1)), default=Value(0), output_field=models.IntegerField())

    def by_name(self):
        return self.order_by(*localized_name_ordering(model=self.model))

    def for_list(self):
        return self.select_related("provider__commune__province").prefetch_related(
            "kinds", "needs", "stages", "publics"
        )

    def for_detail(self):
        return self.select_related("provider__commune__province", "provider__legal_family").prefetch_related(
            "kinds", "needs", "stages", "publics", "access_modes", "eligible_provinces", "eligible_communes"
        )

    @staticmethod
    def _eligible_in_province(province):
        return (
            Q(region_wide=True)
            | Exists(
                SupportService.eligible_provinces.through.objects.filter(
                    supportservice_id=OuterRef("pk"), province_id=province.pk
                )
            )
            | Exists(
                SupportService.eligible_communes.through.objects.filter(
                    supportservice_id=OuterRef("pk"), commune__province_id=province.pk
                )
            )
        )


class SupportService(models.Model):
    """A service an organisation offers to ESS structures and project holders."""

    class Cost(models.TextChoices):
        FREE = "gratuit", _("free")
        PAID = "payant", _("paid")

    provider = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="support_services", verbose_name=_("offered by")
    )
    name_fr = models.CharField(_("name (French)"), max_length=150)
    name_ar = models.CharField(_("name (Arabic)"), max_length=150, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    slug = models.SlugField(_("slug"), max_length=170, unique=True, blank=True)
    description_fr = models.TextField(_("description (French)"))
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    kinds = models.ManyToManyField(SupportKind, related_name="services", verbose_name=_("kinds of support"))
    needs = models.ManyToManyField(Need, related_name="services", verbose_name=_("needs answered"))
    stages = models.ManyToManyField(
        ProjectStage,
        blank=True,
        related_name="services",
        verbose_name=_("project stages"),
        help_text=_("Leave empty when the service suits every stage."),
    )
    publics = models.ManyToManyField(
        Public,
        blank=True,
        related_name="services",
        verbose_name=_("publics"),
        help_text=_("Leave empty when the service is open to all."),
    )
    cost = models.CharField(_("cost"), max_length=10, choices=Cost.choices, default=Cost.FREE)
    cost_details_fr = models.CharField(_("cost details (French)"), max_length=255, blank=True)
    cost_details_ar = models.CharField(_("cost details (Arabic)"), max_length=255, blank=True)
    cost_details_en = models.CharField(_("cost details (English)"), max_length=255, blank=True)
    conditions_fr = models.TextField(_("conditions (French)"), blank=True)
    conditions_ar = models.TextField(_("conditions (Arabic)"), blank=True)
    conditions_en = models.TextField(_("conditions (English)"), blank=True)
    access_modes = models.ManyToManyField(
        AccessMode, blank=True, related_name="services", verbose_name=_("how to reach it")
    )
    region_wide = models.BooleanField(
        _("whole region"),
        default=True,
        help_text=_("Open to the whole region. Untick and choose provinces or communes to limit it."),
    )
    eligible_provinces = models.ManyToManyField(
        Province, blank=True, related_name="support_services", verbose_name=_("eligible provinces")
    )
    eligible_communes = models.ManyToManyField(
        Commune, blank=True, related_name="support_services", verbose_name=_("eligible communes")
    )
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    url = models.URLField(_("link to apply or learn more"), blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    is_demo = models.BooleanField(_("demo content"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    # Names and descriptions as the search compares them (mess_portal.search.normalize), kept by save().
    search_text = models.TextField(editable=False, default="")

    objects = SupportServiceQuerySet.as_manager()

    name = TranslatedField("name")
    description = TranslatedField("description")
    cost_details = TranslatedField("cost_details")
    conditions = TranslatedField("conditions")

    class Meta:
        verbose_name = _("support service")
        verbose_name_plural = _("support services")
        ordering = ["name_fr", "pk"]

    def __str__(self):
        return self.name_fr

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.unique_slug()
        self.refresh_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("support:detail", args=[self.slug])

    def unique_slug(self) -> str:
        return unique_slug(self, self.name_fr, max_length=158, fallback="service")

    def refresh_search_text(self) -> None:
        self.search_text = search_text_of(self)

    @property
    def contact_phone(self):
        return self.phone or self.provider.phone

    @property
    def contact_email(self):
        return self.email or self.provider.email


class DataInclusionMapping(models.Model):
    """How one local value of the catalogue exports to data·inclusion's official vocabulary: a kind of
    support as a ``type``, a need as a ``thematique``, a cost as ``frais``, a public as ``publics``, a way to
    reach a service as ``modes_accueil`` and ``modes_mobilisation``. Several rows for one local value give
    several official values; a local value without a row is exported in the extra fields only."""

    class Kind(models.TextChoices):
        TYPE = "type", _("kind of support → type")
        THEMATIQUE = "thematique", _("need → thematiques")
        FRAIS = "frais", _("cost → frais")
        PUBLIC = "public", _("public → publics")
        MODE_ACCUEIL = "mode_accueil", _("way to reach the service → modes_accueil")
        MODE_MOBILISATION = "mode_mobilisation", _("way to reach the service → modes_mobilisation")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    local_value = models.CharField(
        _("local value"),
        max_length=80,
        help_text=_("The slug of the entry of the reference list (or gratuit / payant for the cost)."),
    )
    official_value = models.CharField(
        _("data·inclusion value"),
        max_length=120,
        help_text=_("A value of the official vocabulary (data-inclusion-schema 1.0.10)."),
    )

    class Meta:
        verbose_name = _("data·inclusion mapping")
        verbose_name_plural = _("data·inclusion mappings")
        ordering = ["kind", "local_value", "official_value"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "local_value", "official_value"], name="datainclusion_mapping_unique"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.local_value} → {self.official_value}"

    def clean(self):
        from django.core.exceptions import ValidationError

        from support import datainclusion

        errors = {}
        if self.kind and self.local_value not in datainclusion.local_values(self.kind):
            errors["local_value"] = _("Unknown local value for this kind: %(value)s") % {
                "value": self.local_value
            }
        if self.kind and self.official_value not in datainclusion.official_values(self.kind):
            errors["official_value"] = _("Not a value of the official vocabulary: %(value)s") % {
                "value": self.official_value
            }
        if errors:
            raise ValidationError(errors)


def new_reference() -> str:
    # Short, unambiguous (no 0/O, 1/I) and unguessable enough that one reference gives away no other.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "OR-" + "".join(secrets.choice(alphabet) for _ in range(8))


class OrientationRequestQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=OrientationRequest.Status.CLOSED)

    def for_inbox(self):
        return self.select_related("commune__province", "stage", "need", "handled_by")


class OrientationRequest(models.Model):
    """A person asks the MESS which organisation can help them. Personal data: staff only."""

    class Status(models.TextChoices):
        NEW = "new", _("new")
        IN_PROGRESS = "in_progress", _("in progress")
        ORIENTED = "oriented", _("oriented")
        CLOSED = "closed", _("closed")

    class RequesterKind(models.TextChoices):
        PROJECT_HOLDER = "project_holder", _("a project holder")
        STRUCTURE = "structure", _("an ESS structure (cooperative, association...)")
        OTHER = "other", _("other")

    reference = models.CharField(
        _("reference"), max_length=20, unique=True, default=new_reference, editable=False
    )
    requester_kind = models.CharField(_("you are"), max_length=20, choices=RequesterKind.choices)
    name = models.CharField(_("name"), max_length=150)
    organisation = models.CharField(_("structure or project name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orientation_requests",
        verbose_name=_("commune"),
    )
    stage = models.ForeignKey(
        ProjectStage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orientation_requests",
        verbose_name=_("project stage"),
    )
    need = models.ForeignKey(
        Need,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orientation_requests",
        verbose_name=_("need"),
    )
    message = models.TextField(_("message"))
    consent = models.BooleanField(_("consent to be contacted"), default=False)
    language = models.CharField(_("language"), max_length=5, default="fr")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orientation_requests",
        verbose_name=_("handled by"),
    )
    internal_notes = models.TextField(
        _("internal notes"), blank=True, help_text=_("Seen by staff only, never sent to the requester.")
    )
    suggested_services = models.ManyToManyField(
        SupportService,
        blank=True,
        related_name="orientation_requests",
        verbose_name=_("suggested support services"),
    )
    acknowledged_at = models.DateTimeField(_("acknowledgement sent"), null=True, blank=True, editable=False)
    oriented_at = models.DateTimeField(_("oriented on"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("received"), default=timezone.now, editable=False, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrientationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("orientation request")
        verbose_name_plural = _("orientation requests")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.reference} · {self.name}"

    @property
    def province(self):
        return self.commune.province if self.commune_id else None

    def change_status(self, status: str, *, by) -> "StatusChange | None":
        """Move to a new status and record who did it and when; nothing happens if it is the same."""
        if status == self.status:
            return None
        change = StatusChange.objects.create(request=self, old_status=self.status, new_status=status, by=by)
        self.status = status
        if status == self.Status.ORIENTED:
            self.oriented_at = change.at
        self.save(update_fields=["status", "oriented_at", "updated_at"])
        return change


class StatusChange(models.Model):
    request = models.ForeignKey(
        OrientationRequest, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("request")
    )
    old_status = models.CharField(_("from"), max_length=20, choices=OrientationRequest.Status.choices)
    new_status = models.CharField(_("to"), max_length=20, choices=OrientationRequest.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("by")
    )
    at = models.DateTimeField(_("on"), default=timezone.now)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_old_status_display()} → {self.get_new_status_display()}"
