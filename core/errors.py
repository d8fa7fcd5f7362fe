"""Domain errors: each carries the message a user sees, in the user's language."""
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule of the domain refused the action. `message` is shown to the user as is."""

    default_message = _("操作未能完成。")

    def __init__(self, message=None, *, field=None):
        self.message = message or self.default_message
        self.field = field
        super().__init__(str(self.message))

    def __str__(self):
        return str(self.message)


class NotAllowed(DomainError):
    default_message = _("您无权执行此操作。")
