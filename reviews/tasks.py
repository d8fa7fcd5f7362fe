"""Credit recomputed in the background (core/tasks.py): enqueued after each event by
reviews/credit/triggers.py, once the change that recorded the event has committed."""
from django_tasks import task


@task()
def recompute_credit_task(organisation_ids: list[int] | None) -> dict:
    """Recompute and store the credit of these organisations; None: of every organisation (a new
    rule set version is in force)."""
    from .services import credit

    if organisation_ids is None:
        # One process: a task may run inside a web server's worker (the in-process backend),
        # which is not to be forked; `manage.py recompute_credit` shares the batches.
        summary = credit.credit_recompute_all(workers=1)
    else:
        summary = credit.credit_update(organisation_ids)
    return {"organisations": summary.organisations, "changed": summary.changed}
