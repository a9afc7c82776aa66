"""Every public page of the portal, on the demo content: shared by the sweeps of bad input, of page
structure and of the real-browser checks (phone width, right to left, Content-Security-Policy)."""

import io

from django.core.management import call_command
from django.urls import resolve, reverse

from actors.models import Actor
from events import contest_services
from events import services as event_services
from events.models import ContestEdition, Event, Registration
from library import services as library_services
from library.models import Document, NewsletterIssue, Subscriber
from mess_portal.models import Commune
from support.models import SupportService

# Pages that are not HTML, or that answer only a POST.
NOT_PAGES = {
    "actors:map_data",
    "library:download",
    "library:newsletter_subscribe",
    "healthz",
    "robots_txt",
    "sitemap",
    "sitemap-section",
    "events:ics",
    "events:calendar_feed",
    "events:atom_feed",
    "events:register",
}


def seed_demo_site(*, actors=12) -> dict:
    """The demo content (``seed_demo``) and two newsletter subscribers; what the URLs need."""
    call_command("seed_demo", actors=actors, stdout=io.StringIO())
    pending = Subscriber.objects.create(email="pending@example.org")
    confirmed = Subscriber.objects.create(email="reader@example.org", status=Subscriber.Status.CONFIRMED)
    contest = ContestEdition.objects.public().order_by("-year")
    return {
        "contest_year": contest[0].year,
        "contest_past_year": contest[1].year,
        "contest_category": contest[0].categories.order_by("pk").first().pk,
        "contest_token": contest_services.edit_token(contest[0].applications.order_by("pk").first()),
        "actor": Actor.objects.published().order_by("pk").first().slug,
        "service": SupportService.objects.published().order_by("pk").first().slug,
        "document": Document.objects.published().exclude(file="").order_by("pk").first().slug,
        "issue": NewsletterIssue.objects.archived().order_by("pk").first().number,
        "commune": Commune.objects.order_by("code").first(),
        "confirm_token": library_services.make_token(pending, salt=library_services.CONFIRM_SALT),
        "unsubscribe_token": library_services.make_token(confirmed, salt=library_services.UNSUBSCRIBE_SALT),
        "event": Event.objects.published().filter(registration_open=True).upcoming().first().slug,
        "cancel_token": event_services.cancel_token(Registration.objects.active().order_by("pk").first()),
    }


def public_urls(site) -> dict[str, str]:
    """Every public URL of the portal, by URL name, in French."""
    return {
        "site:home": reverse("site:home"),
        "site:about_oress": reverse("site:about_oress"),
        "site:contact": reverse("site:contact"),
        "site:accessibility": reverse("site:accessibility"),
        "site:legal": reverse("site:legal"),
        "site:privacy": reverse("site:privacy"),
        "actors:list": reverse("actors:list"),
        "actors:map_data": reverse("actors:map_data"),
        "actors:propose": reverse("actors:propose"),
        "actors:proposal_thanks": reverse("actors:proposal_thanks"),
        "actors:detail": reverse("actors:detail", args=[site["actor"]]),
        "actors:correct": reverse("actors:correct", args=[site["actor"]]),
        "support:list": reverse("support:list"),
        "support:detail": reverse("support:detail", args=[site["service"]]),
        "support:orientation": reverse("support:orientation"),
        "support:orientation_thanks": reverse("support:orientation_thanks"),
        "library:index": reverse("library:index"),
        "library:detail": reverse("library:detail", args=[site["document"]]),
        "library:download": reverse("library:download", args=[site["document"]]),
        "library:newsletter": reverse("library:newsletter"),
        "library:newsletter_subscribe": reverse("library:newsletter_subscribe"),
        "library:newsletter_pending": reverse("library:newsletter_pending"),
        "library:newsletter_issue": reverse("library:newsletter_issue", args=[site["issue"]]),
        "library:newsletter_confirm": reverse("library:newsletter_confirm", args=[site["confirm_token"]]),
        "library:newsletter_unsubscribe": reverse(
            "library:newsletter_unsubscribe", args=[site["unsubscribe_token"]]
        ),
        "events:index": reverse("events:index"),
        "events:detail": reverse("events:detail", args=[site["event"]]),
        "events:registered": reverse("events:registered", args=[site["event"]]),
        "events:cancel": reverse("events:cancel", args=[site["cancel_token"]]),
        "events:register": reverse("events:register", args=[site["event"]]),
        "events:ics": reverse("events:ics", args=[site["event"]]),
        "events:calendar_feed": reverse("events:calendar_feed"),
        "events:atom_feed": reverse("events:atom_feed"),
        "events:contest_index": reverse("events:contest_index"),
        "events:contest_edition": reverse("events:contest_edition", args=[site["contest_past_year"]]),
        "events:contest_apply": reverse("events:contest_apply", args=[site["contest_year"]]),
        "events:contest_apply_thanks": reverse("events:contest_apply_thanks", args=[site["contest_year"]]),
        "events:contest_application_edit": reverse(
            "events:contest_application_edit", args=[site["contest_token"]]
        ),
        "observatory:index": reverse("observatory:index"),
        "observatory:atlas": reverse("observatory:atlas"),
        "observatory:indicator": reverse("observatory:indicator", args=["structures"]),
        "observatory:province": reverse("observatory:province", args=["tanger-assilah"]),
        "healthz": "/healthz",
        "robots_txt": "/robots.txt",
        "sitemap": "/sitemap.xml",
        "sitemap-section": "/sitemap-actors.xml",
        "apidoc:index": reverse("apidoc:index"),
    }


def html_pages(site, language="fr") -> list[str]:
    """The HTML pages a visitor reads in ``language``: each public page, the lists in their other
    states (searched, filtered, map view, a wrong filter) and the page of an unknown address."""
    urls = [url for name, url in public_urls(site).items() if name not in NOT_PAGES]
    urls += [
        reverse("actors:list") + "?q=coop&family=cooperative",
        reverse("actors:list") + "?view=map",
        reverse("actors:list") + "?q=introuvable",
        reverse("support:list") + "?stage=idee&need=financement&commune=tanger",
        reverse("support:list") + "?cost=inconnu",
        reverse("library:index") + "?q=atlas",
        reverse("library:index") + "?kind=inconnu",
        reverse("library:newsletter_confirm", args=["lien-abime"]),
        reverse("events:index") + "?when=past",
        reverse("events:index") + "?view=calendar&month=2026-12",
        reverse("events:index") + "?kind=workshop&province=tanger-assilah",
        reverse("events:index") + "?kind=inconnu",
        reverse("events:registered", args=[site["event"]]) + "?status=waiting",
        reverse("events:cancel", args=["lien-abime"]),
        reverse("events:contest_edition", args=[site["contest_year"]]),
        reverse("events:contest_apply", args=[site["contest_past_year"]]),
        reverse("events:contest_apply_thanks", args=[site["contest_year"]]) + "?ref=CR-2026-0042",
        reverse("observatory:index") + "?province=tetouan&family=cooperative&year_from=2000&year_to=2020",
        reverse("observatory:index") + "?province=inconnue&year_from=abc",
        reverse("observatory:atlas") + "?indicator=hcp-non-profit-establishments&measure=per-10000",
        reverse("observatory:indicator", args=["hcp-employed-cooperative-members"]),
        reverse("observatory:province", args=["ouezzane"]),
        "/fr/page-inexistante/",
    ]
    return [f"/{language}/" + url.removeprefix("/fr/") for url in urls]


def discovered_pages(client, site, language="fr") -> list[str]:
    """``html_pages`` and every other page a visitor or a robot can reach: each address of the sitemaps
    and each link of the home page's navigation and footer, in ``language``; pages added later are swept
    without being listed here."""
    import re
    from urllib.parse import urlsplit

    pages = html_pages(site, language)
    found = []
    index = client.get("/sitemap.xml").content.decode()
    for section in re.findall(r"<loc>([^<]+)</loc>", index):
        xml = client.get(urlsplit(section).path).content.decode()
        found += [urlsplit(url).path for url in re.findall(r'(?:<loc>|href=")([^<"]+)', xml)]
    home = client.get(f"/{language}/").content.decode()
    for block in re.findall(r"<(?:nav|footer)\b.*?</(?:nav|footer)>", home, flags=re.S):
        found += [urlsplit(href).path for href in re.findall(r'href="(/[^"#]*)"', block)]
    for path in found:
        if not path.startswith(f"/{language}/") or path in pages:
            continue
        match = resolve(path)
        name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
        if name not in NOT_PAGES:
            pages.append(path)
    return pages
