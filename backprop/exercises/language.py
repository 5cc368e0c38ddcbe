"""The language the exercises speak: English, or Korean from a catalog read by the standard library's gettext.

Every sentence a learner meets (the file ``exercises new`` writes, the checker's verdicts and
hints, the command's own lines) is written in English in the code and marked for translation:
``_("...")`` where it is said, ``N_("...")`` where it is only defined (a hint in a table, said
later), ``n_(singular, plural, n)`` where a count decides, and :class:`Phrase` for words put
together now and said later (where a probe is). The Korean lives in
``backprop/locale/ko/LC_MESSAGES/backprop.po`` (the source) and its compiled ``.mo`` (what
gettext reads); ``backprop.exercises.catalog`` builds the one from the other.

English is the default. ``speaking("ko")`` says everything in Korean for a while; the command
line chooses with ``--lang``, or from the environment as gettext does (:func:`from_environment`).

>>> with speaking("ko"):
...     _("not written yet: it still raises NotImplementedError")
'아직 작성하지 않았습니다. 여전히 NotImplementedError를 일으킵니다'
>>> _("not written yet: it still raises NotImplementedError")
'not written yet: it still raises NotImplementedError'
"""

from __future__ import annotations

import contextlib
import gettext
import os
import re
import textwrap
import unicodedata
from typing import Any, Dict, Iterator, List, Mapping, Optional

DOMAIN = "backprop"
LOCALE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "locale")
LANGUAGES = {"en": "English", "ko": "Korean, 한국어"}
ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")  # gettext's order: the first that is set decides

_catalogs: Dict[str, gettext.NullTranslations] = {"en": gettext.NullTranslations()}
_now = {"language": "en"}


def catalog(language: str) -> gettext.NullTranslations:
    """The translations of ``language`` ('en': none), read once from its ``.mo``."""
    if language not in _catalogs:
        _catalogs[language] = gettext.translation(DOMAIN, LOCALE, languages=[language])
    return _catalogs[language]


def language() -> str:
    """The language spoken now: 'en' or 'ko'."""
    return _now["language"]


def use(language: str) -> None:
    """Speak ``language`` from now on (one of ``LANGUAGES``)."""
    _now["language"] = checked(language)


@contextlib.contextmanager
def speaking(language: str) -> Iterator[None]:
    """Speak ``language`` inside the ``with`` block, and what was spoken before after it."""
    before = _now["language"]
    use(language)
    try:
        yield
    finally:
        _now["language"] = before


def checked(language: str) -> str:
    """``language`` if there is a catalog for it (or it is English); else a one-line ValueError naming the languages.

    >>> checked("fr")
    Traceback (most recent call last):
    ...
    ValueError: --lang fr: the languages there are en (English) and ko (Korean, 한국어)
    """
    if language not in LANGUAGES:
        spoken = " and ".join(f"{code} ({name})" for code, name in LANGUAGES.items())
        raise ValueError(f"--lang {language}: the languages there are {spoken}")
    return language


def from_environment(environ: Optional[Mapping[str, str]] = None) -> str:
    """The language the environment asks for, looked up as gettext does: 'ko' or 'en'.

    The first of LANGUAGE, LC_ALL, LC_MESSAGES and LANG that is set decides; LANGUAGE may list
    several (``ko:en``), and the first the exercises speak is taken. C and POSIX are English.

    >>> from_environment({"LANG": "ko_KR.UTF-8"}), from_environment({"LC_ALL": "C", "LANG": "ko_KR.UTF-8"})
    ('ko', 'en')
    >>> from_environment({"LANGUAGE": "fr:ko", "LANG": "fr_FR.UTF-8"}), from_environment({})
    ('ko', 'en')
    """
    environ = os.environ if environ is None else environ
    for variable in ENVIRONMENT:
        value = environ.get(variable, "")
        if not value:
            continue
        for item in value.split(":"):
            code = item.split(".")[0].split("@")[0].split("_")[0].lower()
            if code in LANGUAGES:
                return code
            if code in ("c", "posix"):
                return "en"
        return "en"
    return "en"


def chosen(asked: Optional[str], environ: Optional[Mapping[str, str]] = None) -> str:
    """The language of a command: ``--lang`` when given (checked), else the environment's."""
    return checked(asked) if asked is not None else from_environment(environ)


def _(message: str) -> str:
    """``message`` in the language spoken now."""
    return catalog(_now["language"]).gettext(message)


def n_(singular: str, plural: str, count: int) -> str:
    """The form for ``count`` of a message with a singular and a plural, in the language spoken now."""
    return catalog(_now["language"]).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark ``message`` for translation where it is defined; ``_`` translates it where it is said."""
    return message


class Phrase:
    """Words put together now and said later, in the language spoken then: a marked template and its fields.

    ``str()`` is the English; ``said()`` the language spoken now. A field that is itself a Phrase is
    said in the same language.

    >>> at = Phrase("unit {unit} of {net}", unit="h1", net=Phrase("the worked 2-2-2 example"))
    >>> str(at)
    'unit h1 of the worked 2-2-2 example'
    >>> with speaking("ko"):
    ...     at.said()
    '손으로 계산한 2-2-2 예제의 유닛 h1'
    """

    __slots__ = ("template", "fields")

    def __init__(self, template: str, **fields: Any) -> None:
        self.template, self.fields = template, fields

    def __str__(self) -> str:
        return self.template.format(**{name: english(value) for name, value in self.fields.items()})

    def __repr__(self) -> str:
        return f"Phrase({str(self)!r})"

    def said(self) -> str:
        return _(self.template).format(**{name: said(value) for name, value in self.fields.items()})


def said(value: Any) -> str:
    """A Phrase said in the language spoken now, a list of names joined ("h1 and h2"), anything else as is."""
    if isinstance(value, Phrase):
        return value.said()
    if isinstance(value, list):
        return _(" and ").join(said(item) for item in value)
    return str(value)


def english(value: Any) -> str:
    """What ``said`` says, in English."""
    return " and ".join(english(item) for item in value) if isinstance(value, list) else str(value)


def columns(text: str) -> int:
    """How many columns ``text`` takes on a terminal: a Hangul syllable (any wide character) takes two.

    >>> columns("E = 0.5"), columns("맞는 값")
    (7, 7)
    """
    return sum(2 if unicodedata.east_asian_width(character) in "WF" else 1 for character in text)


def padded(word: str, width: int = 10) -> str:
    """``word`` and the spaces that take it to ``width`` columns (one at least): a label before its value.

    >>> padded("given") + "0.5", padded("맞는 값") + "0.5"
    ('given     0.5', '맞는 값   0.5')
    """
    return word + " " * max(1, width - columns(word))


def lang_option() -> str:
    """What a command shown to the learner adds to speak as this one does: ' --lang ko', or nothing.

    A command pasted from a Korean report answers in Korean, whatever the locale of the shell.
    """
    return f" --lang {language()}" if language() != "en" else ""


# A command the learner may paste, kept on one line when a message is wrapped.
COMMAND = re.compile(r"python -m backprop (?:exercises (?:new |check )?\S+(?: --all)?(?: --lang \w+)?"
                     r"|explain worked-example --nudge '[^']*')")
KEPT_SPACE = "\x00"


def wrap(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "",
         break_on_hyphens: bool = False) -> List[str]:
    """``textwrap.wrap`` by terminal columns: English exactly as textwrap wraps it, Korean two columns a syllable.

    >>> wrap("가나다 라마 바사아", 11), wrap("가나다 라마 바사아", 10)
    (['가나다 라마', '바사아'], ['가나다', '라마', '바사아'])
    """
    text = COMMAND.sub(lambda found: found.group(0).replace(" ", KEPT_SPACE), text)
    return [line.replace(KEPT_SPACE, " ") for line in wrapped_words(text, width, initial_indent, subsequent_indent,
                                                                     break_on_hyphens)]


def wrapped_words(text: str, width: int, initial_indent: str, subsequent_indent: str,
                  break_on_hyphens: bool) -> List[str]:
    """``wrap`` once its commands are single words."""
    if columns(text) == len(text):
        return textwrap.wrap(text, width, initial_indent=initial_indent, subsequent_indent=subsequent_indent,
                             break_on_hyphens=break_on_hyphens, break_long_words=False)  # a command stays whole
    lines: List[str] = []
    line = ""
    for word in text.split():
        if not line:
            line = (subsequent_indent if lines else initial_indent) + word
        elif columns(line) + 1 + columns(word) > width:
            lines.append(line)
            line = subsequent_indent + word
        else:
            line += " " + word
    if line:
        lines.append(line)
    return lines


__all__ = ["LANGUAGES", "N_", "Phrase", "_", "chosen", "columns", "from_environment", "lang_option", "language", "n_",
           "padded", "said", "speaking", "use", "wrap"]
