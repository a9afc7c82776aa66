"""Writes of the regional contest: applications, the jury's marks, the ranking and the laureates.

The mark of an application (defined here, shown on the results page):

- each score is first brought to 0..1 by its criterion's scale: ``value / scale_max``;
- a juror's mark is the weighted mean of their scores, out of 20:
  ``20 × Σ weight × value / scale_max  ÷  Σ weight`` (over the criteria that juror marked);
- the application's mark is the mean of its jurors' marks (each juror counts once, however many
  criteria they marked); its total is ``Σ weight × value`` over every juror and criterion;
- the spread is the lowest and highest juror's mark and their standard deviation (population);
- the ranking, per category, is by mark, highest first; equal marks share a rank (1, 2, 2, 4).
"""

import logging
import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from actors.images import reencode
from actors.models import Actor, Proposal
from actors.services import proposal_create
from events import tasks
from events.models import (
    Application,
    ApplicationAttachment,
    ConflictOfInterest,
    ContestEdition,
    Criterion,
    Laureate,
    Score,
)
from jobs.services import enqueue_on_commit

logger = logging.getLogger(__name__)

EDIT_SALT = "events.contest.application-edit"
MARK_SCALE = 20
MAX_ATTACHMENTS = 6

# The application fields an applicant fills in and may correct until the deadline.
APPLICATION_FIELDS = [
    "category",
    "presentation",
    "members_total",
    "members_women",
    "members_youth",
    "employees",
    "turnover",
    "contact_name",
    "contact_email",
    "contact_phone",
]


# --- Applications ------------------------------------------------------------------------------


def edit_token(application: Application) -> str:
    return signing.dumps({"a": application.pk, "r": application.reference}, salt=EDIT_SALT, compress=True)


def application_from_token(token: str) -> Application | None:
    """The application a signed link is for, or None when the link is forged, damaged or stale."""
    try:
        data = signing.loads(token, salt=EDIT_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    return (
        Application.objects.select_related("edition", "category", "actor")
        .filter(pk=data.get("a"), reference=data.get("r"))
        .first()
    )


def edit_url(application: Application, *, site_url: str) -> str:
    with translation.override(application.language):
        path = reverse("events:contest_application_edit", args=[edit_token(application)])
    return site_url.rstrip("/") + path


def _store_attachments(application: Application, files: list) -> None:
    for checked in files:
        ApplicationAttachment.objects.create(
            application=application,
            kind=checked.kind,
            file=checked.content,
            original_name=checked.original_name[:200],
            size=checked.content.size,
        )


@dataclass
class CheckedFile:
    """An upload that passed its checks, ready to store (images re-encoded, PDFs as sent)."""

    kind: str
    content: object
    original_name: str


def check_upload(upload) -> CheckedFile:
    """Raise ValidationError unless the upload is a sound PDF or image, read from its content."""
    from django.core.files.base import ContentFile

    from library.pdf import inspect_pdf

    head = upload.read(8)
    upload.seek(0)
    if head.lstrip().startswith(b"%PDF-"):
        limit = settings.LIBRARY_MAX_PDF_MB * 1024 * 1024
        if upload.size > limit:
            raise ValidationError(
                _("%(name)s is too large: PDFs up to %(limit)s MB.")
                % {"name": upload.name, "limit": settings.LIBRARY_MAX_PDF_MB}
            )
        info = inspect_pdf(upload.read())
        return CheckedFile(
            ApplicationAttachment.Kind.PDF, ContentFile(info.data, name="file.pdf"), upload.name
        )
    image, _thumbnail = reencode(upload)
    return CheckedFile(ApplicationAttachment.Kind.IMAGE, image, upload.name)


@transaction.atomic
def application_create(
    *,
    edition: ContestEdition,
    data: dict,
    actor: Actor | None,
    new_structure: dict | None,
    files: list[CheckedFile],
    language: str,
    now=None,
) -> Application:
    """Record an application with its reference number (CR-<year>-<number>). A structure that is not
    in the directory yet goes to the directory's moderation queue as a proposal of a new structure."""
    # The edition's row is locked so that two applications at once get two numbers.
    edition = ContestEdition.objects.select_for_update().get(pk=edition.pk)
    if not edition.accepts_applications(now):
        raise ValidationError(_("Applications to this edition are closed."), code="closed")
    number = (edition.applications.aggregate(last=Max("number"))["last"] or 0) + 1
    proposal = None
    if actor is None:
        with translation.override(language):
            proposal = proposal_create(
                kind=Proposal.Kind.NEW,
                data=new_structure or {},
                sender_name=data["contact_name"],
                sender_email=data["contact_email"],
                message=f"Candidature au concours régional {edition.year} ({Application.make_reference(edition.year, number)}).",
            )
    application = Application.objects.create(
        edition=edition,
        number=number,
        reference=Application.make_reference(edition.year, number),
        actor=actor,
        proposal=proposal,
        structure_name=actor.name_fr if actor else (new_structure or {}).get("name_fr", ""),
        language=language,
        consent_at=timezone.now(),
        **{name: data[name] for name in APPLICATION_FIELDS if name in data},
    )
    _store_attachments(application, files)
    return application


def application_acknowledge(application: Application, *, site_url: str) -> None:
    """Queue the acknowledgement with the signed link to complete the application, and a word to the
    staff: background jobs, tried again while the mail server fails (staff see it was not acknowledged)."""
    with transaction.atomic():
        enqueue_on_commit(
            tasks.send_application_email,
            application.pk,
            "acknowledgement",
            key=f"events.contest.acknowledgement:{application.pk}",
            site_url=site_url,
        )
        if settings.STAFF_NOTIFICATION_EMAILS:
            enqueue_on_commit(tasks.notify_staff_of_application, application.pk, site_url=site_url)


def staff_message(application: Application, *, site_url: str) -> EmailMultiAlternatives:
    """Tell the staff addresses of a new application (in French, the staff's working language)."""
    admin_url = site_url.rstrip("/") + reverse("admin:events_application_change", args=[application.pk])
    body = (
        f"Nouvelle candidature au concours régional {application.edition.year} : {application.reference}\n"
        f"Structure : {application.structure_name}"
        f"{' (nouvelle structure, proposition à modérer dans l’annuaire)' if application.proposal_id else ''}\n"
        f"Catégorie : {application.category.name_fr}\n\n{admin_url}\n"
    )
    return EmailMultiAlternatives(
        f"[Concours {application.edition.year}] Nouvelle candidature {application.reference}",
        body,
        settings.DEFAULT_FROM_EMAIL,
        settings.STAFF_NOTIFICATION_EMAILS,
    )


@transaction.atomic
def application_update(
    *, application: Application, data: dict, files: list[CheckedFile], remove: list[int], now=None
) -> Application:
    """The applicant's corrections through their signed link, until the deadline and not after."""
    application = Application.objects.select_related("edition").select_for_update().get(pk=application.pk)
    if not application.edition.accepts_applications(now):
        raise ValidationError(_("Applications to this edition are closed."), code="closed")
    if application.attachments.exclude(pk__in=remove).count() + len(files) > MAX_ATTACHMENTS:
        raise ValidationError(
            _("At most %(count)s attachments per application.") % {"count": MAX_ATTACHMENTS}, code="too_many"
        )
    for name in APPLICATION_FIELDS:
        if name in data:
            setattr(application, name, data[name])
    application.save()
    for attachment in application.attachments.filter(pk__in=remove):
        attachment.file.delete(save=False)
        attachment.delete()
    _store_attachments(application, files)
    return application


def applications_link_structures(*, edition: ContestEdition | None = None) -> int:
    """Point the applications of new structures at the directory's record once staff have applied
    their proposal (so that a laureate's badge and link can show). Returns how many were linked."""
    applications = Application.objects.filter(
        actor__isnull=True, proposal__status=Proposal.Status.APPLIED, proposal__actor__isnull=False
    ).select_related("proposal")
    if edition is not None:
        applications = applications.filter(edition=edition)
    linked = 0
    for application in applications:
        application.actor_id = application.proposal.actor_id
        application.save(update_fields=["actor", "updated_at"])
        Laureate.objects.filter(application=application, actor__isnull=True).update(
            actor=application.actor_id
        )
        linked += 1
    return linked


# --- Jury ---------------------------------------------------------------------------------------


def is_contest_staff(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm("events.add_laureate"))


def can_view(user, application: Application) -> bool:
    return Application.objects.visible_to(user).filter(pk=application.pk).exists()


def can_score(user, application: Application) -> bool:
    """A juror of the application's category, with no conflict declared with its structure, while the
    jury is at work. Contest staff do not score unless they are jurors of the category too."""
    if not user.is_active or not user.is_staff:
        return False
    if application.edition.status != ContestEdition.Status.JURY:
        return False
    if application.status != Application.Status.SUBMITTED:
        return False
    if not application.category.jurors.filter(pk=user.pk).exists():
        return False
    conflicts = ConflictOfInterest.objects.filter(juror=user, actor_id=application.actor_id)
    return not (application.actor_id and conflicts.exists())


@transaction.atomic
def scores_save(*, juror, application: Application, values: dict[int, Decimal | None]) -> int:
    """Save a juror's marks for an application, {criterion id: mark or None to clear}. Raises
    PermissionDenied when the juror may not mark it, ValidationError for a mark outside its scale."""
    if not can_score(juror, application):
        raise PermissionDenied(_("You may not score this application."))
    criteria = {
        criterion.pk: criterion for criterion in Criterion.objects.filter(edition=application.edition_id)
    }
    saved = 0
    for criterion_id, value in values.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise ValidationError(_("This criterion is not one of the edition's."))
        if value is None:
            Score.objects.filter(juror=juror, application=application, criterion=criterion).delete()
            continue
        if not Decimal(0) <= value <= criterion.scale_max:
            raise ValidationError(
                _("The mark must be between 0 and %(max)s.") % {"max": criterion.scale_max},
                code="out_of_scale",
            )
        Score.objects.update_or_create(
            juror=juror, application=application, criterion=criterion, defaults={"value": value}
        )
        saved += 1
    return saved


@dataclass
class ResultRow:
    application: Application
    total: Decimal = Decimal(0)
    mark: float | None = None
    juror_marks: list = field(default_factory=list)
    rank: int | None = None
    scores_count: int = 0

    @property
    def lowest(self):
        return min(self.juror_marks) if self.juror_marks else None

    @property
    def highest(self):
        return max(self.juror_marks) if self.juror_marks else None

    @property
    def deviation(self):
        return statistics.pstdev(self.juror_marks) if self.juror_marks else None

    @property
    def jurors_count(self):
        return len(self.juror_marks)


def juror_mark(scores: list[Score]) -> float:
    """One juror's weighted mark out of 20 (see the module's docstring)."""
    weights = sum(score.criterion.weight for score in scores)
    points = sum(score.criterion.weight * float(score.value) / score.criterion.scale_max for score in scores)
    return MARK_SCALE * points / weights


def edition_results(edition: ContestEdition) -> list[tuple]:
    """[(category, [ResultRow ranked])] for every category of the edition; two queries."""
    applications = list(
        edition.applications.filter(status=Application.Status.SUBMITTED)
        .select_related("category", "actor")
        .order_by("category__position", "category__pk", "number")
    )
    rows = {application.pk: ResultRow(application) for application in applications}
    by_juror: dict[tuple, list[Score]] = {}
    for score in Score.objects.filter(application__in=rows.keys()).select_related("criterion"):
        row = rows[score.application_id]
        row.total += score.criterion.weight * score.value
        row.scores_count += 1
        by_juror.setdefault((score.application_id, score.juror_id), []).append(score)
    for (application_id, _juror), scores in sorted(by_juror.items()):
        rows[application_id].juror_marks.append(juror_mark(scores))
    for row in rows.values():
        if row.juror_marks:
            row.mark = statistics.fmean(row.juror_marks)
    results = []
    for category in edition.categories.all():
        ranked = sorted(
            (row for row in rows.values() if row.application.category_id == category.pk),
            key=lambda row: (row.mark is None, -(row.mark or 0), row.application.number),
        )
        previous, previous_rank = None, 0
        for position, row in enumerate(ranked, start=1):
            if row.mark is None:
                continue
            # Marks equal to the hundredth share a rank.
            rounded = round(row.mark, 2)
            row.rank = previous_rank if rounded == previous else position
            previous, previous_rank = rounded, row.rank
        results.append((category, ranked))
    return results


# --- Laureates ----------------------------------------------------------------------------------


@transaction.atomic
def laureates_from_ranking(*, edition: ContestEdition, per_category: int = 3) -> int:
    """Draft the laureates from the ranking: the first ``per_category`` of each category, with the
    category's prize for the first. Staff review them in the admin before publishing. Returns how many."""
    if edition.status == ContestEdition.Status.PUBLISHED:
        raise ValidationError(_("The results of this edition are already published."))
    applications_link_structures(edition=edition)
    edition.laureates.all().delete()
    created = 0
    for category, rows in edition_results(edition):
        for row in rows:
            if row.rank is None or row.rank > per_category:
                continue
            first = row.rank == 1
            Laureate.objects.create(
                edition=edition,
                category=category,
                application=row.application,
                actor=row.application.actor,
                rank=row.rank,
                prize_fr=category.prize_fr if first else "",
                prize_ar=category.prize_ar if first else "",
                prize_en=category.prize_en if first else "",
            )
            created += 1
    return created


def laureates_publish(*, edition: ContestEdition, by, site_url: str) -> tuple[int, int]:
    """Show the laureates on the public pages and tell every applicant of the edition the outcome, in
    their language. Returns (e-mails queued, 0): each e-mail is a background job, tried again while the
    mail server fails; publishing again queues those not told yet (none is told twice)."""
    with transaction.atomic():
        edition = ContestEdition.objects.select_for_update().get(pk=edition.pk)
        if not edition.laureates.exists():
            raise ValidationError(_("Record the laureates before publishing them."))
        applications_link_structures(edition=edition)
        if edition.status != ContestEdition.Status.PUBLISHED:
            edition.status = ContestEdition.Status.PUBLISHED
            edition.results_published_at = timezone.now()
            edition.save(update_fields=["status", "results_published_at", "updated_at"])
        applications = list(
            edition.applications.filter(result_sent_at__isnull=True)
            .exclude(status=Application.Status.WITHDRAWN)
            .values_list("pk", flat=True)
        )
        for pk in applications:
            # Publishing again queues again those not told yet; the key keeps anyone from being told twice.
            enqueue_on_commit(
                tasks.send_application_email,
                pk,
                "result",
                key=f"events.contest.result:{pk}",
                site_url=site_url,
            )
    return len(applications), 0


def application_message(application: Application, kind: str, *, site_url: str) -> EmailMultiAlternatives:
    """The acknowledgement (``kind`` "acknowledgement") or the outcome ("result") to an applicant, in the
    language they applied in."""
    if kind == "acknowledgement":
        template = "events/contest/emails/acknowledgement"
        context = {"edit_url": edit_url(application, site_url=site_url)}
    else:
        laureate = getattr(application, "laureate", None)
        template = "events/contest/emails/laureate" if laureate else "events/contest/emails/not_selected"
        with translation.override(application.language):
            context = {
                "laureate": laureate,
                "results_url": site_url.rstrip("/") + application.edition.get_absolute_url(),
            }
    with translation.override(application.language):
        context = {"application": application, "edition": application.edition, **context}
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}.txt", context)
    return EmailMultiAlternatives(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [application.contact_email],
        reply_to=[settings.MESS_CONTACT["email"]],
    )
