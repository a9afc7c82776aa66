"""The public pages, under /fr/, /ar/ and /en/. Each part of the portal adds its own include here."""

from django.urls import path

from mess_portal import views

app_name = "site"

urlpatterns = [
    path("", views.home, name="home"),
    path("oress/", views.about_oress, name="about_oress"),
    path("contact/", views.contact, name="contact"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("mentions-legales/", views.legal, name="legal"),
    path("confidentialite/", views.privacy, name="privacy"),
]
