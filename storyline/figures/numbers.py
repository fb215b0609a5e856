"""Reading numbers written in digits, words or both ("20,000", "two hundred", "1.5 million")."""

from __future__ import annotations

import re

from storyline.figures.lexicon import lexicon

_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")


def digit_value(text: str) -> float | None:
    """The value of a number written in digits ("20,000" -> 20000), else None."""
    if not _DIGITS.match(text):
        return None
    return float(text.replace(",", ""))


def is_number_word(word: str) -> bool:
    """Whether `word` (lower-cased) can be part of a written-out number."""
    lex = lexicon()
    return word in lex.words or word in lex.scales or digit_value(word) is not None


def words_value(words: list[str]) -> tuple[float | None, bool]:
    """The value of number tokens ("two", "hundred" -> 200) and whether a scale was used.

    Handles digits with scales ("1.5", "million"), compound words ("twenty", "five"),
    and "hundred and twenty". Returns (None, False) when the tokens are not a number.
    """
    lex = lexicon()
    total, current, seen, scaled = 0.0, 0.0, False, False
    for w in words:
        if w in ("and", "-", "a"):
            continue
        if w in lex.scales:
            scale = lex.scales[w]
            current = (current or 1.0) * scale
            scaled = True
            if scale >= 1000:
                total, current = total + current, 0.0
        elif w in lex.words:
            current += lex.words[w]
        elif (d := digit_value(w)) is not None:
            current += d
        else:
            return None, False
        seen = True
    if not seen:
        return None, False
    return total + current, scaled


def trailing_scale(words: list[str]) -> float:
    """The multiplier the last scale word gives a number ("two hundred" -> 100), else 1."""
    lex = lexicon()
    return next((lex.scales[w] for w in reversed(words) if w in lex.scales), 1.0)
