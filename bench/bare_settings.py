"""Settings of the bare stack served by bench/load.sh beside the register: the register's own
settings (the same database, apps and connection pool) with bench/bare.py's two views as the
only URLs and no middleware at all."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bare"
MIDDLEWARE: list[str] = []
