"""Every contracts page, one list per place the app is mounted (config/urls.py includes each with
its namespace):

- `workspace` ("contracts", under /workspace/): the parties' contracts, from generating and
  signing to delivery, acceptance, payment and ending; the owner's payment page;
- `regulator` ("contracts_regulator", under /regulator/contracts/): the model contracts and
  their versions, the contracts of the supervised categories;
- `public` ("contracts_public", under /contracts/): the check of a signed contract (the published
  model contracts are a Wagtail page, cms.ContractTemplatesPage, at /contracts/templates/);
- `files` ("contracts_files", under /files/contracts/): delivery files and payment vouchers;
- `payments` ("payments", under /payments/): Stripe's webhook.
"""
from django.urls import path

from .views import contracts, performance
from .views import files as file_views
from .views import payments as payment_views
from .views import public as public_views
from .views import regulator as regulator_views

workspace = ([
    path("contracts/", contracts.contract_list, name="contracts"),
    path("jobs/<id:job_id>/contract/new/", contracts.contract_create, name="contract_create"),
    path("jobs/<id:job_id>/runner-up/", contracts.runner_up, name="runner_up"),
    path("jobs/<id:job_id>/end-unsigned/", contracts.end_unsigned, name="end_unsigned"),
    path("contracts/<id:contract_id>/", contracts.contract_detail, name="contract"),
    path("contracts/<id:contract_id>/edit/", contracts.contract_edit, name="contract_edit"),
    path("contracts/<id:contract_id>/offer/", contracts.contract_offer, name="contract_offer"),
    path("contracts/<id:contract_id>/return/", contracts.contract_return, name="contract_return"),
    path("contracts/<id:contract_id>/sign/", contracts.contract_sign, name="contract_sign"),
    path("contracts/<id:contract_id>/pdf/", contracts.contract_pdf, name="contract_pdf"),
    path("contracts/<id:contract_id>/start/", contracts.service_start, name="service_start"),
    path("contracts/<id:contract_id>/termination/propose/", contracts.termination_propose,
         name="termination_propose"),
    path("contracts/<id:contract_id>/termination/withdraw/", contracts.termination_withdraw,
         name="termination_withdraw"),
    path("contracts/<id:contract_id>/termination/confirm/", contracts.termination_confirm,
         name="termination_confirm"),
    # Milestones: delivery and acceptance, payment
    path("milestones/<id:milestone_id>/deliver/", performance.delivery_submit, name="delivery_submit"),
    path("deliveries/<id:delivery_id>/accept/", performance.delivery_accept, name="delivery_accept"),
    path("deliveries/<id:delivery_id>/reject/", performance.delivery_reject, name="delivery_reject"),
    path("milestones/<id:milestone_id>/pay/", performance.payment_start, name="payment_start"),
    path("milestones/<id:milestone_id>/offline/", performance.payment_offline, name="payment_offline"),
    path("payments/<id:payment_id>/", payment_views.payment_page, name="payment"),
    path("payments/<id:payment_id>/test-card/", payment_views.payment_pay_test, name="payment_pay_test"),
    path("payments/<id:payment_id>/pay/", payment_views.payment_redirect, name="payment_redirect"),
    path("payout-account/", payment_views.payout_account, name="payout_account"),
], "contracts")

regulator = ([
    path("templates/", regulator_views.template_list, name="templates"),
    path("templates/new/", regulator_views.template_new, name="template_new"),
    path("templates/<id:template_id>/", regulator_views.template_detail, name="template"),
    path("templates/<id:template_id>/versions/<id:version_id>/publish/", regulator_views.template_publish,
         name="template_publish"),
    path("templates/<id:template_id>/versions/<id:version_id>/withdraw/", regulator_views.template_withdraw,
         name="template_withdraw"),
    path("contracts/", regulator_views.contract_list, name="contracts"),
    path("contracts/<id:contract_id>/", regulator_views.contract_detail, name="contract"),
    path("contracts/<id:contract_id>/terminate/", regulator_views.contract_terminate, name="contract_terminate"),
], "contracts_regulator")

public = ([
    path("verify/", public_views.verify, name="verify"),
], "contracts_public")

files = ([
    path("deliveries/<id:file_id>/", file_views.delivery_file, name="delivery_file"),
    path("vouchers/<id:voucher_id>/", file_views.payment_voucher, name="payment_voucher"),
], "contracts_files")

payments = ([
    path("stripe/webhook/", payment_views.stripe_webhook, name="stripe_webhook"),
], "payments")
