"""Imports of the national registers (GISP's register of Russian industrial products, the
Eurasian register of industrial goods, or any register described by a mapping file):

    formats  a register's columns, read from a declarative TOML file (formats/*.toml)
    reading  the file streamed row by row (CSV in UTF-8 or cp1251, XLSX read-only, JSON
             record by record)
    staging  each row mapped, checked by the models' own validation and compared with the
             entries imported from the same register before: added / changed / unchanged /
             gone / error, written to a per-row report
    applying the staged rows through the workflow as the registrar's decisions
    runs     the record of each run; a report-only run kept as a proposal, applied later
             from the desk

`manage.py import_register` runs them and keeps the record of each run (registry.ImportRun).
"""
