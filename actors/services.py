"""Writes that touch several records: proposals from the public, applying them, merging duplicates."""

import datetime
import logging

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import ManyToManyField
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from actors import tasks
from actors.models import Actor, Proposal
from jobs.services import enqueue_on_commit
from mess_portal.models import Commune, LegalFamily, Sector

logger = logging.getLogger(__name__)

# Fields copied as they are from a proposal to the record.
PLAIN_FIELDS = [
    "name_fr",
    "name_ar",
    "address",
    "phone",
    "email",
    "website",
    "members_total",
    "members_women",
    "description_fr",
    "description_ar",
    "products_fr",
]


def proposal_create(
    *,
    kind: str,
    data: dict,
    sender_name: str,
    sender_email: str,
    message: str = "",
    actor: Actor | None = None,
) -> Proposal:
    """Store what a visitor sent for review, and acknowledge it by e-mail in their language."""
    proposal = Proposal.objects.create(
        kind=kind,
        actor=actor,
        data=data,
        message=message,
        sender_name=sender_name,
        sender_email=sender_email,
        language=translation.get_language() or "fr",
    )
    # Acknowledged by background jobs (retried while the mail server fails): the visitor never waits.
    enqueue_on_commit(tasks.send_proposal_email, proposal.pk, "received")
    if settings.STAFF_NOTIFICATION_EMAILS:
        enqueue_on_commit(tasks.send_proposal_email, proposal.pk, "staff")
    return proposal


def proposal_message(proposal: Proposal, kind: str) -> EmailMessage:
    """The acknowledgement to the sender ("received", in their language) or the staff's notice
    ("staff", in French)."""
    context = {
        "proposal": proposal,
        "name": proposal.data.get("name_fr") or (proposal.actor.name if proposal.actor else ""),
    }
    if kind == "staff":
        with translation.override("fr"):
            return EmailMessage(
                subject=f"[Annuaire] {proposal}",
                body=render_to_string("actors/emails/proposal_staff.txt", context),
                to=settings.STAFF_NOTIFICATION_EMAILS,
            )
    with translation.override(proposal.language):
        return EmailMessage(
            subject=render_to_string("actors/emails/proposal_received_subject.txt", context).strip(),
            body=render_to_string("actors/emails/proposal_received.txt", context),
            to=[proposal.sender_email],
        )


def _log_change(*, user, actor: Actor, message: str) -> None:
    """An entry in the record's admin history, like the admin's own edits."""
    LogEntry.objects.log_actions(
        user_id=user.pk, queryset=[actor], action_flag=CHANGE, change_message=message, single_object=True
    )


@transaction.atomic
def proposal_apply(*, proposal: Proposal, by) -> Actor:
    """Write a proposal into the directory: a new structure becomes a draft for staff to check and
    publish; a correction updates its record. Raises ValidationError when the values do not hold."""
    data = proposal.data
    if proposal.kind == Proposal.Kind.CORRECTION and proposal.actor:
        actor = proposal.actor
    else:
        actor = Actor(status=Actor.Status.DRAFT, source="Proposition du public")
    for name in PLAIN_FIELDS:
        value = data.get(name)
        if value not in (None, ""):
            setattr(actor, name, value)
    # The references may have been renamed or removed since the visitor wrote.
    if data.get("legal_family"):
        family = LegalFamily.objects.filter(slug=data["legal_family"]).first()
        if family is None:
            raise ValidationError(_("Unknown legal family: %(value)s") % {"value": data["legal_family"]})
        actor.legal_family = family
    if data.get("commune"):
        commune = Commune.objects.filter(code=data["commune"]).first()
        if commune is None:
            raise ValidationError(
                _("Unknown commune: %(value)s (give its HCP code or its name)") % {"value": data["commune"]}
            )
        actor.commune = commune
    if data.get("creation_year"):
        year = int(data["creation_year"])
        if not actor.creation_date or actor.creation_date.year != year:
            actor.creation_date = datetime.date(year, 1, 1)
    actor.full_clean(exclude=["slug"])
    actor.save()
    if "sectors" in data and (data["sectors"] or proposal.kind == Proposal.Kind.NEW):
        actor.sectors.set(Sector.objects.filter(slug__in=data["sectors"]))
    actor.flag_duplicates()
    proposal.actor = actor
    proposal.status = Proposal.Status.APPLIED
    proposal.reviewed_by = by
    proposal.reviewed_at = timezone.now()
    proposal.save(update_fields=["actor", "status", "reviewed_by", "reviewed_at"])
    _log_change(user=by, actor=actor, message=f"Proposition n° {proposal.pk} appliquée.")
    return actor


def _richness(actor: Actor) -> int:
    filled = sum(
        1 for field in actor._meta.concrete_fields if getattr(actor, field.attname) not in (None, "")
    )
    return filled + actor.sectors.count() + actor.labels.count() + actor.photos.count()


@transaction.atomic
def actors_merge(*, first: Actor, second: Actor, by) -> Actor:
    """Merge two records of the same structure: keep the richer one, fill its empty fields from the
    other, gather sectors, labels, photos and proposals, then delete the other."""
    keep, drop = (first, second) if _richness(first) >= _richness(second) else (second, first)
    skipped = {"id", "slug", "status", "possible_duplicate_of", "created_at", "updated_at", "search_vector"}
    for field in keep._meta.concrete_fields:
        if field.name in skipped or isinstance(field, ManyToManyField):
            continue
        if getattr(keep, field.attname) in (None, "") and getattr(drop, field.attname) not in (None, ""):
            setattr(keep, field.attname, getattr(drop, field.attname))
    if drop.status == Actor.Status.PUBLISHED:
        keep.status = Actor.Status.PUBLISHED
    if keep.possible_duplicate_of_id == drop.pk:
        keep.possible_duplicate_of = None
    keep.save()
    keep.sectors.add(*drop.sectors.all())
    keep.labels.add(*drop.labels.all())
    drop.photos.update(actor=keep)
    drop.proposals.update(actor=keep)
    Actor.objects.filter(possible_duplicate_of=drop).update(possible_duplicate_of=None)
    message = f"Fusionnée avec « {drop} » (n° {drop.pk}), supprimée."
    drop.delete()
    _log_change(user=by, actor=keep, message=message)
    return keep
