"""Credit recomputed in the background (core/tasks.py): enqueued after each event by
reviews/credit/triggers.py, once the change that recorded the event has committed."""
from django_tasks import task


@task()
def recompute_credit_task(organisation_ids: list[int] | None) -> dict:
    """Recompute and store the credit of these organisations; None: of every organisation (a new
    rule set version is in force)."""
    from .services import credit

    if organisation_ids is None:
        summary = credit.credit_recompute_all()
    else:
        summary = credit.credit_update(organisation_ids)
    return {"organisations": summary.organisations, "changed": summary.changed}
