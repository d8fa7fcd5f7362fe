"""Error pages: a calm message in the user's language, never a traceback."""
import logging

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def _error(request, status, title, message):
    return render(request, "errors/error.html", {"title": title, "message": message}, status=status)


def bad_request(request, exception=None):
    return _error(request, 400, _("请求有误"), _("提交的内容无法处理，请返回检查后重试。"))


def permission_denied(request, exception=None):
    return _error(request, 403, _("无权访问"), _("您没有访问此页面的权限。如需帮助，请联系机构管理员。"))


def page_not_found(request, exception=None):
    return _error(request, 404, _("页面不存在"), _("您访问的页面不存在或已被移除。"))


def server_error(request):
    title, message = _("系统繁忙"), _("服务器出现问题，我们已记录，请稍后再试。")
    try:
        return _error(request, 500, title, message)
    except Exception:
        # The failure may be the database itself, which the page header reads (the user's
        # organisations): render once more without the request, then as bare text.
        logger.exception("The 500 page could not be rendered with the request context")
    try:
        html = render_to_string("errors/error.html", {"title": title, "message": message})
    except Exception:
        logger.exception("The 500 page could not be rendered at all")
        html = f"<!DOCTYPE html><meta charset=utf-8><title>{title}</title><h1>{title}</h1><p>{message}</p>"
    return HttpResponseServerError(html)
