from django import forms
from django.utils.translation import gettext_lazy as _

from mess_portal.antispam import HoneypotFormMixin
from mess_portal.forms import AnnouncedErrorsMixin, CommuneField
from support.models import Need, OrientationRequest, ProjectStage


class OrientationRequestForm(AnnouncedErrorsMixin, HoneypotFormMixin, forms.ModelForm):
    commune = CommuneField(
        label=_("Your commune"), required=False, key="slug", empty_label=_("Choose your commune (optional)")
    )
    stage = forms.ModelChoiceField(
        ProjectStage.objects.ordered(),
        to_field_name="slug",
        required=False,
        label=_("Where your project stands"),
        empty_label=_("Not sure"),
    )
    need = forms.ModelChoiceField(
        Need.objects.ordered(),
        to_field_name="slug",
        required=False,
        label=_("What you need most"),
        empty_label=_("Not sure"),
    )
    consent = forms.BooleanField(
        required=True,
        label=_(
            "I agree that the MESS keeps these details to answer me and may pass my request to the "
            "organisations it suggests."
        ),
        error_messages={"required": _("We need your agreement to answer you.")},
    )

    class Meta:
        model = OrientationRequest
        fields = [
            "requester_kind",
            "name",
            "organisation",
            "email",
            "phone",
            "commune",
            "stage",
            "need",
            "message",
            "consent",
        ]
        widgets = {
            "requester_kind": forms.RadioSelect(attrs={"class": "form-check-input"}),
            "message": forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
            # Left to right on the Arabic pages too.
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel", "dir": "ltr"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
            "name": forms.TextInput(attrs={"autocomplete": "name", "dir": "auto"}),
            "organisation": forms.TextInput(attrs={"dir": "auto"}),
        }
        labels = {
            "message": _("Tell us about your project or your question"),
            "name": _("Your name"),
        }
        help_texts = {
            "email": _("We answer by e-mail when you give an address."),
            "phone": _("Give an e-mail address, a phone number or both."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A radio button for each kind of requester, without the model field's empty "---------" one.
        self.fields["requester_kind"].choices = OrientationRequest.RequesterKind.choices

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if len(message) < 20:
            raise forms.ValidationError(_("Tell us a little more (20 characters at least)."))
        return message

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        digits = [c for c in phone if c.isdigit()]
        if phone and (len(digits) < 9 or any(c not in "0123456789+ .-()" for c in phone)):
            raise forms.ValidationError(
                _("Enter a phone number, such as 0539 37 24 68 or +212 539 37 24 68.")
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone") and "email" not in self.errors:
            raise forms.ValidationError(
                _("Give us an e-mail address or a phone number so that we can answer.")
            )
        return cleaned

    def request_data(self) -> dict:
        return {field: self.cleaned_data.get(field) for field in self._meta.fields}
