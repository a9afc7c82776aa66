"""Public forms of the regional contest (apply, correct an application) and the jury's score sheet."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from actors.forms import StructureFieldsForm
from actors.models import Actor
from events.contest_services import MAX_ATTACHMENTS, check_upload
from events.models import Application, ContestCategory
from mess_portal.antispam import HoneypotFormMixin
from mess_portal.forms import AnnouncedErrorsMixin

# Candidates shown when the name given matches several structures of the directory.
MAX_CANDIDATES = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe); each is checked by its content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class NewStructureForm(StructureFieldsForm):
    """A structure not yet in the directory: the directory's own proposal fields, without the sender
    (the applicant is the sender) and the honeypot (the application form has one)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The members are among the application's key figures; the sender is the applicant.
        dropped = ("homepage", "message", "sender_name", "sender_email", "products_fr", "description_ar")
        for name in (*dropped, "members_total", "members_women"):
            del self.fields[name]


class ApplicationFieldsForm(AnnouncedErrorsMixin, forms.ModelForm):
    """What an applicant says of the initiative; shared by the application and its correction."""

    attachments = MultipleFileField(
        label=_("Attachments (PDF or images)"),
        required=False,
        help_text=_("Up to 6 files: PDF documents (statutes, accounts, press) or photos (JPEG, PNG, WebP)."),
    )

    class Meta:
        model = Application
        fields = [
            "category",
            "presentation",
            "members_total",
            "members_women",
            "members_youth",
            "employees",
            "turnover",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        widgets = {
            "category": forms.RadioSelect(attrs={"class": "form-check-input"}),
            "presentation": forms.Textarea(attrs={"rows": 8, "dir": "auto", "maxlength": 8000}),
            "contact_name": forms.TextInput(attrs={"dir": "auto", "autocomplete": "name"}),
            "contact_email": forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email"}),
            "contact_phone": forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel", "autocomplete": "tel"}),
        }
        help_texts = {
            "presentation": _(
                "What the initiative does, for whom, what makes it exemplary, its results (up to 8,000 characters)."
            ),
            "turnover": _("Optional, in dirhams."),
        }

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.fields["category"].queryset = ContestCategory.objects.filter(edition=edition).order_by(
            "position", "pk"
        )
        self.fields["category"].empty_label = None
        self.fields["category"].label_from_instance = lambda category: category.name
        self.fields["presentation"].max_length = 8000
        for name in ("members_total", "members_women", "members_youth", "employees", "turnover"):
            self.fields[name].widget.attrs.update(min=0, inputmode="numeric")
        self.checked_files = []

    def clean_presentation(self):
        text = self.cleaned_data["presentation"]
        if len(text) > 8000:
            raise ValidationError(_("Keep the presentation under 8,000 characters."))
        return text

    def clean_attachments(self):
        uploads = self.cleaned_data.get("attachments") or []
        if len(uploads) > MAX_ATTACHMENTS:
            raise ValidationError(
                _("At most %(count)s attachments per application.") % {"count": MAX_ATTACHMENTS}
            )
        errors, checked = [], []
        for upload in uploads:
            try:
                checked.append(check_upload(upload))
            except ValidationError as error:
                errors.extend(f"{upload.name}: {message}" for message in error.messages)
        if errors:
            raise ValidationError(errors)
        self.checked_files = checked
        return uploads

    def clean(self):
        data = super().clean()
        total = data.get("members_total")
        for name, message in (
            ("members_women", _("Women members cannot outnumber all members.")),
            ("members_youth", _("Young members cannot outnumber all members.")),
        ):
            if total is not None and data.get(name) is not None and data[name] > total:
                self.add_error(name, message)
        return data

    def application_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}

    def summary_messages(self) -> list:
        messages = super().summary_messages()
        if self.errors and self.files.getlist("attachments"):
            messages.append(
                _("Attach your files again: a browser does not keep them when the form comes back.")
            )
        return messages


class ApplicationForm(HoneypotFormMixin, ApplicationFieldsForm):
    """Apply: the structure (found in the directory, or new), then the application."""

    structure_query = forms.CharField(
        label=_("Your structure in the directory"),
        required=False,
        max_length=200,
        help_text=_("Its name, acronym or ICE, as listed in the directory."),
    )
    structure = forms.ChoiceField(label=_("Choose your structure"), required=False, widget=forms.RadioSelect)
    is_new_structure = forms.BooleanField(
        label=_("My structure is not in the directory yet: I describe it below"),
        required=False,
        help_text=_("The MESS team checks it before listing it in the directory."),
    )
    consent = forms.BooleanField(
        required=True,
        label=_(
            "I agree that the MESS keeps these details to examine the application, shows them to the "
            "contest's jury and publishes the name of the laureates (law 09-08)."
        ),
        error_messages={"required": _("We need your agreement to examine the application.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure_query"].widget.attrs.update(dir="auto", autocomplete="off")
        self.fields["structure"].widget.attrs["class"] = "form-check-input"
        self.candidates = []
        self.searched = False
        self.actor = None
        # Bound only when the applicant ticked "new structure", so its fields show no errors otherwise.
        self.new_structure = NewStructureForm(
            self.data if self.is_bound and self.data.get("is_new_structure") else None, prefix="new"
        )
        # The radios hold the structures found on the previous submission.
        slug = self.data.get("structure") if self.is_bound else None
        if slug:
            self.fields["structure"].choices = [(slug, slug)]

    def _find_structures(self, query: str) -> list[Actor]:
        actors = Actor.objects.published().select_related("commune")
        exact = actors.filter(ice=query).first() if query.isdigit() else None
        if exact:
            return [exact]
        return list(actors.search(query).by_relevance(query)[:MAX_CANDIDATES])

    def clean(self):
        data = super().clean()
        if data.get("is_new_structure"):
            if not self.new_structure.is_valid():
                self.add_error(None, _("Complete the description of your structure."))
            return data
        slug = data.get("structure")
        if slug:
            self.actor = Actor.objects.published().filter(slug=slug).first()
            if self.actor is None:
                self.add_error("structure", _("This structure is not in the directory."))
        else:
            self._find_from_query(data)
        if self.actor is not None and self.edition.applications.filter(actor=self.actor).exists():
            self.add_error(
                None,
                _(
                    "This structure has already applied to this edition: complete its application with the "
                    "link sent by e-mail, or contact the MESS."
                ),
            )
        return data

    def find(self, query: str) -> None:
        """The "Search" button: show the structures matching the name given, the first one chosen."""
        query = query.strip()[:200]
        self.candidates = self._find_structures(query) if query else []
        self.fields["structure"].choices = [(actor.slug, actor.slug) for actor in self.candidates]
        self.searched = True

    def _find_from_query(self, data):
        query = (data.get("structure_query") or "").strip()
        if not query:
            self.add_error(
                "structure_query",
                _("Give your structure's name to find it in the directory, or describe it as a new one."),
            )
            return
        found = self._find_structures(query)
        if len(found) == 1:
            self.actor = found[0]
        elif found:
            self.candidates = found
            self.fields["structure"].choices = [(actor.slug, actor.slug) for actor in found]
            self.add_error("structure", _("Several structures match: choose yours in the list."))
        else:
            self.add_error(
                "structure_query",
                _(
                    "No structure of the directory matches. Check the name, or describe it as a new structure."
                ),
            )

    def error_anchor(self, bound_field) -> str:
        # The structures found are radio buttons only when there are some; otherwise the search box.
        if bound_field.name == "structure" and not self.candidates:
            return self["structure_query"].id_for_label
        return super().error_anchor(bound_field)

    def error_summary(self) -> list[dict]:
        # The new structure's own fields, when the applicant describes one.
        items = super().error_summary()
        if self.new_structure.is_bound:
            items.extend(self.new_structure.error_summary())
        return items

    def new_structure_data(self) -> dict:
        """The proposal of a new structure for the directory, with the members given in the application."""
        data = self.new_structure.proposed_data()
        for name in ("members_total", "members_women"):
            value = self.cleaned_data.get(name)
            data[name] = "" if value is None else value
        return data


class ApplicationEditForm(ApplicationFieldsForm):
    """The applicant's corrections through the signed link: the same fields, and files to remove."""

    remove = forms.ModelMultipleChoiceField(
        label=_("Remove these attachments"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remove"].queryset = self.instance.attachments.all()
        self.fields["remove"].label_from_instance = lambda attachment: attachment.display_name


class ScoreSheetForm(forms.Form):
    """One field per criterion of the edition, within its scale; blank clears a mark."""

    def __init__(self, *args, criteria, initial_scores, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.DecimalField(
                label=f"{criterion.name} (×{criterion.weight}, 0–{criterion.scale_max})",
                min_value=Decimal(0),
                max_value=Decimal(criterion.scale_max),
                max_digits=5,
                decimal_places=1,
                required=False,
                initial=initial_scores.get(criterion.pk),
            )

    def values(self) -> dict:
        return {
            criterion.pk: self.cleaned_data.get(f"criterion_{criterion.pk}") for criterion in self.criteria
        }
