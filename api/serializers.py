"""What the API shows of each record: public fields only. Never a person's e-mail or name from a form
(proposals, registrations, applications, orientation requests), a status other than published, a staff
note or a jury's score; a support service's contact person and e-mail are left out too (a person's)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from actors.models import Actor
from events.models import Event, Laureate
from library.models import Document
from observatory.models import Indicator, Observation
from support.models import SupportService


def _absolute(request, url: str) -> str:
    if not url:
        return url
    if url.startswith(("http://", "https://")) or request is None:
        return url
    return request.build_absolute_uri(url)


def page_url(request, obj) -> str:
    """The record's page on the site, in French (the site's default language)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _absolute(request, obj.get_absolute_url())


class PageUrlField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        return page_url(self.context.get("request"), obj)


PageUrlField = extend_schema_field({"type": "string", "format": "uri"})(PageUrlField)


class FileUrlField(serializers.Field):
    """The public address of an uploaded image, or null."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return super().get_attribute(instance)

    def to_representation(self, value):
        if not value:
            return None
        return _absolute(self.context.get("request"), value.url)


FileUrlField = extend_schema_field({"type": "string", "format": "uri", "nullable": True})(FileUrlField)


class BlankAsNullMixin:
    """An empty address is null, not "" (which is no URI and no e-mail address)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return value or None


class OptionalURLField(BlankAsNullMixin, serializers.URLField):
    pass


class OptionalEmailField(BlankAsNullMixin, serializers.EmailField):
    pass


class TermSerializer(serializers.Serializer):
    """An entry of a reference list (legal family, sector, label, theme, need...)."""

    slug = serializers.SlugField(read_only=True)
    name_fr = serializers.CharField(read_only=True)
    name_ar = serializers.CharField(read_only=True)
    name_en = serializers.CharField(read_only=True)


class TerritorySerializer(serializers.Serializer):
    code = serializers.CharField(
        read_only=True, help_text="HCP code (01.511 for a province, 01.511.01.0 for a commune)."
    )
    slug = serializers.SlugField(read_only=True)
    name_fr = serializers.CharField(read_only=True)
    name_ar = serializers.CharField(read_only=True)
    name_en = serializers.CharField(read_only=True)


class StructureRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name_fr = serializers.CharField(read_only=True)
    name_ar = serializers.CharField(read_only=True)


class PhotoSerializer(serializers.Serializer):
    image = FileUrlField()
    caption = serializers.CharField(read_only=True)


class StructureSerializer(serializers.ModelSerializer):
    """A published structure of the directory."""

    legal_family = TermSerializer(read_only=True)
    sectors = TermSerializer(many=True, read_only=True)
    labels = TermSerializer(many=True, read_only=True)
    commune = TerritorySerializer(read_only=True)
    province = TerritorySerializer(source="commune.province", read_only=True)
    latitude = serializers.FloatField(read_only=True, allow_null=True)
    longitude = serializers.FloatField(read_only=True, allow_null=True)
    women_structure = serializers.BooleanField(source="is_women_structure", read_only=True)
    logo = FileUrlField()
    photos = PhotoSerializer(many=True, read_only=True)
    url = PageUrlField(help_text="The structure's page on the portal.")
    website = OptionalURLField()
    email = OptionalEmailField(help_text="The structure's own public address, as on its page.")

    class Meta:
        model = Actor
        fields = [
            "slug",
            "name_fr",
            "name_ar",
            "acronym",
            "legal_family",
            "sectors",
            "labels",
            "commune",
            "province",
            "address",
            "latitude",
            "longitude",
            "phone",
            "email",
            "website",
            "creation_date",
            "ice",
            "odco_number",
            "rc_number",
            "members_total",
            "members_women",
            "members_youth",
            "employees",
            "women_structure",
            "description_fr",
            "description_ar",
            "description_en",
            "products_fr",
            "products_ar",
            "products_en",
            "logo",
            "photos",
            "last_verified",
            "source",
            "updated_at",
            "url",
        ]
        read_only_fields = fields


class SupportServiceSerializer(serializers.ModelSerializer):
    """A published support service of a published organisation."""

    provider = StructureRefSerializer(read_only=True)
    kinds = TermSerializer(many=True, read_only=True)
    needs = TermSerializer(many=True, read_only=True)
    stages = TermSerializer(many=True, read_only=True, help_text="Empty: every stage.")
    publics = TermSerializer(many=True, read_only=True, help_text="Empty: open to all.")
    access_modes = TermSerializer(many=True, read_only=True)
    eligible_provinces = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="code", help_text="HCP codes (when not region-wide)."
    )
    eligible_communes = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="code", help_text="HCP codes (when not region-wide)."
    )
    phone = serializers.CharField(source="contact_phone", read_only=True)
    url = PageUrlField(help_text="The service's page on the portal.")
    link = OptionalURLField(source="url", help_text="Where to apply or learn more.")

    class Meta:
        model = SupportService
        fields = [
            "slug",
            "name_fr",
            "name_ar",
            "name_en",
            "provider",
            "description_fr",
            "description_ar",
            "description_en",
            "kinds",
            "needs",
            "stages",
            "publics",
            "cost",
            "cost_details_fr",
            "cost_details_ar",
            "cost_details_en",
            "conditions_fr",
            "conditions_ar",
            "conditions_en",
            "access_modes",
            "region_wide",
            "eligible_provinces",
            "eligible_communes",
            "phone",
            "link",
            "updated_at",
            "url",
        ]
        read_only_fields = fields


class DocumentSerializer(serializers.ModelSerializer):
    """A published document of the library."""

    themes = TermSerializer(many=True, read_only=True)
    sectors = TermSerializer(many=True, read_only=True)
    provinces = TerritorySerializer(many=True, read_only=True)
    cover = FileUrlField()
    download_url = serializers.SerializerMethodField(help_text="The PDF, at its stable address.")
    url = PageUrlField(help_text="The document's page on the portal.")

    class Meta:
        model = Document
        fields = [
            "slug",
            "kind",
            "title_fr",
            "title_ar",
            "title_en",
            "summary_fr",
            "summary_ar",
            "summary_en",
            "language",
            "year",
            "authors",
            "themes",
            "sectors",
            "provinces",
            "page_count",
            "file_size",
            "file_sha256",
            "download_url",
            "cover",
            "published_at",
            "updated_at",
            "url",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_download_url(self, document):
        if not document.file:
            return None
        with translation.override(settings.LANGUAGE_CODE):
            return _absolute(self.context.get("request"), document.get_download_url())


class IndicatorSerializer(serializers.ModelSerializer):
    """A published series of the observatory, with its source and licence."""

    url = PageUrlField(help_text="The indicator's page on the portal.")
    observations_url = serializers.SerializerMethodField(help_text="Its values in this API.")
    link = OptionalURLField(help_text="The source's page.")

    class Meta:
        model = Indicator
        fields = [*Indicator.DESCRIPTION_FIELDS, "updated_at", "url", "observations_url"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_observations_url(self, indicator):
        return _absolute(
            self.context.get("request"), reverse("api:observation-list") + f"?indicator={indicator.code}"
        )


class ObservationSerializer(serializers.ModelSerializer):
    """One value of a series: an indicator, a territory, a year and optionally a category."""

    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    value = serializers.DecimalField(max_digits=18, decimal_places=4, coerce_to_string=False, read_only=True)

    class Meta:
        model = Observation
        fields = ["id", "indicator", "year", "level", "territory_code", "breakdown", "category", "value"]
        read_only_fields = fields


class EventSerializer(serializers.ModelSerializer):
    """A published (or cancelled) event. Never its registrations."""

    cancelled = serializers.SerializerMethodField()
    commune = TerritorySerializer(read_only=True, allow_null=True)
    province = TerritorySerializer(source="commune.province", read_only=True, allow_null=True)
    latitude = serializers.FloatField(read_only=True, allow_null=True)
    longitude = serializers.FloatField(read_only=True, allow_null=True)
    organiser = serializers.SerializerMethodField(
        help_text="A published structure of the directory, or null."
    )
    url = PageUrlField(help_text="The event's page on the portal.")
    ical_url = serializers.SerializerMethodField(help_text="The event as an iCalendar file.")
    online_url = OptionalURLField(help_text="For an online or hybrid event.")

    class Meta:
        model = Event
        fields = [
            "slug",
            "kind",
            "title_fr",
            "title_ar",
            "title_en",
            "summary_fr",
            "summary_ar",
            "summary_en",
            "description_fr",
            "description_ar",
            "description_en",
            "starts_at",
            "ends_at",
            "cancelled",
            "venue_fr",
            "venue_ar",
            "venue_en",
            "address",
            "commune",
            "province",
            "latitude",
            "longitude",
            "online_url",
            "organiser",
            "registration_open",
            "url",
            "ical_url",
            "updated_at",
        ]
        read_only_fields = fields

    def get_cancelled(self, event) -> bool:
        return event.status == Event.Status.CANCELLED

    @extend_schema_field(StructureRefSerializer(allow_null=True))
    def get_organiser(self, event):
        organiser = event.organiser
        if organiser is None or organiser.status != Actor.Status.PUBLISHED:
            return None
        return StructureRefSerializer(organiser).data

    @extend_schema_field(OpenApiTypes.URI)
    def get_ical_url(self, event):
        with translation.override(settings.LANGUAGE_CODE):
            return _absolute(self.context.get("request"), reverse("events:ics", args=[event.slug]))


class CategorySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name_fr = serializers.CharField(read_only=True)
    name_ar = serializers.CharField(read_only=True)
    name_en = serializers.CharField(read_only=True)


class LaureateSerializer(serializers.ModelSerializer):
    """A laureate of an edition of the regional contest whose results are published."""

    year = serializers.IntegerField(source="edition.year", read_only=True)
    theme_fr = serializers.CharField(source="edition.theme_fr", read_only=True)
    category = CategorySerializer(read_only=True)
    name_fr = serializers.SerializerMethodField(help_text="The laureate structure's name.")
    name_ar = serializers.SerializerMethodField()
    structure = serializers.SerializerMethodField(
        help_text="The structure in the directory, when published there."
    )
    url = serializers.SerializerMethodField(help_text="The edition's page on the portal.")

    class Meta:
        model = Laureate
        fields = [
            "id",
            "year",
            "theme_fr",
            "category",
            "rank",
            "name_fr",
            "name_ar",
            "prize_fr",
            "prize_ar",
            "prize_en",
            "structure",
            "url",
        ]
        read_only_fields = fields

    def get_name_fr(self, laureate) -> str:
        actor = laureate.application.actor
        return actor.name_fr if actor is not None else laureate.application.structure_name

    def get_name_ar(self, laureate) -> str:
        actor = laureate.application.actor
        return actor.name_ar if actor is not None else ""

    @extend_schema_field(StructureRefSerializer(allow_null=True))
    def get_structure(self, laureate):
        actor = laureate.application.actor
        if actor is None or actor.status != Actor.Status.PUBLISHED:
            return None
        return StructureRefSerializer(actor).data

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, laureate):
        with translation.override(settings.LANGUAGE_CODE):
            return _absolute(self.context.get("request"), laureate.edition.get_absolute_url())
