"""The territories of the region and the taxonomies every app shares."""

import re

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


class PlaceName(models.Model):
    """Another name of a province or commune that people type: a short form ("Chaouen"), another
    spelling or transliteration ("Tetuan", "Alhucemas"), a name in another language ("Tangier").
    The official French and Arabic names of the territories are searched without being listed here."""

    class Kind(models.TextChoices):
        OFFICIAL = "official", _("official name")
        SHORT = "short", _("short form")
        VARIANT = "variant", _("other spelling or transliteration")
        OTHER_LANGUAGE = "language", _("name in another language")

    class Language(models.TextChoices):
        FRENCH = "fr", _("French")
        ARABIC = "ar", _("Arabic")
        ENGLISH = "en", _("English")
        SPANISH = "es", _("Spanish")
        AMAZIGH = "zgh", _("Amazigh")

    province = models.ForeignKey(
        Province,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="place_names",
        verbose_name=_("prefecture or province"),
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="place_names",
        verbose_name=_("commune"),
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.VARIANT)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, blank=True)

    class Meta:
        verbose_name = _("place name")
        verbose_name_plural = _("place names")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(province__isnull=True, commune__isnull=False)
                | models.Q(province__isnull=False, commune__isnull=True),
                name="placename_one_territory",
                violation_error_message=_("A place name belongs to one province or one commune."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def territory(self):
        return self.commune or self.province


class SearchSynonym(models.Model):
    """Words a search treats as one: the forms of an activity and the people who do it ("tissage,
    tisserand, tisserande"), in one language. A search for any of them finds all of them."""

    class Language(models.TextChoices):
        FRENCH = "fr", _("French")
        ARABIC = "ar", _("Arabic")
        ENGLISH = "en", _("English")

    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    terms = models.TextField(
        _("equivalent words"),
        help_text=_("Separated by commas or new lines, e.g. tissage, tisserand, tisserande, tisseuses."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("search synonyms")
        verbose_name_plural = _("search synonyms")
        ordering = ["language", "terms", "pk"]

    def __str__(self):
        return ", ".join(self.term_list()[:4])

    def term_list(self) -> list[str]:
        return [term.strip() for term in re.split(r"[,\n;،]+", self.terms or "") if term.strip()]
