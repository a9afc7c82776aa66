"""Full-text search of the library: PostgreSQL's weighted vectors, or a plain fallback elsewhere.

The words of a query are read by mess_portal.search, as in the directory and the support catalogue
(normalisation, synonyms, place names). On PostgreSQL each document has a ``search_vector`` (titles
weigh most, then summaries and authors, then the PDF's text), built from the normalised texts with the
``library_french`` configuration (French stemming on unaccented words, created by migration 0002) and
indexed with GIN. SQLite, for a newcomer's machine, matches substrings of the normalised texts.
"""

import re

from django.contrib.postgres.search import SearchHeadline, SearchRank, SearchVector
from django.db.models import Exists, F, Func, OuterRef, Q, TextField, Value
from django.db.models.functions import Concat, Left
from django.utils.html import escape
from django.utils.safestring import mark_safe

from mess_portal.search import is_postgres, normalize, parse, tsquery

CONFIG = "library_french"
# The start of the text is indexed; a tsvector is limited to 1 MB.
INDEXED_TEXT_CHARS = 300_000
# Markers ts_headline puts around matches; escaped text cannot contain them, so they become <mark>.
START, STOP = "\u27e6", "\u27e7"


VECTOR_FIELDS = {
    "A": ("title_fr", "title_ar", "title_en"),
    "B": ("summary_fr", "summary_ar", "summary_en", "authors"),
}


def document_vector(document):
    """The weighted vector of ``document``, from its texts normalised in Python (mess_portal.search:
    the Arabic letter variants and diacritics too, which PostgreSQL's configurations keep)."""
    vector = None
    for weight, fields in VECTOR_FIELDS.items():
        text = normalize(" ".join(filter(None, (getattr(document, name) or "" for name in fields))))
        part = SearchVector(Value(text, output_field=TextField()), weight=weight, config=CONFIG)
        vector = part if vector is None else vector + part
    body = normalize((document.text or "")[:INDEXED_TEXT_CHARS])
    return vector + SearchVector(Value(body, output_field=TextField()), weight="D", config=CONFIG)


def _in_provinces(province_ids):
    from library.models import Document

    through = Document.provinces.through
    return Exists(through.objects.filter(document_id=OuterRef("pk"), province_id__in=province_ids))


def search(queryset, terms: str, *, excerpts: bool = True):
    """Documents matching ``terms``, annotated with ``rank`` and (with ``excerpts``) a highlighted
    ``headline``. Every word in one of its forms (the admin's synonyms); a place name finds the
    documents about its province or that mention it by any of its names."""
    parsed = parse(terms)
    if not parsed:
        return queryset.none().annotate(rank=Value(1.0))
    if is_postgres():
        condition = Q()
        for group in parsed.groups:
            condition &= Q(search_vector=tsquery(group, CONFIG))
        names = [" ".join(name) for name in parsed.place_names()]
        if parsed.places:
            condition &= Q(search_vector=tsquery(names, CONFIG)) | _in_provinces(parsed.provinces_touched)
        query = tsquery([term for group in parsed.groups for term in group] + names, CONFIG)
        matching = queryset.filter(condition).annotate(rank=SearchRank(F("search_vector"), query))
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
    # SQLite: substrings of the texts normalised by the same function, registered with SQLite
    # (mess_portal.apps); slow on a large library, which runs on PostgreSQL.
    normalized = {
        name: Func(F(name), function="mess_normalize", output_field=TextField()) for name in SEARCHED
    }
    queryset = queryset.alias(**{f"_n_{name}": expression for name, expression in normalized.items()})

    def any_of(phrases):
        found = Q()
        for phrase in phrases:
            for name in SEARCHED:
                found |= Q(**{f"_n_{name}__contains": phrase})
        return found

    condition = Q()
    for group in parsed.groups:
        condition &= any_of(group)
    if parsed.places:
        condition &= any_of([" ".join(name) for name in parsed.place_names()]) | _in_provinces(
            parsed.provinces_touched
        )
    matching = queryset.filter(condition).annotate(rank=Value(1.0))
    # The excerpt is cut from the text in Python here, so the text is loaded with the page.
    return matching.defer(None).defer("search_vector") if excerpts else matching


SEARCHED = ("title_fr", "title_ar", "title_en", "summary_fr", "summary_ar", "summary_en", "text")


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
