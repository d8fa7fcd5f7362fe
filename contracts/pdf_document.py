"""The signed contract's PDF from the stored record: the exact signed text, its SHA-256, both
signatures, and where anyone can check it (contracts/pdf.py makes and seals it)."""
from django.urls import reverse
from django.utils.translation import gettext as _

from core.notifications import absolute_url

from . import pdf
from .models import Signature


def signed_pdf(contract):
    current = contract.rounds.order_by("-number").first()
    signatures = (Signature.objects.filter(round=current).select_related("user", "organisation")
                  .order_by("side"))
    sides = dict(Signature.Side.choices)
    return pdf.contract_pdf(
        title=contract.template_version.template.title,
        text=contract.text,
        text_hash=contract.text_hash,
        parties=[{"side_label": sides[Signature.Side.OWNER], "name": contract.owner.name},
                 {"side_label": sides[Signature.Side.AGENCY], "name": contract.agency.name}],
        # The signer by name, never by e-mail; the IP stays in the record (regulators, the audit log).
        signatures=[{"side_label": s.get_side_display(), "org_name": s.organisation.name,
                     "user_name": s.user.full_name or _("（未填写姓名）"), "signed_at": s.signed_at,
                     "method": s.get_method_display()} for s in signatures],
        verify_url=absolute_url(reverse("contracts_public:verify")),
    )
