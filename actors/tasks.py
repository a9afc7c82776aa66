"""Background jobs of the directory: the e-mails of a proposal, rebuilt from its id (docs/tasks.md)."""

from django.conf import settings
from django_tasks import task

from jobs.services import send_once


@task()
def send_proposal_email(proposal_id: int, kind: str) -> bool:
    """The acknowledgement to a proposal's sender ("received") or the staff's notice ("staff"), once."""
    from actors.models import Proposal
    from actors.services import proposal_message

    proposal = Proposal.objects.select_related("actor").filter(pk=proposal_id).first()
    if proposal is None or (kind == "staff" and not settings.STAFF_NOTIFICATION_EMAILS):
        return False
    return send_once(key=f"actors.proposal_{kind}:{proposal.pk}", message=proposal_message(proposal, kind))
