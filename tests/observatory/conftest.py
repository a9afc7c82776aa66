"""A small known directory, with the figures counted by hand in the tests."""

import datetime
from dataclasses import dataclass

import pytest

from actors.models import Actor
from mess_portal.models import Province, Region
from tests.actors.factories import ActorFactory
from tests.factories import commune, legal_family, sector


@dataclass
class Known:
    tanger: Province
    tetouan: Province
    ouezzane: Province  # no structure at all
    fahs: Province  # population set to 0
    region: Region


@pytest.fixture
def known(db):
    """Published: in Tanger two (a cooperative 10 members, 6 women, 2 young, 1 employee, founded 2010, in
    agriculture; an association of 20 members with no count of women, founded 2012, in agriculture and
    artisanat), in Tétouan a cooperative of 5 women founded 2012, in Fahs-Anjra (population 0) an
    association without numbers or date. A draft of 100 members in Tanger, not counted. Ouezzane: nothing."""
    tetouan = Province.objects.get(slug="tetouan")
    fahs = Province.objects.get(slug="fahs-anjra")
    fahs.population_2024 = 0
    fahs.save()
    ActorFactory(
        commune=commune("01.511.01.0"),
        legal_family=legal_family("cooperative"),
        members_total=10,
        members_women=6,
        members_youth=2,
        employees=1,
        creation_date=datetime.date(2010, 5, 1),
        sectors=[sector("agriculture")],
    )
    ActorFactory(
        commune=commune("01.511.01.0"),
        legal_family=legal_family("association"),
        members_total=20,
        creation_date=datetime.date(2012, 1, 1),
        sectors=[sector("agriculture"), sector("artisanat")],
    )
    ActorFactory(
        commune=tetouan.communes.order_by("code").first(),
        legal_family=legal_family("cooperative"),
        members_total=5,
        members_women=5,
        creation_date=datetime.date(2012, 12, 31),
    )
    ActorFactory(commune=fahs.communes.order_by("code").first(), legal_family=legal_family("association"))
    ActorFactory(
        commune=commune("01.511.01.0"), members_total=100, members_women=100, status=Actor.Status.DRAFT
    )
    return Known(
        tanger=Province.objects.get(slug="tanger-assilah"),
        tetouan=tetouan,
        ouezzane=Province.objects.get(slug="ouezzane"),
        fahs=fahs,
        region=Region.objects.get(),
    )


@pytest.fixture
def hcp_series(db):
    """The official HCP series, as seed_demo loads them."""
    from observatory import demo

    demo.seed()
