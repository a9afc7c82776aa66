"""The staff teams and what each may do in the admin.

Kept in code and applied after every ``migrate``, so a new model of an app is in its team's hands
as soon as it exists, and a fresh database has the groups ready to assign.
"""

ALL = ("add", "change", "delete", "view")
VIEW = ("view",)

# Names are in French, the staff's working language.
# key -> (group name, list of (app label, model name or "*" for every model of the app, actions))
STAFF_GROUPS = {
    "directory": (
        "Équipe annuaire",
        [
            ("actors", "*", ALL),
            # The support catalogue is part of the directory; orientation requests are not.
            ("support", "supportservice", ALL),
            ("support", "supportkind", ALL),
            ("support", "need", ALL),
            ("support", "projectstage", ALL),
            ("support", "public", ALL),
            ("support", "accessmode", ALL),
            ("mess_portal", "legalfamily", ALL),
            ("mess_portal", "sector", ALL),
            ("mess_portal", "label", ALL),
        ],
    ),
    "observatory": (
        "Équipe observatoire",
        [("observatory", "*", ALL), ("actors", "*", VIEW)],
    ),
    "library": (
        "Équipe bibliothèque",
        [("library", "*", ALL)],
    ),
    "events": (
        "Équipe événements",
        [("events", "*", ALL), ("actors", "actor", VIEW)],
    ),
    # Jurors of the regional contest: the applications of their categories (the admin narrows them down),
    # their own marks and declarations of conflicts of interest. Contest staff are the events team.
    "jury": (
        "Jury du concours",
        [
            ("events", "application", VIEW),
            ("events", "applicationattachment", VIEW),
            ("events", "contestcategory", VIEW),
            ("events", "criterion", VIEW),
            ("events", "score", ALL),
            ("events", "conflictofinterest", ALL),
            ("actors", "actor", VIEW),
        ],
    ),
    "reception": (
        "Accueil (guichet)",
        [("support", "orientationrequest", ALL), ("support", "*", VIEW), ("actors", "*", VIEW)],
    ),
    # Whoever runs the site: background jobs that failed (e-mails not sent...), to look at and retry.
    "operations": (
        "Exploitation technique",
        [("jobs", "*", ALL)],
    ),
    # Whoever answers people's requests under law 09-08: export or erase one person's data.
    "privacy": (
        "Données personnelles",
        [("privacy", "datarequest", ("view", "add", "export", "erase"))],
    ),
}
# Every team reads the territories and reference lists.
SHARED = [("mess_portal", "*", VIEW)]


def group_name(key: str) -> str:
    return STAFF_GROUPS[key][0]


def sync_staff_groups(*args, using="default", **kwargs):
    from django.contrib.auth.models import Group, Permission

    for key, (_label, grants) in STAFF_GROUPS.items():
        group, _ = Group.objects.using(using).get_or_create(name=group_name(key))
        wanted = Permission.objects.none()
        for app_label, model, actions in [*grants, *SHARED]:
            perms = Permission.objects.using(using).filter(
                content_type__app_label=app_label,
                codename__regex=rf"^({'|'.join(actions)})_",
            )
            if model != "*":
                perms = perms.filter(content_type__model=model)
            wanted = wanted | perms
        group.permissions.add(*wanted)
