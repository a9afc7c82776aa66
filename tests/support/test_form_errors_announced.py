"""The orientation form's errors are announced: a summary at the top links to each field in error, and
each field in error is aria-invalid and described by its message, in the three languages."""

import re

import pytest
from django.urls import reverse
from django.utils import translation


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_errors_are_summarised_and_tied_to_their_fields(client, reference_data, language):
    with translation.override(language):
        url = reverse("support:orientation")
    html = client.post(url, {"message": "court"}).content.decode()
    summary = html[html.index('id="form-errors"') : html.index("<form", html.index('id="form-errors"'))]
    targets = re.findall(r'href="#([^"]+)"', summary)
    assert len(targets) >= 3
    for target in targets:
        assert f'id="{target}"' in html
    described = re.findall(r'aria-describedby="([^"]+)"', html[html.index("<form") :])
    assert described
    for ids in described:
        for id_ in ids.split():
            assert f'id="{id_}"' in html, id_
    assert html.count('aria-invalid="true"') >= len(targets)
    assert "message-error" in html
