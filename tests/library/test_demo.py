import io

import pytest
from django.core.management import call_command

from library.models import Document, NewsletterIssue

pytestmark = pytest.mark.django_db


def test_demo_has_a_generated_atlas_and_panorama_and_is_idempotent(client):
    from library import demo

    out = io.StringIO()
    demo.seed(stdout=out, seed=2026)
    demo.seed(stdout=out, seed=2026)
    assert Document.objects.count() == len(demo.DOCUMENTS)
    assert NewsletterIssue.objects.count() == 1
    for kind in ["atlas", "panorama"]:
        document = Document.objects.get(kind=kind)
        assert document.title_fr.startswith("DÉMO")
        assert document.is_published
        assert document.page_count >= 8
        assert "DOCUMENT DE DÉMONSTRATION" in document.text
        # A real Arabic page, shaped on the page and extracted in reading order.
        assert "دار الاقتصاد الاجتماعي والتضامني" in document.text
        assert document.language == "fr-ar"
        assert document.cover
    html = client.get("/fr/").content.decode()
    assert "DÉMO · Atlas de l&#x27;économie sociale" in html
    assert "DÉMO · Panorama régional" in html
    assert client.get("/fr/bibliotheque/demo-atlas-ess-2025/telecharger/").status_code == 200
    assert "DÉMO · La lettre de la MESS n° 1" in client.get("/fr/bibliotheque/lettre/").content.decode()
    found = client.get("/ar/bibliotheque/", {"q": "تجريبية"}).context["documents"]
    assert {document.slug for document in found} == {"demo-atlas-ess-2025", "demo-panorama-ess-2025"}


def test_seed_demo_command_runs_the_library_demo():
    call_command("seed_demo", actors=0, stdout=io.StringIO())
    assert Document.objects.filter(kind="atlas", title_fr__startswith="DÉMO").exists()
