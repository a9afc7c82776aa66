"""The directory of the social and solidarity economy structures of the region."""

import hashlib

from django.conf import settings
from django.contrib.postgres.search import (
    SearchRank,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import connection, models
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mess_portal.i18n import TranslatedField, current_language, localized_name_ordering
from mess_portal.models import Commune, Label, LegalFamily, Sector
from mess_portal.search import AnyOf, normalize, parse, tsquery
from mess_portal.slugs import unique_slug

# A copy of PostgreSQL's French configuration that also removes accents (migration 0002).
SEARCH_CONFIG = "french_unaccent"


# Uploads are re-encoded under a generated name (actors.images) before they reach these folders.
def upload_logo(instance, filename):
    return f"actors/logos/{filename.rsplit('/', 1)[-1]}"


def upload_photo(instance, filename):
    return f"actors/photos/{filename.rsplit('/', 1)[-1]}"


class ActorQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Actor.Status.PUBLISHED)

    def in_province(self, province):
        return self.filter(commune__province=province)

    def in_sectors(self, sectors):
        # EXISTS rather than a join: no duplicate rows, so no DISTINCT over wide rows.
        through = Actor.sectors.through
        return self.filter(Exists(through.objects.filter(actor_id=OuterRef("pk"), sector__in=sectors)))

    def with_labels(self, labels):
        through = Actor.labels.through
        return self.filter(Exists(through.objects.filter(actor_id=OuterRef("pk"), label__in=labels)))

    def women_structures(self):
        return self.filter(WOMEN_STRUCTURE)

    def with_contact(self):
        return self.filter(HAS_CONTACT)

    def search(self, text: str):
        """Structures matching a visitor's query (mess_portal.search parses it). Each word matches by
        full text (French stems, no accents, Arabic variants unified) in any of its forms (the admin's
        synonyms: "tissage" finds "tisserande") or approximately in a name, by trigram ("Chefchauen"
        finds "Chefchaouen", typos are forgiven). A place name ("tétouan", "chaouen", "طنجة") also
        finds the structures located there: "coopérative tétouan" is the cooperatives of Tétouan, and
        those that have both words in their texts."""
        parsed = parse(text)
        if not parsed:
            return self
        common = common_words(parsed.all_words) if connection.vendor == "postgresql" else set()
        matches = Q()
        for group in parsed.groups:
            matches &= self._word_matches(group, common)
        if parsed.places:
            # Located there, or naming the place by any of its names (full text only: a trigram
            # comparison of the place's name with every name of a large directory was the slow part).
            names = [" ".join(name) for name in parsed.place_names()]
            if connection.vendor == "postgresql":
                named = Q(search_vector=tsquery(names, SEARCH_CONFIG))
            else:
                named = self._word_matches(names, set())
            matches &= located_in(parsed) | named
        return self.filter(matches)

    def matching_ids(self, text: str, limit: int | None = None) -> list[int] | None:
        """The ids of the structures of this set that ``search(text)`` keeps, when there are at most
        ``limit`` (MATERIALIZED_MATCHES) of them; None when there are more, when the text holds no word to
        search, or off PostgreSQL. The directory finds them once and then filters the page, its count
        and each facet count by these ids (``among``): the full-text condition repeated in seven
        queries, each planned with the other filters, was most of a new search's time (30 ms each at
        50,000 structures, 4 ms for the matches alone)."""
        limit = MATERIALIZED_MATCHES if limit is None else limit
        if connection.vendor != "postgresql" or not parse(text):
            return None
        ids = list(self.search(text).order_by().values_list("pk", flat=True)[: limit + 1])
        return sorted(ids) if len(ids) <= limit else None

    def among(self, ids):
        """Those whose id is in ``ids`` (a list, one array parameter on PostgreSQL)."""
        if connection.vendor != "postgresql":
            return self.filter(pk__in=ids)
        return self.filter(AnyOf(F("pk"), ids))

    @staticmethod
    def _word_matches(group, common) -> Q:
        """One word, in any of its forms."""
        if connection.vendor != "postgresql":
            any_form = Q()
            for term in group:
                any_form |= Q(search_name__contains=term) | Q(search_extra__contains=term)
            return any_form
        # Both are served by GIN indexes (tsvector @@, and pg_trgm's %> operator).
        any_form = Q(search_vector=tsquery(group, SEARCH_CONFIG))
        word = group[0]
        if word not in common:
            any_form |= Q(search_name__trigram_word_similar=word)
        return any_form

    def by_relevance(self, text: str):
        """In order of relevance: the structures located in a place named first (in a commune named,
        then in a province named), then by full-text rank and name similarity. On PostgreSQL only a
        bounded set is ranked (RANKED_CANDIDATES matches, or when a place is named as many located there
        and as many naming it), their ids fetched first:
        ranking every one of 50,000 matches of "coopérative" took 144 ms for the same first page."""
        parsed = parse(text)
        if not parsed or connection.vendor != "postgresql":
            if parsed.places:
                return self.annotate(place_rank=place_rank(parsed)).order_by(
                    "-place_rank", *localized_name_ordering(model=self.model)
                )
            return self.by_name()
        bound = RANKED_CANDIDATES + 1
        if parsed.places:
            # Those located there, and those naming the place (by the GIN index): two bounded sets.
            names = [" ".join(name) for name in parsed.place_names()]
            candidates = [
                self.filter(located_in(parsed)).order_by().values_list("pk", flat=True)[:bound],
                self.filter(search_vector=tsquery(names, SEARCH_CONFIG))
                .order_by()
                .values_list("pk", flat=True)[:bound],
            ]
        else:
            names = []
            candidates = [self.order_by().values_list("pk", flat=True)[:bound]]
        # Fetched once (one query): the page and the count then read these rows by primary key.
        first, *others = candidates
        ids = sorted(set(first.union(*others, all=True) if others else first))
        ranked = self.model._default_manager.filter(pk__in=ids)
        words = parsed.all_words
        terms = [term for group in parsed.groups for term in group]
        relevance = SearchRank(F("search_vector"), tsquery(terms + names, SEARCH_CONFIG))
        # Trigrams for the words that are not places (a place is matched by all its names already).
        rare = [word for word in parsed.words if word not in common_words(words)]
        if rare:
            relevance += TrigramWordSimilarity(" ".join(rare), "search_name")
        ordering = ["-relevance", "name_fr", "pk"]
        if parsed.places:
            if not parsed.groups:
                # A place alone: the structures located there need no rank (ts_rank is skipped for them).
                relevance = Case(
                    When(located_in(parsed), then=Value(0.0)),
                    default=relevance,
                    output_field=models.FloatField(),
                )
            ranked = ranked.annotate(place_rank=place_rank(parsed))
            ordering.insert(0, "-place_rank")
        return ranked.annotate(relevance=relevance).order_by(*ordering)

    def by_name(self):
        return self.order_by(*localized_name_ordering(model=self.model))

    def for_list(self):
        return self.select_related("legal_family", "commune__province").prefetch_related("sectors")

    def for_detail(self):
        return self.select_related("legal_family", "commune__province").prefetch_related(
            "sectors", "labels", "photos"
        )

    def with_coordinates(self):
        return self.filter(latitude__isnull=False, longitude__isnull=False)

    def possible_duplicates_of(self, actor):
        """Other structures that may be the same one: same ICE or ODCO number, or a close name in the
        same commune."""
        same = Q()
        if actor.ice:
            same |= Q(ice=actor.ice)
        if actor.odco_number:
            same |= Q(odco_number=actor.odco_number)
        if actor.commune_id and actor.name_fr:
            name = normalize(actor.name_fr)
            if connection.vendor == "postgresql":
                same |= Q(commune_id=actor.commune_id, search_name__trigram_similar=name)
            else:
                same |= Q(commune_id=actor.commune_id, search_name__startswith=name)
        if not same:
            return self.none()
        return self.filter(same).exclude(pk=actor.pk)

    def facet(self, field: str) -> dict:
        """{value: number of structures} in one GROUP BY query."""
        rows = self.order_by().values_list(field).annotate(n=Count("pk"))
        return dict(rows)


# How many matches of a text search are fetched as ids at most (``matching_ids``): beyond, the page and
# its counts repeat the full-text condition (a common word: "coopérative" matches most structures).
MATERIALIZED_MATCHES = 2000

# How many matches are ranked at most (with as many more located in a place named): the first pages
# of a search are ranked among them, and beyond them a visitor narrows the search.
RANKED_CANDIDATES = 1000


def located_in(parsed) -> Q:
    """Structures located in the communes named or in the communes of the provinces named (as a list
    of communes: one indexed column, no join)."""
    return Q(commune_id__in=sorted({*parsed.commune_ids, *parsed.communes_in_provinces}))


def place_rank(parsed):
    """2 in a commune named, 1 elsewhere in a province named, 0 otherwise."""
    whens = []
    if parsed.commune_ids:
        whens.append(When(commune_id__in=parsed.commune_ids, then=Value(2)))
    if parsed.communes_in_provinces:
        whens.append(When(commune_id__in=parsed.communes_in_provinces, then=Value(1)))
    return Case(*whens, default=Value(0), output_field=models.IntegerField())


# A word found by full text in this many structures is spelled right and common ("coopérative",
# "تعاونية"): looking for names close to it by trigram would compare it with most of the directory.
COMMON_WORD_MATCHES = 1000


def common_words(words: list[str]) -> set[str]:
    """Which of these words the full-text index already finds in many structures, each word kept ten
    minutes on its own (a visitor's next search often shares a word with someone else's)."""
    if not words:
        return set()
    keys = {word: "actors:common-word:" + hashlib.sha256(word.encode()).hexdigest() for word in words}
    known = cache.get_many(list(keys.values()))
    unknown = [word for word in dict.fromkeys(words) if keys[word] not in known]
    if unknown:
        table = Actor._meta.db_table
        probe = (
            f"(SELECT count(*) FROM (SELECT 1 FROM {table} "
            f"WHERE search_vector @@ plainto_tsquery(%s::regconfig, %s) LIMIT {COMMON_WORD_MATCHES}) AS hits)"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT " + ", ".join([probe] * len(unknown)),
                [p for w in unknown for p in (SEARCH_CONFIG, w)],
            )
            counts = cursor.fetchone()
        found = {
            keys[word]: count >= COMMON_WORD_MATCHES for word, count in zip(unknown, counts, strict=True)
        }
        cache.set_many(found, 600)
        known.update(found)
    return {word for word in words if known[keys[word]]}


WOMEN_STRUCTURE = Q(women_declared=True) | Q(members_women__gt=F("members_total") / 2)
HAS_CONTACT = ~Q(phone="") | ~Q(email="") | ~Q(website="")


class Actor(models.Model):
    """A structure of the social and solidarity economy: cooperative, association, mutual..."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PENDING = "pending", _("pending review")
        PUBLISHED = "published", _("published")
        ARCHIVED = "archived", _("archived")

    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, blank=True)
    legal_family = models.ForeignKey(
        LegalFamily, on_delete=models.PROTECT, related_name="actors", verbose_name=_("legal family")
    )
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="actors", verbose_name=_("sectors of activity")
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="actors", verbose_name=_("commune")
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(20), MaxValueValidator(37)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-18), MaxValueValidator(0)],
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    creation_date = models.DateField(_("creation date"), null=True, blank=True)
    ice = models.CharField(
        _("ICE"),
        max_length=15,
        blank=True,
        db_index=True,
        validators=[RegexValidator(r"^\d{15}$", _("The ICE is made of 15 digits."))],
        help_text=_("Identifiant commun de l'entreprise, 15 digits."),
    )
    odco_number = models.CharField(_("ODCO number"), max_length=30, blank=True, db_index=True)
    rc_number = models.CharField(_("trade register (RC) number"), max_length=30, blank=True)
    members_total = models.PositiveIntegerField(_("members"), null=True, blank=True)
    members_women = models.PositiveIntegerField(_("women members"), null=True, blank=True)
    members_youth = models.PositiveIntegerField(_("young members"), null=True, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    women_declared = models.BooleanField(
        _("declared as a women's structure"),
        default=False,
        help_text=_("Founded or run by women. A majority of women members counts too, without this box."),
    )
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    products_fr = models.TextField(_("products or services (French)"), blank=True)
    products_ar = models.TextField(_("products or services (Arabic)"), blank=True)
    products_en = models.TextField(_("products or services (English)"), blank=True)
    logo = models.ImageField(_("logo"), upload_to=upload_logo, blank=True)
    logo_thumbnail = models.ImageField(_("logo thumbnail"), upload_to=upload_logo, blank=True, editable=False)
    labels = models.ManyToManyField(Label, blank=True, related_name="actors", verbose_name=_("labels"))
    status = models.CharField(
        _("publication status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    last_verified = models.DateField(_("last verified"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    is_demo = models.BooleanField(_("demo content"), default=False)
    possible_duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("possible duplicate of"),
        help_text=_("Set by the duplicate check; clear it once the two structures are known to differ."),
    )
    # Search columns, kept by refresh_search_fields() and, for search_vector, by a PostgreSQL trigger.
    search_name = models.TextField(editable=False, default="")
    search_extra = models.TextField(editable=False, default="")
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ActorQuerySet.as_manager()

    description = TranslatedField("description")
    products = TranslatedField("products")

    class Meta:
        verbose_name = _("ESS structure")
        verbose_name_plural = _("ESS structures")
        ordering = ["name_fr", "pk"]
        indexes = [models.Index(fields=["status", "name_fr"], name="actor_status_name")]

    def __str__(self):
        return self.name_fr

    def save(self, *args, **kwargs):
        self.refresh_search_fields()
        if not self.slug:
            self.slug = self.unique_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("actors:detail", args=[self.slug])

    @property
    def name(self) -> str:
        if current_language() == "ar" and self.name_ar:
            return self.name_ar
        return self.name_fr

    @property
    def other_name(self) -> str:
        """The name in the other script, when there is one."""
        if current_language() == "ar" and self.name_ar:
            return self.name_fr
        return self.name_ar

    @property
    def is_women_structure(self) -> bool:
        if self.women_declared:
            return True
        return bool(self.members_total and self.members_women and self.members_women * 2 > self.members_total)

    @property
    def has_contact(self) -> bool:
        return bool(self.phone or self.email or self.website)

    def refresh_search_fields(self) -> None:
        self.search_name = normalize(" ".join(filter(None, [self.name_fr, self.acronym, self.name_ar])))
        self.search_extra = normalize(" ".join(filter(None, [self.products_ar, self.description_ar])))

    def unique_slug(self) -> str:
        return unique_slug(self, self.name_fr, max_length=108, fallback="structure")

    def clean(self):
        errors = {}
        total = self.members_total
        if total is not None:
            if self.members_women is not None and self.members_women > total:
                errors["members_women"] = _("Women members cannot outnumber all members.")
            if self.members_youth is not None and self.members_youth > total:
                errors["members_youth"] = _("Young members cannot outnumber all members.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Give both the latitude and the longitude, or neither.")
        if errors:
            raise ValidationError(errors)

    def flag_duplicates(self) -> "Actor | None":
        """Point possible_duplicate_of at the closest other record, if any; returns it."""
        other = Actor.objects.possible_duplicates_of(self).order_by("pk").first()
        if other and self.possible_duplicate_of_id != other.pk:
            self.possible_duplicate_of = other
            Actor.objects.filter(pk=self.pk).update(possible_duplicate_of=other)
        return other

    def set_status(self, status: str) -> None:
        self.status = status
        self.save(update_fields=["status", "updated_at"])


class ActorPhoto(models.Model):
    actor = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="photos", verbose_name=_("structure")
    )
    image = models.ImageField(_("photo"), upload_to=upload_photo)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=upload_photo, blank=True, editable=False)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.caption or str(_("Photo"))


class Proposal(models.Model):
    """What a visitor sent: a new structure, or a correction to a listed one. Staff review it; nothing
    here is ever published by itself."""

    class Kind(models.TextChoices):
        NEW = "new", _("new structure")
        CORRECTION = "correction", _("correction")

    class Status(models.TextChoices):
        NEW = "new", _("to review")
        APPLIED = "applied", _("applied")
        REJECTED = "rejected", _("rejected")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        Actor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("structure"),
        help_text=_("The structure to correct; for a new structure, the record created when applied."),
    )
    data = models.JSONField(_("proposed values"), default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)
    sender_name = models.CharField(_("sender's name"), max_length=150)
    sender_email = models.EmailField(_("sender's e-mail"))
    language = models.CharField(_("language"), max_length=5, default="fr")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    staff_note = models.TextField(_("staff note"), blank=True)

    class Meta:
        verbose_name = _("proposal from the public")
        verbose_name_plural = _("proposals from the public")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        name = self.data.get("name_fr") or (self.actor.name_fr if self.actor_id else "")
        return f"{self.get_kind_display()}: {name}"

    def reject(self, *, by) -> None:
        self.status = self.Status.REJECTED
        self.reviewed_by = by
        self.reviewed_at = timezone.now()
        self.save(update_fields=["status", "reviewed_by", "reviewed_at"])
