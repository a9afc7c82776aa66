"""Text as the searches of the directory, the support catalogue and the library read it.

One module for the three: the same normalisation (case, accents, Arabic diacritics and letter
variants), the same cut of a query into words, the same word forms (``SearchSynonym``: "tissage"
also finds "tisserand") and the same place names (the territories' names and their ``PlaceName``
variants: "chaouen" is Chefchaouen). Each app then turns a parsed query into its own conditions:
full text and trigrams on PostgreSQL (GIN indexes), substrings on SQLite.

The synonym and place tables are read once and kept in the cache under a version key that a save or
delete in the admin bumps (``mess_portal.apps``): a warm search costs no SQL query for them.
"""

import re
import unicodedata
import uuid
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Lookup
from django.utils.functional import cached_property

# --- normalisation -----------------------------------------------------------------------------

# Alef with hamza or madda decompose (NFKD) into a bare alef plus a combining mark, which is then
# dropped with the other marks (harakat, shadda, sukun); these letters have no decomposition.
_ARABIC_LETTERS = str.maketrans({"ى": "ي", "ة": "ه", "ـ": None, "ٱ": "ا"})
_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w]+")


def normalize(text: str | None) -> str:
    """Lower case, no accents or Arabic diacritics, Arabic letter variants unified, single spaces.

    The same function prepares the stored search columns and the visitor's query, so "Coopérative"
    and "cooperative", or "جمعيّة" and "جمعيه", meet on the same form."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.translate(_ARABIC_LETTERS).casefold()).strip()


# Longer than any French or Arabic word: a longer "word" is a broken or hostile query, and comparing
# thousands of characters with every name by trigram took minutes at 50,000 structures.
MAX_WORD_LENGTH = 40
MAX_WORDS = 8
# What is read of a query at all: a page of text pasted in the box is not a search.
MAX_QUERY_CHARS = 400


def tokens(text: str | None) -> list[str]:
    """Every word of ``text``, normalised, split on anything that is not a letter or digit
    (hyphens, apostrophes, punctuation, control characters), each cut to MAX_WORD_LENGTH."""
    return [
        word[:MAX_WORD_LENGTH] for word in _NON_WORD.split(normalize((text or "")[:MAX_QUERY_CHARS])) if word
    ]


def meaningful(words: list[str]) -> list[str]:
    """Without one- and two-letter words ("de", "la", "ب") unless there is nothing else; eight at most."""
    long_words = [word for word in words if len(word) > 2]
    return (long_words or words)[:MAX_WORDS]


def search_words(text: str | None) -> list[str]:
    """The words of a query that carry meaning (see ``tokens`` and ``meaningful``)."""
    return meaningful(tokens(text))


# --- the synonym and place tables, cached ------------------------------------------------------

LEXICON_VERSION_KEY = "search:lexicon:version"
LEXICON_SECONDS = 24 * 3600
_memo: dict = {}


def _version() -> str:
    version = cache.get(LEXICON_VERSION_KEY)
    if version is None:
        cache.add(LEXICON_VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(LEXICON_VERSION_KEY) or "0"
    return version


def invalidate_lexicon(**kwargs) -> None:
    """Connected to saves and deletes of synonyms, place names and territories."""
    cache.set(LEXICON_VERSION_KEY, uuid.uuid4().hex, None)
    _memo.clear()


@dataclass(frozen=True)
class Place:
    kind: str  # "province" or "commune"
    pk: int
    province_id: int


@dataclass
class Lexicon:
    # normalised term -> the terms of its groups (itself included), in a stable order
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # tuple of normalised tokens -> the territories of that name
    places: dict[tuple[str, ...], tuple[Place, ...]] = field(default_factory=dict)
    # the names of each territory, as token tuples (to look for them in a document's text)
    names_of: dict[Place, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    longest_place: int = 0
    # province pk -> the pks of its communes
    communes_of: dict[int, tuple[int, ...]] = field(default_factory=dict)


def lexicon() -> Lexicon:
    version = _version()
    if _memo.get("version") == version:
        return _memo["lexicon"]
    key = f"search:lexicon:{version}"
    data = cache.get(key)
    if data is None:
        data = build_lexicon()
        cache.set(key, data, LEXICON_SECONDS)
    _memo.clear()
    _memo.update(version=version, lexicon=data)
    return data


_ARABIC_PREFIXES = "وبلفك"  # and, in/with, to, so, like: glued to the word that follows


def build_lexicon() -> Lexicon:
    from mess_portal.models import Commune, PlaceName, Province, SearchSynonym

    groups: dict[str, list[str]] = {}
    for synonym in SearchSynonym.objects.all():
        terms = []
        for term in synonym.term_list():
            normal = " ".join(tokens(term))
            if normal and normal not in terms:
                terms.append(normal)
        for term in terms:
            merged = groups.setdefault(term, [term])
            merged.extend(t for t in terms if t not in merged)
    synonyms = {term: tuple(terms) for term, terms in groups.items()}

    places: dict[tuple[str, ...], list[Place]] = {}
    names_of: dict[Place, list[tuple[str, ...]]] = {}

    def add(place: Place, name: str) -> None:
        words = tuple(tokens(name))
        if not words or " ".join(words) in synonyms:
            # An activity before a place: "الزيتون" is the olive before the commune of Zaitoune.
            return
        forms = {words}
        if len(words) > 1:
            forms.add(("".join(words),))  # "Al Hoceïma" typed "alhoceima", "M'diq" typed "mdiq"
        for form in forms:
            entry = places.setdefault(form, [])
            if place not in entry:
                entry.append(place)
        known = names_of.setdefault(place, [])
        if words not in known:
            known.append(words)

    for pk, *names in Province.objects.values_list("pk", "name_fr", "name_ar", "name_en"):
        for name in names:
            add(Place("province", pk, pk), name)
    communes_of: dict[int, list[int]] = {}
    for pk, province_id, *names in Commune.objects.values_list(
        "pk", "province_id", "name_fr", "name_ar", "name_en"
    ):
        communes_of.setdefault(province_id, []).append(pk)
        for name in names:
            add(Place("commune", pk, province_id), name)
    for province_id, commune_id, commune_province_id, name in PlaceName.objects.values_list(
        "province_id", "commune_id", "commune__province_id", "name"
    ):
        if commune_id:
            add(Place("commune", commune_id, commune_province_id), name)
        elif province_id:
            add(Place("province", province_id, province_id), name)
    return Lexicon(
        synonyms=synonyms,
        places={name: tuple(found) for name, found in places.items()},
        names_of={place: tuple(names) for place, names in names_of.items()},
        longest_place=max((len(name) for name in places), default=0),
        communes_of={pk: tuple(sorted(ids)) for pk, ids in communes_of.items()},
    )


# --- a visitor's query, parsed -----------------------------------------------------------------


@dataclass
class ParsedQuery:
    """``groups``: one per meaningful word that is not part of a place name, the word then its other
    forms; ``places``: the territories named; ``place_words``: the words that named them (a name may
    also be a word of a structure's name: "Coopérative Tanger Bio")."""

    groups: list[tuple[str, ...]] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    place_words: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.groups or self.places)

    @property
    def words(self) -> list[str]:
        return [group[0] for group in self.groups]

    @property
    def all_words(self) -> list[str]:
        return self.words + self.place_words

    @cached_property
    def province_ids(self) -> list[int]:
        return sorted({p.pk for p in self.places if p.kind == "province"})

    @cached_property
    def commune_ids(self) -> list[int]:
        return sorted({p.pk for p in self.places if p.kind == "commune"})

    @cached_property
    def communes_in_provinces(self) -> list[int]:
        """The communes of the provinces named (not those named themselves)."""
        table = lexicon().communes_of
        return sorted({pk for province in self.province_ids for pk in table.get(province, ())})

    @cached_property
    def provinces_touched(self) -> list[int]:
        """The provinces named, and those of the communes named."""
        return sorted({p.province_id for p in self.places})

    def place_names(self) -> list[tuple[str, ...]]:
        """Every known name of the places named, as token tuples (for documents that mention them)."""
        table = lexicon().names_of
        names = []
        for place in self.places:
            for name in table.get(place, ()):
                if name not in names:
                    names.append(name)
        return names


def parse(text: str | None) -> ParsedQuery:
    words = tokens(text)
    if not words:
        return ParsedQuery()
    table = lexicon()
    places: list[Place] = []
    place_words: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(words):
        found = None
        for length in range(min(table.longest_place, len(words) - i), 0, -1):
            name = tuple(words[i : i + length])
            hit = table.places.get(name)
            first = name[0]
            if hit is None and len(first) > 3 and first[0] in _ARABIC_PREFIXES:
                hit = table.places.get((first[1:], *name[1:]))  # "بطنجة", "وتطوان"
            if hit:
                found = (length, hit)
                break
        if found:
            length, hit = found
            places.extend(p for p in hit if p not in places)
            place_words.extend(w for w in words[i : i + length] if len(w) > 2)
            i += length
        else:
            rest.append(words[i])
            i += 1
    kept = meaningful(rest) if rest else []
    if not places:
        kept = meaningful(words)
    groups = [table.synonyms.get(word, (word,)) for word in kept]
    # The word as typed first: it is the one compared by trigram with names.
    groups = [(word, *(t for t in group if t != word)) for word, group in zip(kept, groups, strict=True)]
    return ParsedQuery(groups=groups, places=places, place_words=place_words[:MAX_WORDS])


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def tsquery(terms, config: str):
    """The OR of ``terms`` (each a phrase of plain words, ANDed) as one SearchQuery, or None."""
    from django.contrib.postgres.search import SearchQuery

    query = None
    for term in terms:
        one = SearchQuery(term, config=config, search_type="plain")
        query = one if query is None else query | one
    return query


class AnyOf(Lookup):
    """``field = ANY(array)`` (PostgreSQL), the array sent as one parameter: a search's matches, found once,
    then used as a list of ids by the page, its count and every facet count, without a placeholder per id.
    Used as an expression: ``queryset.filter(AnyOf(F("pk"), ids))``."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s::bigint[])", (*params, [int(value) for value in self.rhs])


# --- counting only as far as it is useful --------------------------------------------------------

COUNT_LIMIT = 1000


class CappedPaginator(Paginator):
    """Counts up to ``limit`` results and then stops: "more than 1,000" is all a visitor needs, and
    counting 50,000 matches cost more than finding the first twenty. Pages go up to the limit."""

    def __init__(self, object_list, per_page, *, limit: int = COUNT_LIMIT, **kwargs):
        self.limit = limit
        super().__init__(object_list, per_page, **kwargs)

    @cached_property
    def found(self) -> int:
        """How many results, counted up to ``limit`` + 1."""
        qs = self.object_list
        if hasattr(qs, "values"):
            return qs.order_by().values("pk")[: self.limit + 1].count()
        return min(len(qs), self.limit + 1)

    @property
    def capped(self) -> bool:
        return self.found > self.limit

    @cached_property
    def count(self) -> int:
        return min(self.found, self.limit)
