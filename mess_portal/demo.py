"""Demo content for the foundation: a staff account per team, only on a development machine."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from mess_portal.groups import STAFF_GROUPS, group_name, sync_staff_groups

DEMO_PASSWORD = "demo-mess-2026"


def seed(*, stdout=None, **options) -> None:
    sync_staff_groups()
    if not settings.DEBUG:
        # Accounts with a published password have no place on a server.
        return
    User = get_user_model()
    admin, created = User.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True, "email": "admin@example.org"}
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    for key in STAFF_GROUPS:
        user, created = User.objects.get_or_create(
            username=f"demo-{key}",
            defaults={"is_staff": True, "email": f"demo-{key}@example.org", "first_name": "Démo"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(Group.objects.get(name=group_name(key)))
    if stdout:
        stdout.write(f"Staff accounts: admin and demo-<team>, password {DEMO_PASSWORD!r} (development only).")
