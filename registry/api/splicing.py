"""JSON answers with stored texts in them: a representation kept as its JSON text (an entry's
stored document) goes into the answer as it is, not parsed and written again."""

import re
import secrets
from dataclasses import dataclass

from rest_framework.renderers import JSONRenderer


@dataclass(frozen=True)
class Written:
    """A representation held as its JSON text (a stored document), to be spliced into an
    answer by `spliced` rather than parsed and written again."""

    text: str


# Stands for a Written text while the rest is rendered; new in every process, so no value a
# user wrote can spell it.
_TOKEN = secrets.token_hex(16)
_SPLICE = re.compile(rf'"{_TOKEN}:(\d+)"')


def spliced(data):
    """The JSON text of `data` as the API's renderer writes it, with each Written in it
    spliced in as it is (a feed page holds 500 entries' documents: 1.3 MB not parsed and
    written again)."""
    texts = []

    class Encoder(JSONRenderer.encoder_class):
        def default(self, value):
            if isinstance(value, Written):
                texts.append(value.text)
                return f"{_TOKEN}:{len(texts) - 1}"
            return super().default(value)

    renderer = JSONRenderer()
    renderer.encoder_class = Encoder
    body = renderer.render(data).decode()
    return _SPLICE.sub(lambda match: texts[int(match.group(1))], body) if texts else body
