"""Delivery files and payment vouchers, as downloads (core.uploads.private_file_response, never
inline), to the parties' members and the regulators supervising the item's category; 404 for
anyone else, as for a file that does not exist."""
from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_safe

from core.uploads import private_file_response

from ..selectors.contracts import delivery_file_for_reader, voucher_for_reader


@login_required
@require_safe
def delivery_file(request, file_id):
    row = delivery_file_for_reader(file_id, request.user)
    return private_file_response(row.file, f"delivery-{row.delivery_id}-{row.pk}")


@login_required
@require_safe
def payment_voucher(request, voucher_id):
    row = voucher_for_reader(voucher_id, request.user)
    return private_file_response(row.file, f"voucher-{row.payment_id}-{row.pk}")
