"""Public forms (propose a structure, suggest a correction) and the admin's image checks."""

from django import forms
from django.utils.translation import gettext_lazy as _

from actors.images import reencode
from actors.models import Actor, ActorPhoto
from mess_portal.antispam import HoneypotFormMixin
from mess_portal.forms import AnnouncedErrorsMixin
from mess_portal.i18n import localized_field_name
from mess_portal.models import Commune, LegalFamily, Sector

# The structure's fields a visitor may propose, in the order of the form.
PROPOSED_FIELDS = [
    "name_fr",
    "name_ar",
    "legal_family",
    "commune",
    "address",
    "phone",
    "email",
    "website",
    "sectors",
    "creation_year",
    "members_total",
    "members_women",
    "description_fr",
    "description_ar",
    "products_fr",
]


class StructureFieldsForm(AnnouncedErrorsMixin, HoneypotFormMixin, forms.Form):
    """What a visitor says about a structure, and who they are (with the honeypot field that robots fill)."""

    name_fr = forms.CharField(label=_("Name (in French or Latin letters)"), max_length=200)
    name_ar = forms.CharField(label=_("Name in Arabic"), max_length=200, required=False)
    legal_family = forms.ModelChoiceField(
        label=_("Legal family"), queryset=LegalFamily.objects.none(), to_field_name="slug"
    )
    commune = forms.ChoiceField(label=_("Commune"))
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail of the structure"), required=False)
    website = forms.URLField(label=_("Website or page"), required=False, assume_scheme="https")
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors of activity"),
        queryset=Sector.objects.none(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    creation_year = forms.IntegerField(
        label=_("Year of creation"), min_value=1900, max_value=2100, required=False
    )
    members_total = forms.IntegerField(label=_("Number of members"), min_value=0, required=False)
    members_women = forms.IntegerField(label=_("Of whom women"), min_value=0, required=False)
    description_fr = forms.CharField(
        label=_("Description (French)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
    description_ar = forms.CharField(
        label=_("Description (Arabic)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
    products_fr = forms.CharField(
        label=_("Products or services"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
    )
    message = forms.CharField(
        label=_("Message to the MESS team"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
    )
    sender_name = forms.CharField(label=_("Your name"), max_length=150)
    sender_email = forms.EmailField(label=_("Your e-mail"), help_text=_("We send you an acknowledgement."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name = localized_field_name("name")
        self.fields["legal_family"].queryset = LegalFamily.objects.ordered()
        # The 146 communes grouped by province, as people look for them.
        groups = {}
        for commune in Commune.objects.select_related("province").order_by(f"province__{name}", name, "code"):
            groups.setdefault(commune.province.name, []).append((commune.code, commune.name))
        self.fields["commune"].choices = [("", "---------"), *groups.items()]
        self.fields["sectors"].queryset = Sector.objects.ordered()
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            else:
                widget.attrs["class"] = "form-control"
        self.fields["name_ar"].widget.attrs["dir"] = "rtl"
        self.fields["description_ar"].widget.attrs["dir"] = "rtl"
        # On the Arabic pages too, French text, numbers and addresses read left to right; free text
        # follows what the visitor types.
        for name in ("name_fr", "description_fr", "phone", "email", "website", "sender_email"):
            self.fields[name].widget.attrs["dir"] = "ltr"
        for name in ("address", "products_fr", "message", "sender_name"):
            self.fields[name].widget.attrs["dir"] = "auto"

    def clean(self):
        data = super().clean()
        total, women = data.get("members_total"), data.get("members_women")
        if total is not None and women is not None and women > total:
            self.add_error("members_women", _("Women members cannot outnumber all members."))
        return data

    def proposed_data(self) -> dict:
        """The proposal as JSON: references by their natural keys (slugs, HCP code)."""
        data = {}
        for name in PROPOSED_FIELDS:
            value = self.cleaned_data.get(name)
            if name == "legal_family":
                value = value.slug if value else ""
            elif name == "sectors":
                value = [sector.slug for sector in value or []]
            elif value is None:
                value = ""
            data[name] = value
        return data

    @staticmethod
    def initial_for(actor: Actor) -> dict:
        initial = {name: getattr(actor, name, "") for name in PROPOSED_FIELDS if hasattr(actor, name)}
        initial.update(
            legal_family=actor.legal_family.slug,
            commune=actor.commune.code,
            sectors=[sector.slug for sector in actor.sectors.all()],
            creation_year=actor.creation_date.year if actor.creation_date else None,
        )
        return initial


class CorrectionForm(StructureFieldsForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].required = True
        self.fields["message"].label = _("What should be corrected?")


class ReencodedImagesMixin:
    """Admin forms: check each uploaded image, store it re-encoded with its thumbnail."""

    image_fields: dict = {}

    def _clean_image(self, field_name):
        upload = self.cleaned_data.get(field_name)
        if not upload or not hasattr(upload, "content_type"):
            return upload  # unchanged or cleared
        image, thumbnail = reencode(upload)
        self._thumbnails = {**getattr(self, "_thumbnails", {}), field_name: thumbnail}
        return image

    def save(self, commit=True):
        instance = super().save(commit=False)
        for field_name, thumbnail in getattr(self, "_thumbnails", {}).items():
            setattr(instance, self.image_fields[field_name], thumbnail)
        if commit:
            instance.save()
            self.save_m2m()
        return instance


class ActorAdminForm(ReencodedImagesMixin, forms.ModelForm):
    image_fields = {"logo": "logo_thumbnail"}
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Actor
        fields = ["logo"]  # the admin adds the fields of its fieldsets

    def clean_logo(self):
        return self._clean_image("logo")


class ActorPhotoForm(ReencodedImagesMixin, forms.ModelForm):
    image_fields = {"image": "thumbnail"}

    class Meta:
        model = ActorPhoto
        fields = ["image", "caption", "position"]

    def clean_image(self):
        return self._clean_image("image")
