"""One error body for every refusal of the API: a machine code and a message in the caller's
language, and for bad input the message of each field:

    {"code": "fee_input_invalid", "message": "计费数量不能为负数。", "fields": {"quantity": ["…"]}}

A domain rule's refusal (core.errors.DomainError) is a 400 whose code is its class's name in
snake case; a rule about who may act (NotAllowed) is a 403. DRF's own exceptions keep their
status and code (not_found, not_authenticated, throttled…). Anything else is left to Django, which
answers 500 with the site's error page: never a traceback."""
import re

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from core.errors import DomainError, NotAllowed


def machine_code(error):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(error).__name__).lower()


def handle(exc, context):
    if isinstance(exc, DomainError):
        body = {"code": machine_code(exc), "message": str(exc)}
        if exc.field:
            body["fields"] = {exc.field: [str(exc)]}
        return Response(body, status=status.HTTP_403_FORBIDDEN if isinstance(exc, NotAllowed) else 400)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("没有找到。"))
    response = exception_handler(exc, context)
    if response is None:
        return None
    response.data = _body(exc, response.data)
    return response


def _body(exc, data):
    if isinstance(exc, exceptions.ValidationError):
        fields = data if isinstance(data, dict) else {"non_field_errors": data}
        return {"code": "invalid", "message": _("输入有误，请按各字段的提示修改。"), "fields": fields}
    codes = exc.get_codes()
    return {"code": codes if isinstance(codes, str) else "error", "message": str(exc.detail)}
