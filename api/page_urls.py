"""The API's documentation page, under the language prefix (/fr/api/, /ar/api/, /en/api/)."""

from django.urls import path

from api import page

app_name = "apidoc"

urlpatterns = [path("", page.documentation, name="index")]
