"""A complete archive of the register, checksummed and signed with the register's key
(`manage.py dump_register FILE`), and its restoration into an empty database
(`manage.py restore_register FILE`).

contents: what the archive holds and in which order; archive: the file format and its
checks; dump and restore: writing and reading it. For production backups with point-in-time
recovery, use PostgreSQL's own tools (README: "Backups"); this archive is portable between
PostgreSQL and SQLite and readable without the database.
"""
