from django.urls import path  # noqa: F401

from events.contest_urls import urlpatterns as contest_urlpatterns

app_name = "events"

urlpatterns = []
urlpatterns += contest_urlpatterns
