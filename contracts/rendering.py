"""The exact text of a contract as it stands: the template's locked clauses with the marked
fields filled in. What an offer fixes and both sides sign, and what the owner previews before."""
from django.utils import translation

from . import clauses, rules

CONTRACT_LANGUAGE = "zh-hans"


def contract_text(contract):
    """(text, sha256) of the contract's current fields and milestone plan. Raises the plan's
    refusal (MilestonePlanInvalid, MilestonesDoNotAddUp) if the plan does not hold. The contract
    is Chinese whatever language the owner reads the site in."""
    rows = rules.parse_milestone_plan(contract.milestone_plan, contract.price_fen)
    with translation.override(CONTRACT_LANGUAGE):
        values = {**contract.values, "milestones": rules.plan_as_text(rows)}
    version = contract.template_version
    text = clauses.render_text(f"{version.template.title}（{contract.number}）", version.clauses, values)
    return text, clauses.text_hash(text)
