from django.urls import path

from library import views

app_name = "library"

urlpatterns = [
    path("", views.document_list, name="index"),
    path("lettre/", views.newsletter, name="newsletter"),
    path("lettre/inscription/", views.newsletter_subscribe, name="newsletter_subscribe"),
    path("lettre/inscription/merci/", views.newsletter_pending, name="newsletter_pending"),
    path("lettre/confirmer/<str:token>/", views.newsletter_confirm, name="newsletter_confirm"),
    path("lettre/desinscription/<str:token>/", views.newsletter_unsubscribe, name="newsletter_unsubscribe"),
    path("lettre/<int:number>/", views.newsletter_issue, name="newsletter_issue"),
    path("<slug:slug>/", views.document_detail, name="detail"),
    path("<slug:slug>/telecharger/", views.document_download, name="download"),
]
