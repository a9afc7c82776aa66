"""The indicators computed live from the directory (published structures only). They are defined here,
not stored: their values change with every structure published."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class LiveIndicator:
    key: str
    name: Promise
    unit: Promise
    definition: Promise
    field: str  # the aggregate of stats.AGGREGATES it reads
    is_count: bool = True  # adds up, and can be shown per 10,000 inhabitants
    decimals: int = 0


LIVE_INDICATORS = {
    indicator.key: indicator
    for indicator in [
        LiveIndicator(
            "structures",
            _("Number of ESS structures"),
            _("structures"),
            _(
                "Cooperatives, associations, mutuals and other structures of the social and solidarity "
                "economy published in the MESS directory."
            ),
            "structures",
        ),
        LiveIndicator(
            "members",
            _("Members"),
            _("members"),
            _("Members declared by the published structures (structures that gave no number are left out)."),
            "members",
        ),
        LiveIndicator(
            "women-members",
            _("Women members"),
            _("women"),
            _("Women members declared by the published structures."),
            "women",
        ),
        LiveIndicator(
            "women-share",
            _("Share of women among members"),
            "%",
            _(
                "Women members divided by all members, over the structures that gave both numbers, as a "
                "percentage."
            ),
            "women_share",
            is_count=False,
            decimals=1,
        ),
        LiveIndicator(
            "young-members",
            _("Young members"),
            _("young members"),
            _("Young members declared by the published structures."),
            "youth",
        ),
        LiveIndicator(
            "employees",
            _("Employees"),
            _("employees"),
            _("Employees declared by the published structures."),
            "employees",
        ),
    ]
}
