"""How much one proposal may carry. An entry has a handful of spellings and analogs; a list
far beyond these is a mistake or an attack, and would make approval (which writes every row
while the registry number waits) and the edit pages slow for everyone."""

MAX_ALIASES = 200
MAX_ANALOGS = 200
MAX_PARAMETERS = 200
MAX_STAGES = 20
MAX_DOCUMENTS = 50

LIST_LIMITS = {"aliases": MAX_ALIASES, "analogs": MAX_ANALOGS, "production": MAX_STAGES}
