from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.validators import slug_re
from django.utils.translation import gettext_lazy as _

from actors.forms import ReencodedImagesMixin
from actors.models import Actor
from events.models import EventPhoto
from mess_portal.antispam import HoneypotFormMixin
from mess_portal.forms import AnnouncedErrorsMixin


class StructureField(forms.ModelChoiceField):
    """A structure of the directory, by its slug. What is not shaped like a slug is refused before the
    lookup (PostgreSQL refuses a NUL byte in a query where the form should simply say no)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, str) and "/" in value[:300]:
            # The page's whole link, pasted from the address bar: its last part is the slug.
            try:
                path = urlsplit(value.strip()[:300]).path
            except ValueError:  # "http://[broken" is no link
                path = ""
            value = next((part for part in reversed(path.split("/")) if part), "")
        if not isinstance(value, str) or not slug_re.match(value) or len(value) > 200:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class RegistrationForm(AnnouncedErrorsMixin, HoneypotFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name", "dir": "auto"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("Your confirmation is sent to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel", "dir": "ltr"}),
    )
    organisation = forms.CharField(
        label=_("Organisation"), max_length=200, required=False, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    actor = StructureField(
        Actor.objects.published(),
        to_field_name="slug",
        required=False,
        label=_("Your structure in the directory (optional)"),
        help_text=_("Its page's link on the portal, or its last part, e.g. cooperative-al-amal."),
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
        error_messages={"invalid_choice": _("No structure of the directory has this address.")},
    )
    consent = forms.BooleanField(
        required=True,
        label=_(
            "I agree that the MESS keeps these details to manage my registration for this event "
            "(law 09-08 on the protection of personal data)."
        ),
        error_messages={"required": _("We need your agreement to register you.")},
    )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if "\x00" in name or len(name) < 2:
            raise forms.ValidationError(_("Enter your name."))
        return name

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        digits = [c for c in phone if c.isdigit()]
        if phone and (len(digits) < 9 or any(c not in "0123456789+ .-()" for c in phone)):
            raise forms.ValidationError(
                _("Enter a phone number, such as 0539 37 24 68 or +212 539 37 24 68.")
            )
        return phone

    def clean_organisation(self):
        value = self.cleaned_data.get("organisation", "")
        if "\x00" in value:
            raise forms.ValidationError(_("Enter a valid value."))
        return value.strip()


class CheckInSearchForm(forms.Form):
    q = forms.CharField(label=_("Name, e-mail or code"), max_length=100, required=False)


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 10}))
    include_waiting = forms.BooleanField(label=_("Also send to the waiting list"), required=False)


class StaffRegistrationForm(forms.Form):
    """Staff registering someone who called or came by: the same rules as the public form (places,
    waiting list, one active registration per address), an address optional when there is a phone."""

    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        required=False,
        help_text=_("Without an address the person receives no e-mail (no confirmation, no reminder)."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=settings.LANGUAGES, initial="fr")
    send_email = forms.BooleanField(label=_("Send the confirmation e-mail"), required=False, initial=True)
    consent = forms.BooleanField(
        label=_(
            "The person agreed that the MESS keeps these details to manage the registration "
            "(law 09-08 on the protection of personal data)."
        ),
        error_messages={"required": _("Registering someone needs their agreement.")},
    )

    clean_name = RegistrationForm.clean_name
    clean_phone = RegistrationForm.clean_phone
    clean_organisation = RegistrationForm.clean_organisation

    def clean_email(self):
        return self.cleaned_data.get("email", "").strip().lower()

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone") and "email" not in self.errors:
            raise forms.ValidationError(_("Give an e-mail address or a phone number, to reach the person."))
        return data


class EventPhotoForm(ReencodedImagesMixin, forms.ModelForm):
    image_fields = {"image": "thumbnail"}

    class Meta:
        model = EventPhoto
        fields = ["image", "caption", "position"]

    def clean_image(self):
        return self._clean_image("image")
