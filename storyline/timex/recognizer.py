"""Microsoft Recognizers-Text, the date recognizer behind the tagger, with its repeated work shared.

One call of the recognizer's date-time model runs its sub-extractors (numbers, dates,
times, durations, ...) over the same lower-cased sentence again and again, from each
part of the model that needs them: on one sentence of news the cardinal-number
extractor runs 15 times, the duration extractor 14, the time extractor 9, the date
extractor 8, each time from scratch. Within one `parse_sentence` call, what an
extractor gave for a text (and reference date) is kept and the next part that asks
gets a copy: the same answer, worked out once, so a call costs about a third.

Two extractor objects share answers only when they are of one class and hold equal
state (`_state`: a digest of their pickle, worked out once per object; the model
builds them once and never changes them). Answers are deep copies, so a
caller that changes what it got changes nothing another caller sees. Outside a call
the extractors run as they always did.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import importlib
import inspect
import itertools
import pickle
import threading
from datetime import datetime
from functools import lru_cache
from typing import Any

from storyline.timex.fast import Match

#: The modules whose extractor classes share their answers within a call.
_SHARED_MODULES = (
    "ms_recognizers_number.number.extractors",
    "ms_recognizers_date_time.date_time.base_date",
    "ms_recognizers_date_time.date_time.base_time",
    "ms_recognizers_date_time.date_time.base_duration",
    "ms_recognizers_date_time.date_time.base_timeperiod",
    "ms_recognizers_date_time.date_time.base_dateperiod",
    "ms_recognizers_date_time.date_time.base_datetime",
    "ms_recognizers_date_time.date_time.base_datetimeperiod",
    "ms_recognizers_date_time.date_time.base_set",
    "ms_recognizers_date_time.date_time.base_holiday",
    "ms_recognizers_date_time.date_time.base_timezone",
)


class _Call(threading.local):
    """The answers given so far in the current call (None outside one), per thread."""

    answers: dict[tuple[Any, ...], Any] | None = None


_CALL = _Call()
_UNCOPYABLE = object()


def parse_sentence(sentence: str, ref: datetime) -> tuple[Match, ...]:
    """Recognizers-Text's matches with a TIMEX value: (start, last char, type name, value)."""
    model = _model()
    _CALL.answers = {}
    try:
        results = model.parse(sentence, ref)
    finally:
        _CALL.answers = None
    out = []
    for r in results:
        values = (r.resolution or {}).get("values") or []
        if values and values[0].get("timex"):
            out.append((r.start, r.end, r.type_name, values[0]["timex"]))
    return tuple(out)


def warm() -> None:
    """Build the recognizer now (about two seconds), so that the first sentence it reads does not wait."""
    _model()


@lru_cache(maxsize=1)
def _model() -> Any:
    from ms_recognizers_date_time import DateTimeRecognizer
    from ms_recognizers_text import Culture

    model = DateTimeRecognizer(Culture.English).get_datetime_model()
    for name in _SHARED_MODULES:
        for cls in _extractor_classes(name):
            cls.extract = _shared(cls, cls.__dict__["extract"])
    return model


def _extractor_classes(module_name: str) -> list[Any]:
    """The classes of a module that define a concrete `extract` of their own."""
    module = importlib.import_module(module_name)
    return [cls for cls in vars(module).values()
            if inspect.isclass(cls) and cls.__module__ == module_name and "extract" in cls.__dict__
            and not getattr(cls.__dict__["extract"], "__isabstractmethod__", False)
            and not hasattr(cls.__dict__["extract"], "_shares_answers")]  # not wrapped twice


def _shared(cls: type, extract: Any) -> Any:
    """`extract` answering from the current call's answers when the same question was asked."""
    takes_reference = "reference" in inspect.signature(extract).parameters

    @functools.wraps(extract)
    def shared(self: Any, *args: Any, **kwargs: Any) -> Any:
        answers = _CALL.answers
        # A date-time extractor not given its reference date reads the clock: not shared.
        if answers is None or kwargs or (takes_reference and len(args) < 2):
            return extract(self, *args, **kwargs)
        key = (cls, _state(self), args)  # the state's pickle names the object's own class
        try:
            kept = answers.get(key)
        except TypeError:  # an argument that cannot be a key
            return extract(self, *args)
        if kept is not None and kept is not _UNCOPYABLE:
            return copy.deepcopy(kept)
        out = extract(self, *args)
        if kept is None:
            answers[key] = _copy_or_mark(out)
        return out

    shared._shares_answers = True  # type: ignore[attr-defined]
    return shared


def _copy_or_mark(value: Any) -> Any:
    try:
        return copy.deepcopy(value)
    except Exception:  # noqa: BLE001 - an answer that cannot be copied is simply not shared
        return _UNCOPYABLE


#: Each extractor object's state, by id (the object is kept, so the id stays its own).
_STATES: dict[int, tuple[Any, bytes]] = {}
#: The model builds about 120 extractors; far more would mean objects made anew in every call,
#: which are then neither kept (memory) nor shared.
_MAX_KEPT = 2048
_UNSHARED = itertools.count()


def _state(obj: Any) -> bytes:
    """A digest equal for two objects when their class and attributes are equal, recursively.

    Taken from the object's pickle (compiled patterns pickle as their text and flags, module
    functions by name); an object that does not pickle (one holding a closure) is only ever
    equal to itself.
    """
    kept = _STATES.get(id(obj))
    if kept is not None:
        return kept[1]
    if len(_STATES) >= _MAX_KEPT:
        return b"unshared %d" % next(_UNSHARED)
    try:
        state = hashlib.sha256(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)).digest()
    except Exception:  # noqa: BLE001 - not picklable: shares with no other object
        state = b"object %d" % id(obj)
    _STATES[id(obj)] = (obj, state)
    return state
