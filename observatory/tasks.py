"""Background jobs of the observatory: the Atlas and Panorama PDF, drawn and published (docs/tasks.md)."""

from django_tasks import task


@task()
def generate_report(*, kind: str, year: int, language: str) -> dict:
    """Draw the Atlas or Panorama of ``year`` in ``language`` and publish it in the library."""
    from observatory import report

    document = report.publish(kind=kind, year=year, language=language)
    return {"document": document.pk, "slug": document.slug, "pages": document.page_count}
