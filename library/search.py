"""Full-text search of the library: PostgreSQL's weighted vectors, or a plain fallback elsewhere.

On PostgreSQL each document has a ``search_vector`` (titles weigh most, then summaries and authors,
then the PDF's text), built with the ``library_french`` configuration (French stemming on unaccented
words, created by migration 0002) and indexed with GIN. SQLite, for a newcomer's machine, matches
substrings.
"""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Concat, Left
from django.utils.html import escape
from django.utils.safestring import mark_safe

CONFIG = "library_french"
# The start of the text is indexed; a tsvector is limited to 1 MB.
INDEXED_TEXT_CHARS = 300_000
# Markers ts_headline puts around matches; escaped text cannot contain them, so they become <mark>.
START, STOP = "\u27e6", "\u27e7"


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def document_vector():
    return (
        SearchVector("title_fr", "title_ar", "title_en", weight="A", config=CONFIG)
        + SearchVector("summary_fr", "summary_ar", "summary_en", "authors", weight="B", config=CONFIG)
        + SearchVector(Left("text", INDEXED_TEXT_CHARS), weight="D", config=CONFIG)
    )


def search(queryset, terms: str, *, excerpts: bool = True):
    """Documents matching ``terms``, annotated with ``rank`` and (with ``excerpts``) a highlighted ``headline``."""
    if is_postgres():
        query = SearchQuery(terms, search_type="websearch", config=CONFIG)
        matching = queryset.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))
        if not excerpts:
            return matching
        excerpt_of = Concat(F("summary_fr"), Value(" … "), Left("text", 100_000), output_field=TextField())
        return matching.annotate(
            headline=SearchHeadline(
                excerpt_of,
                query,
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=16,
                min_words=6,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
    condition = Q()
    for word in terms.split():
        word_matches = Q()
        for field in ("title_fr", "title_ar", "title_en", "summary_fr", "summary_ar", "summary_en", "text"):
            word_matches |= Q(**{f"{field}__icontains": word})
        condition &= word_matches
    matching = queryset.filter(condition).annotate(rank=Value(1.0))
    # The excerpt is cut from the text in Python here, so the text is loaded with the page.
    return matching.defer(None).defer("search_vector") if excerpts else matching


def excerpt(document, terms: str, *, width: int = 220):
    """A short extract with the searched words in <mark>, safe to print in a template."""
    headline = getattr(document, "headline", None)
    if headline is not None:
        if START not in headline:
            return ""
        html = escape(headline).replace(START, "<mark>").replace(STOP, "</mark>")
        return mark_safe(html)  # noqa: S308 - built from escaped text and our own tags
    return _plain_excerpt(f"{document.summary_fr}\n{document.text}", terms, width=width)


def _plain_excerpt(text: str, terms: str, *, width: int):
    words = [re.escape(word) for word in terms.split() if word]
    if not words:
        return ""
    pattern = re.compile("|".join(words), re.IGNORECASE)
    found = pattern.search(text)
    if not found:
        return ""
    start = max(0, found.start() - width // 2)
    end = min(len(text), found.end() + width // 2)
    fragment = " ".join(text[start:end].split())
    html = pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", fragment)
    html = escape(html).replace(START, "<mark>").replace(STOP, "</mark>")
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{prefix}{html}{suffix}")  # noqa: S308 - escaped above
