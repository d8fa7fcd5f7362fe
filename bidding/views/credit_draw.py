"""The owner's and bidders' pages of the "credit_draw" selection method (bidding/method_params.py)."""

# Pages under /workspace/ (namespace "bidding"): bidding/urls.py adds them to its workspace list.
workspace_urls = []


def selection_context(request, job, *, awaiting, valid):
    """What the owner's selection page (views/selection.py) adds for this method: its forms,
    previews and "method_template", the template it includes."""
    return {}
