from django.urls import path

from support import views

app_name = "support"

urlpatterns = [
    path("accompagnement/", views.service_list, name="list"),
    path("accompagnement/<slug:slug>/", views.service_detail, name="detail"),
    path("orientation/", views.orientation_request, name="orientation"),
    path("orientation/merci/", views.orientation_thanks, name="orientation_thanks"),
]
