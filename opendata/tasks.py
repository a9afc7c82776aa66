"""Background job of the open data: the full downloads, rebuilt after changes (docs/opendata.md)."""

from django_tasks import task


@task()
def rebuild_open_data() -> dict:
    """Write every dataset's files again (atomically) and their datapackage.json."""
    from opendata import build

    return build.rebuild_all(started_by_queue=True)
