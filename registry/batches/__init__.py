"""A manufacturer's catalogue in one file: its columns and template (columns), reading a CSV
or XLSX upload into rows of cells (reading), and checking each row by the register's own
proposal validation (staging: rows of dicts in, one verdict per row out, whoever reads the
file). The workflow (registry.workflow.batches) keeps the verdicts and turns them into
applications."""
