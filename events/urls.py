from django.urls import include, path

from events import views
from events.feeds import UpcomingEventsFeed

app_name = "events"

urlpatterns = [
    path("evenements/", views.event_list, name="index"),
    path("evenements/calendrier.ics", views.calendar_feed, name="calendar_feed"),
    path("evenements/flux.atom", UpcomingEventsFeed(), name="atom_feed"),
    path("evenements/inscription/annuler/<str:token>/", views.registration_cancel, name="cancel"),
    path("evenements/<slug:slug>/", views.event_detail, name="detail"),
    path("evenements/<slug:slug>/inscription/", views.event_register, name="register"),
    path("evenements/<slug:slug>/inscription/merci/", views.event_registered, name="registered"),
    path("evenements/<slug:slug>/calendrier.ics", views.event_ics, name="ics"),
    path("", include("events.contest_urls")),  # the regional contest: /concours/...
]
