"""Why a text cannot be read as a name, in the user's language.

The names core gives the reason as a kind with its particulars (`ParsedName.problem`) and
in English (`ParsedName.unparseable`), which the command line prints.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from aqiqat.names import NameProblem
from aqiqat.notices import Notice
from aqiqat.services.plain_words import in_words

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

_REASONS: dict[str, StrOrPromise] = {
    NameProblem.NOT_TEXT: _("it is not text"),
    NameProblem.EMPTY: _("it is empty"),
    NameProblem.TOO_LONG: _("%(length)s characters, more than a name has (at most %(limit)s)"),
    NameProblem.MARKUP: _("it contains web page code (HTML)"),
    NameProblem.DIGITS: _("it contains digits"),
    NameProblem.ODD_CHARACTER: _(
        "it contains a character that is not part of a name: “%(character)s”"
    ),
    NameProblem.MIXED_SCRIPTS: _("one word mixes letters of two alphabets (%(word)s)"),
    NameProblem.NO_LETTERS: _("it has no letters"),
    NameProblem.TOO_MANY_WORDS: _("%(words)s words, more than a name has"),
    NameProblem.NOT_ROMANISABLE: _("its letters are of no alphabet this program reads"),
    NameProblem.PLACEHOLDER: _("“%(word)s” stands for a person not yet identified"),
    NameProblem.ONLY_INITIALS: _("it has only initials"),
}


def name_problem_in_words(problem: Notice | None, english: str = "") -> str:
    """The reason in the active language; the core's English where no kind is given."""
    return english if problem is None else in_words(_REASONS, problem).text
