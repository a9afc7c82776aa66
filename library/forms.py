from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from actors.images import validate_image
from library.models import Document, Subscriber
from library.pdf import inspect_pdf
from mess_portal.antispam import HoneypotFormMixin
from mess_portal.forms import AnnouncedErrorsMixin

MAX_COVER_BYTES = 5 * 1024 * 1024
MAX_COVER_PIXELS = 40_000_000


class DocumentAdminForm(forms.ModelForm):
    """Checks the PDF by its content before anything is saved; the view hands ``pdf`` to the service."""

    class Meta:
        model = Document
        fields = [
            "kind",
            "status",
            "published_at",
            "title_fr",
            "title_ar",
            "title_en",
            "slug",
            "summary_fr",
            "summary_ar",
            "summary_en",
            "language",
            "year",
            "authors",
            "themes",
            "sectors",
            "provinces",
            "file",
            "cover",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pdf = None
        self.fields["file"].widget.attrs["accept"] = "application/pdf"
        self.fields["cover"].widget.attrs["accept"] = "image/png,image/jpeg,image/webp"

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload is not getattr(self.instance, "file", None) and hasattr(upload, "content_type"):
            limit = settings.LIBRARY_MAX_PDF_MB * 1024 * 1024
            if upload.size > limit:
                raise forms.ValidationError(
                    _("This file is too large (%(size)s MB); the limit is %(limit)s MB.")
                    % {"size": round(upload.size / 1024 / 1024, 1), "limit": settings.LIBRARY_MAX_PDF_MB}
                )
            upload.seek(0)
            # Checked here; its text and cover are a background job's (library/tasks.py).
            self.pdf = inspect_pdf(upload.read(), text=False)
        return upload

    def clean_cover(self):
        cover = self.cleaned_data.get("cover")
        image = getattr(cover, "image", None)  # set by ImageField on a new upload, after Pillow checked it
        if cover and image is not None:
            # The whole image decoded, not only its header (a truncated file), and no web page code in it.
            validate_image(cover)
            if cover.size > MAX_COVER_BYTES:
                raise forms.ValidationError(_("The cover image must be under 5 MB."))
            if image.width * image.height > MAX_COVER_PIXELS:
                raise forms.ValidationError(_("The cover image has too many pixels."))
            if (image.format or "").upper() not in {"PNG", "JPEG", "WEBP"}:
                raise forms.ValidationError(_("The cover must be a PNG, JPEG or WebP image."))
        return cover

    @property
    def cover_uploaded(self) -> bool:
        cover = self.cleaned_data.get("cover")
        return bool(cover) and getattr(cover, "image", None) is not None


class SubscribeForm(AnnouncedErrorsMixin, HoneypotFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
    )
    language = forms.ChoiceField(label=_("Language of the newsletter"), choices=Subscriber.Language.choices)
    # Its ids stay apart from the catalogue's search form, on the same page (its own "language").
    error_summary_id = "subscribe-errors"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "subscribe-%s")
        super().__init__(*args, **kwargs)

    def clean_homepage(self):
        # Left empty by people; robots that fill every field give themselves away.
        if self.cleaned_data.get("homepage"):
            raise forms.ValidationError(_("Leave this field empty."))
        return ""
