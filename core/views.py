"""Error pages: a calm message in the user's language, never a traceback."""
from django.shortcuts import render


def _error(request, status, title, message):
    return render(request, "errors/error.html", {"title": title, "message": message}, status=status)


def bad_request(request, exception=None):
    from django.utils.translation import gettext as _

    return _error(request, 400, _("请求有误"), _("提交的内容无法处理，请返回检查后重试。"))


def permission_denied(request, exception=None):
    from django.utils.translation import gettext as _

    return _error(request, 403, _("无权访问"), _("您没有访问此页面的权限。如需帮助，请联系机构管理员。"))


def page_not_found(request, exception=None):
    from django.utils.translation import gettext as _

    return _error(request, 404, _("页面不存在"), _("您访问的页面不存在或已被移除。"))


def server_error(request):
    from django.utils.translation import gettext as _

    return _error(request, 500, _("系统繁忙"), _("服务器出现问题，我们已记录，请稍后再试。"))
