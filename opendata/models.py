"""The full downloads as last built (one row per file), and the state of the rebuild queue."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublishedFile(models.Model):
    """One file of the open-data downloads, written under ``opendata/<dataset>/<name>`` in the default
    storage by the last build. The page and the download view read these rows, never the storage."""

    dataset = models.SlugField(_("dataset"), max_length=40)
    name = models.CharField(_("file name"), max_length=100)
    format = models.CharField(_("format"), max_length=20)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    built_at = models.DateTimeField(_("built at"))

    class Meta:
        verbose_name = _("open-data file")
        verbose_name_plural = _("open-data files")
        ordering = ["dataset", "name"]
        constraints = [models.UniqueConstraint(fields=["dataset", "name"], name="opendata_file_unique")]

    def __str__(self):
        return f"{self.dataset}/{self.name}"

    @property
    def storage_name(self) -> str:
        return storage_name(self.dataset, self.name)


def storage_name(dataset: str, name: str) -> str:
    return f"opendata/{dataset}/{name}"


class RebuildState(models.Model):
    """A single row: when a rebuild was queued and not yet started (``queued_at``), so that a burst of
    changes (an import, a morning of edits) queues one job, not one per change."""

    queued_at = models.DateTimeField(null=True, blank=True)
    last_built_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("open-data rebuild")
        verbose_name_plural = _("open-data rebuilds")

    def __str__(self):
        return str(self._meta.verbose_name)
