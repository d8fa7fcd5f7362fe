"""What every page's frame needs, resolved once per request from the navigation registry
(core.navigation): each app contributes its links; core knows none of their pages."""
from functools import cached_property

from . import navigation
from .display import LARGE, text_size


class Frame:
    """The header, menus and footer of one request, each computed on first use."""

    def __init__(self, request):
        self.request = request
        self.large_text = text_size(request) == LARGE

    @cached_property
    def main(self):
        return navigation.links_for("main", self.request)

    @cached_property
    def user(self):
        return navigation.links_for("user", self.request)

    @cached_property
    def footer(self):
        return navigation.links_for("footer", self.request)

    @cached_property
    def parts(self):
        return navigation.frame_parts(self.request)


def frame(request):
    return {"frame": Frame(request)}
