from .context import reset_ip, set_ip


def client_ip(request):
    # REMOTE_ADDR only: X-Forwarded-For is trivially forged unless a trusted proxy sets it,
    # and a production proxy is expected to rewrite REMOTE_ADDR.
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = set_ip(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            reset_ip(token)
