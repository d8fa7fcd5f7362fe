"""Reads and pure computations of the "best_price" selection method."""

# The template the public result (cms notices_job.html) includes with "computation".
PUBLIC_TEMPLATE = ""


def public_computation(job, bids):
    """The method's computation for the public result, recomputable by anyone from what it
    shows; None when there is nothing to show."""
    return None
