"""JSON answers with stored texts in them: a representation kept as its JSON text (an entry's
stored document) goes into the answer as it is, not parsed and written again."""

import re
import secrets
from dataclasses import dataclass

import orjson
from rest_framework.renderers import JSONRenderer


@dataclass(frozen=True)
class Written:
    """A representation held as its JSON text (a stored document: UTF-8 bytes as read, or
    str), to be spliced into an answer by `spliced` rather than parsed and written again."""

    text: bytes | str


# Stands for a Written text while the rest is rendered; new in every process, so no value a
# user wrote can spell it.
_TOKEN = secrets.token_hex(16)
_SPLICE = re.compile(rf'"{_TOKEN}:(\d+)"'.encode())


def spliced(data):
    """The JSON text of `data` as the API's renderer writes it (UTF-8 bytes), with each
    Written in it spliced in as it is (a feed page holds 500 entries' documents: 1.3 MB not
    parsed and written again).

    Written by orjson, several times faster than json on a page of 500 events, to the same
    text: compact, not ASCII-escaped, and with what orjson would write its own way (dates and
    times, dataclasses) handed to DRF's encoder, as DRF's renderer does."""
    texts = []

    def default(value):
        if isinstance(value, Written):
            text = value.text
            texts.append(text if isinstance(text, bytes) else text.encode())
            return f"{_TOKEN}:{len(texts) - 1}"
        return _DRF.default(value)

    body = orjson.dumps(data, default=default, option=_PASSTHROUGH)
    # DRF escapes these two (valid JSON, but line ends to JavaScript); orjson does not.
    body = body.replace("\u2028".encode(), b"\\u2028").replace("\u2029".encode(), b"\\u2029")
    return _SPLICE.sub(lambda match: texts[int(match.group(1))], body) if texts else body


_DRF = JSONRenderer.encoder_class()
_PASSTHROUGH = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
