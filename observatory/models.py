"""Official statistical series: an indicator (what is measured, by whom, under which licence) and its
observations (a value for a territory, a year and, optionally, one category of a breakdown).

Territories are referred to by their HCP code, the natural key staff have in their spreadsheets and the
one the sources publish: a region ("01"), a prefecture or province ("01.511") or a commune
("01.511.01.0"). The figures computed live from the directory are not stored: see ``stats``.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mess_portal.i18n import TranslatedField
from mess_portal.models import Commune, LegalFamily, Province, Region, Sector

CODE_VALIDATOR = RegexValidator(
    r"^[a-z0-9]+(-[a-z0-9]+)*$", _("Lower-case letters, digits and hyphens only, e.g. odco-cooperatives.")
)


class Level(models.TextChoices):
    REGION = "region", _("region")
    PROVINCE = "province", _("prefecture or province")
    COMMUNE = "commune", _("commune")


LEVEL_MODELS = {Level.REGION: Region, Level.PROVINCE: Province, Level.COMMUNE: Commune}


def level_of_code(code: str) -> str:
    """The level an HCP code names, by its shape: 01, 01.511, 01.511.01.0."""
    parts = code.count(".")
    return Level.REGION if parts == 0 else Level.PROVINCE if parts == 1 else Level.COMMUNE


class Breakdown(models.TextChoices):
    NONE = "", _("none")
    SEX = "sex", _("sex")
    AREA = "area", _("urban or rural area")
    SECTOR = "sector", _("sector of activity")
    LEGAL_FAMILY = "legal_family", _("legal family")


# The categories of the closed breakdowns; sectors and legal families are the slugs of the taxonomies.
SEX_CATEGORIES = {"female": _("women"), "male": _("men")}
AREA_CATEGORIES = {"urban": _("urban"), "rural": _("rural")}


class IndicatorQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def ordered(self):
        return self.order_by("position", "code")

    def by_province(self):
        """Indicators with at least one value for a prefecture or province: they can be mapped."""
        return self.filter(
            models.Exists(
                Observation.objects.filter(
                    indicator=models.OuterRef("pk"), level=Level.PROVINCE, breakdown=""
                )
            )
        )


class Indicator(models.Model):
    """An official series, e.g. "Cooperatives (ODCO)" or "Establishments mapped by the 2024 census (HCP)"."""

    # What describes a series to its readers, in the order of the staff's spreadsheets
    # (observatory.resources) and of the public API (api.serializers): all public.
    DESCRIPTION_FIELDS = (
        "code",
        "name_fr",
        "name_ar",
        "name_en",
        "unit_fr",
        "unit_ar",
        "unit_en",
        "definition_fr",
        "definition_ar",
        "definition_en",
        "source",
        "licence",
        "link",
        "retrieved_on",
        "note_fr",
        "note_ar",
        "note_en",
        "breakdown",
        "is_count",
        "decimals",
    )

    code = models.SlugField(
        _("code"),
        max_length=60,
        unique=True,
        validators=[CODE_VALIDATOR],
        help_text=_("The series' identifier in files and addresses, e.g. odco-cooperatives."),
    )
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    unit_fr = models.CharField(
        _("unit (French)"), max_length=60, help_text=_("e.g. coopératives, %, personnes")
    )
    unit_ar = models.CharField(_("unit (Arabic)"), max_length=60, blank=True)
    unit_en = models.CharField(_("unit (English)"), max_length=60, blank=True)
    definition_fr = models.TextField(_("definition (French)"), blank=True)
    definition_ar = models.TextField(_("definition (Arabic)"), blank=True)
    definition_en = models.TextField(_("definition (English)"), blank=True)
    source = models.CharField(
        _("source"), max_length=255, help_text=_("Who publishes it, and which publication.")
    )
    licence = models.CharField(_("licence"), max_length=255, blank=True)
    link = models.URLField(_("link to the source"), max_length=500, blank=True)
    retrieved_on = models.DateField(_("retrieval date"), null=True, blank=True)
    note_fr = models.TextField(
        _("what was computed (French)"),
        blank=True,
        help_text=_("How the published figures were changed, e.g. summed over the region's communes."),
    )
    note_ar = models.TextField(_("what was computed (Arabic)"), blank=True)
    note_en = models.TextField(_("what was computed (English)"), blank=True)
    breakdown = models.CharField(
        _("breakdown"),
        max_length=20,
        choices=Breakdown.choices,
        blank=True,
        default=Breakdown.NONE,
        help_text=_("How its values may be split, besides territory and year."),
    )
    is_count = models.BooleanField(
        _("a count"),
        default=True,
        help_text=_(
            "Values are numbers of things or people (they add up and can be shown per 10,000 inhabitants); "
            "untick for rates and shares."
        ),
    )
    decimals = models.PositiveSmallIntegerField(_("decimals shown"), default=0)
    position = models.PositiveSmallIntegerField(
        _("position"), default=100, help_text=_("Lists show smaller first.")
    )
    is_published = models.BooleanField(_("published"), default=True)
    is_demo = models.BooleanField(_("demo content"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = IndicatorQuerySet.as_manager()

    name = TranslatedField("name")
    unit = TranslatedField("unit")
    definition = TranslatedField("definition")
    note = TranslatedField("note")

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "code"]

    def __str__(self):
        return f"{self.name_fr} ({self.code})"

    def get_absolute_url(self):
        return reverse("observatory:indicator", args=[self.code])

    def clean(self):
        from observatory.live import LIVE_INDICATORS

        if self.code in LIVE_INDICATORS:
            raise ValidationError({"code": _("This code is taken by a figure computed from the directory.")})


class ObservationQuerySet(models.QuerySet):
    def for_territory(self, code: str):
        return self.filter(territory_code=code)

    def totals(self):
        """Values without a breakdown (all sexes, all sectors...)."""
        return self.filter(breakdown="")

    def at_level(self, level: str):
        return self.filter(level=level)


class Observation(models.Model):
    """One value of a series: for a territory, a year and, optionally, a category of its breakdown."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="observations", verbose_name=_("indicator")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, editable=False)
    territory_code = models.CharField(
        _("HCP territory code"),
        max_length=20,
        help_text=_("Region 01, prefecture or province 01.511, commune 01.511.01.0."),
    )
    breakdown = models.CharField(
        _("breakdown"), max_length=20, choices=Breakdown.choices, blank=True, default=""
    )
    category = models.CharField(
        _("category"),
        max_length=80,
        blank=True,
        default="",
        help_text=_(
            "female or male; urban or rural; a sector's or legal family's slug. Empty for the total."
        ),
    )
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)

    objects = ObservationQuerySet.as_manager()

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["indicator", "year", "territory_code", "breakdown", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "territory_code", "year", "breakdown", "category"],
                name="observation_natural_key",
            ),
            models.CheckConstraint(
                condition=models.Q(breakdown="", category="")
                | (~models.Q(breakdown="") & ~models.Q(category="")),
                name="observation_breakdown_has_category",
            ),
        ]
        indexes = [models.Index(fields=["territory_code", "indicator"], name="observation_territory")]

    def __str__(self):
        text = f"{self.indicator.code} {self.territory_code} {self.year}"
        return f"{text} [{self.category}]" if self.category else text

    def save(self, *args, **kwargs):
        self.level = level_of_code(self.territory_code)
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None):
        # The level follows from the code's shape; set before the fields are checked.
        self.territory_code = (self.territory_code or "").strip()
        self.level = level_of_code(self.territory_code)
        super().clean_fields(exclude=exclude)

    def clean(self):
        errors = {}
        code = self.territory_code
        if code:
            model = LEVEL_MODELS[level_of_code(code)]
            if not model.objects.filter(code=code).exists():
                errors["territory_code"] = _("Unknown HCP territory code: %(code)s") % {"code": code}
        if bool(self.breakdown) != bool(self.category):
            errors["category"] = _("Give both the breakdown and its category, or neither.")
        elif self.breakdown and self.indicator_id and self.breakdown != self.indicator.breakdown:
            errors["breakdown"] = _("This indicator's breakdown is %(breakdown)s.") % {
                "breakdown": self.indicator.get_breakdown_display()
            }
        elif self.breakdown == Breakdown.SEX and self.category not in SEX_CATEGORIES:
            errors["category"] = _("By sex, the category is female or male.")
        elif self.breakdown == Breakdown.AREA and self.category not in AREA_CATEGORIES:
            errors["category"] = _("By area, the category is urban or rural.")
        elif self.breakdown in (Breakdown.SECTOR, Breakdown.LEGAL_FAMILY):
            model = Sector if self.breakdown == Breakdown.SECTOR else LegalFamily
            if not model.objects.filter(slug=self.category).exists():
                errors["category"] = _("Unknown category: %(category)s") % {"category": self.category}
        if errors:
            raise ValidationError(errors)
