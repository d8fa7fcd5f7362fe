"""Steps of a contract's life through the services, for tests that start further along."""
from contracts.services import drafting, signing
from core.models import Notice

from .conftest import PASSWORD, TERMS, plan


def drafted(scene, amounts=("60000",)):
    contract = drafting.contract_create(actor=scene.owner_user, job=scene.job)
    return drafting.contract_update(actor=scene.owner_user, contract=contract, values=TERMS,
                                    milestone_plan=plan(*amounts))


def offered(scene, amounts=("60000",)):
    return drafting.contract_offer(actor=scene.owner_user, contract=drafted(scene, amounts))


def signed(scene, amounts=("60000",)):
    contract = offered(scene, amounts)
    signing.contract_sign(actor=scene.owner_user, contract=contract, secret=PASSWORD, seen_hash=contract.text_hash)
    return signing.contract_sign(actor=scene.agency_user, contract=contract, secret=PASSWORD,
                                 seen_hash=contract.text_hash)


def notices_to(user):
    return list(Notice.objects.filter(user=user).values_list("title", flat=True))
