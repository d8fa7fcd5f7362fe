"""What a change to contracts' data touches on the public pages (core/changes.py).

The public pages of this app are the model contracts (合同示范文本) and their versions: topic
"contract_templates". Contracts, their rounds, signatures, milestones and money show on no cached
public page (the check of a signed contract is a POST, never cached), so they touch nothing."""
from .models import ContractTemplate, TemplateVersion

TEMPLATES = (ContractTemplate, TemplateVersion)


def topics_of(obj):
    if isinstance(obj, TEMPLATES):
        return {"contract_templates"}
    return set()
