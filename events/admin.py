from events import contest_admin  # noqa: E402,F401  (the regional contest's admin)
