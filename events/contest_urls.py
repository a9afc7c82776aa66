from django.urls import path

from events import contest_views as views

# Included from events/urls.py under the "events" namespace.
urlpatterns = [
    path("concours/", views.contest_index, name="contest_index"),
    path("concours/<int:year>/", views.contest_edition, name="contest_edition"),
    path("concours/<int:year>/candidater/", views.contest_apply, name="contest_apply"),
    path("concours/<int:year>/candidater/merci/", views.contest_apply_thanks, name="contest_apply_thanks"),
    path(
        "concours/candidature/<str:token>/", views.contest_application_edit, name="contest_application_edit"
    ),
    path("concours/piece/<int:pk>/", views.contest_attachment, name="contest_attachment"),
]
