"""Spelling keys that make transliteration variants of one name compare equal.

General rules for romanised names (Aleksei / Aleksey, Vasiliy / Vasily / Vasilii,
Mariya / Maria, Yuri / Yury), never lists of names.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Word-final endings folded to one spelling, longest first.
_ENDINGS = (
    ("iyy", "y"),
    ("iy", "y"),
    ("ii", "y"),
    ("yy", "y"),
    ("ij", "y"),
    ("ei", "ey"),
    ("iya", "ia"),
    ("yi", "y"),
)
#: Inside a word: the common alternative romanisations of one Cyrillic letter.
_INNER = (("yu", "iu"), ("ya", "ia"), ("yo", "io"), ("ks", "x"), ("kh", "h"), ("ph", "f"))


@lru_cache(maxsize=1 << 16)  # the same words recur across a build
def fold_word(word: str) -> str:
    """One word of a name folded: ASCII, lower case, variant endings unified."""
    word = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()
    word = re.sub(r"[^a-z]", "", word)
    for a, b in _ENDINGS:
        if word.endswith(a) and len(word) > len(a) + 2:
            word = word[: -len(a)] + b
            break
    else:
        # Yuri / Yury, Valeri / Valery: a final -i after a consonant.
        word = re.sub(r"(?<=[b-df-hj-np-tv-z])i$", "y", word) if len(word) > 3 else word
    for a, b in _INNER:
        word = word.replace(a, b)
    return word


def name_variant_key(name: str) -> str:
    """A key shared by transliteration variants of a (person's) name."""
    return " ".join(w for w in (fold_word(p) for p in re.split(r"[\s\-]+", name)) if w)


def surname_key(name: str) -> str:
    """The folded last word of a name: what a surname-only mention is compared by."""
    words = name_variant_key(name).split()
    return words[-1] if words else ""
