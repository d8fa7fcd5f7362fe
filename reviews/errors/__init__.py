"""The named refusals of reviews, credit and the blacklist (each a core.errors.DomainError with a
message in the user's language), one module per part, all importable from here."""
from .blacklist import *  # noqa: F401,F403
from .credit import *  # noqa: F401,F403
from .department import *  # noqa: F401,F403
from .reviews import *  # noqa: F401,F403
