"""Bytes to text: the encoding is detected (BOM, UTF-8, then charset-normalizer), never assumed."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import charset_normalizer

#: Default cap on an article's text, in characters; longer texts are cut with a note.
MAX_CHARS = 2_000_000

#: Bytes handed to charset-normalizer: enough to decide, fast on huge files.
SAMPLE_BYTES = 64 * 1024

#: What text does not hold: control characters other than white space, and the
#: replacement character a wrong decoding leaves.
NOT_TEXT = re.compile("[\x00-\x08\x0e-\x1f\ufffd]")

#: charset-normalizer often cannot tell Western single-byte code pages apart on
#: short English text (it picks cp1250 for Latin-1 "café crème"). Among candidates
#: about as clean as its best one, prefer the web's default single-byte encoding
#: (WHATWG decodes "latin-1" as windows-1252).
PREFERRED = ("cp1252", "latin_1", "iso8859_15")
CHAOS_MARGIN = 0.1

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class InputError(Exception):
    """An input that cannot be read as an article; the message is the reason."""


def read_bytes(path: Path, max_chars: int = MAX_CHARS) -> tuple[bytes, bool]:
    """The first bytes of `path` (enough for `max_chars` characters) and whether there were more."""
    limit = max_chars * 4 + 4  # UTF-8 needs at most 4 bytes a character; +BOM
    with path.open("rb") as fh:
        data = fh.read(limit)
        more = bool(fh.read(1))
    return data, more


def detect_encoding(data: bytes) -> str:
    """The encoding of `data`; raises InputError for binary content."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return name
    sample = data[:SAMPLE_BYTES]
    if _is_utf8(sample):
        return "utf-8"
    results = charset_normalizer.from_bytes(sample)
    best = results.best()
    if best is None:
        raise InputError("binary or undecodable content (no text encoding fits)")
    if b"\x00" in sample and not best.encoding.startswith(("utf_16", "utf_32")):
        raise InputError("binary content (NUL bytes)")
    for candidate in results:
        if candidate.encoding in PREFERRED and candidate.chaos <= best.chaos + CHAOS_MARGIN:
            return candidate.encoding
    return best.encoding


def _is_utf8(sample: bytes) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        decoder.decode(sample, final=False)  # a sample may end inside a character
    except UnicodeDecodeError:
        return False
    return b"\x00" not in sample


def decode(data: bytes, max_chars: int = MAX_CHARS) -> tuple[str, list[str]]:
    """Text of `data` cut at `max_chars`, with notes on how it was decoded."""
    if not data.strip():
        raise InputError("empty file")
    encoding = detect_encoding(data)
    text = codecs.getincrementaldecoder(encoding)("replace").decode(data, final=False)
    if _control_share(text[:SAMPLE_BYTES]) > 0.05:
        raise InputError(f"binary content (control characters after decoding as {encoding})")
    notes = [] if encoding in ("utf-8", "utf-8-sig") else [f"decoded as {encoding} (detected)"]
    if len(text) > max_chars:
        text = text[:max_chars]
        notes.append(f"text truncated at {max_chars} chars")
    return text, notes


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    return len(NOT_TEXT.findall(text)) / len(text)


def read_text(path: Path, max_chars: int = MAX_CHARS) -> tuple[str, list[str]]:
    """The decoded text of the file at `path` (at most `max_chars`) and notes."""
    data, more = read_bytes(path, max_chars)
    text, notes = decode(data, max_chars)
    if more and not any(n.startswith("text truncated") for n in notes):
        notes.append(f"text truncated at {len(text)} chars")
    return text, notes
