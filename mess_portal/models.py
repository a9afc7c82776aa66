"""The territories of the region and the taxonomies every app shares."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mess_portal.i18n import TranslatedField, localized_field_name


class TerritoryQuerySet(models.QuerySet):
    def by_name(self):
        return self.order_by(localized_field_name("name"), "code")


class Territory(models.Model):
    """What regions, provinces and communes share: an HCP code and names in both scripts."""

    code = models.CharField(_("HCP code"), max_length=20, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_ar = models.CharField(_("name (Arabic)"), max_length=120, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    population_2014 = models.PositiveIntegerField(_("population 2014"), null=True, blank=True)
    population_2024 = models.PositiveIntegerField(_("population 2024"), null=True, blank=True)

    objects = TerritoryQuerySet.as_manager()

    name = TranslatedField("name")

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self):
        return self.name


class Region(Territory):
    class Meta(Territory.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Province(Territory):
    class Kind(models.TextChoices):
        PREFECTURE = "prefecture", _("prefecture")
        PROVINCE = "province", _("province")

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="provinces", verbose_name=_("region")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta(Territory.Meta):
        verbose_name = _("prefecture or province")
        verbose_name_plural = _("prefectures and provinces")


class Commune(Territory):
    class Kind(models.TextChoices):
        URBAN = "urban", _("urban commune")
        RURAL = "rural", _("rural commune")

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="communes", verbose_name=_("prefecture or province")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta(Territory.Meta):
        verbose_name = _("commune")
        verbose_name_plural = _("communes")


class TaxonomyQuerySet(models.QuerySet):
    def ordered(self):
        return self.order_by("position", localized_field_name("name"))


class Taxonomy(models.Model):
    """A short, staff-editable reference list (legal families, sectors, labels)."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=150, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=150, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=100, help_text=_("Lists show smaller first.")
    )

    objects = TaxonomyQuerySet.as_manager()

    name = TranslatedField("name")
    description = TranslatedField("description")

    class Meta:
        abstract = True
        ordering = ["position", "name_fr"]

    def __str__(self):
        return self.name


class LegalFamily(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("legal family")
        verbose_name_plural = _("legal families")


class Sector(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("sector of activity")
        verbose_name_plural = _("sectors of activity")


class Label(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("label")
        verbose_name_plural = _("labels")


def page_url(name: str) -> str:
    return reverse(f"site:{name}")
