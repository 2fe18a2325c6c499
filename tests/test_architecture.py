"""The floor plan holds: imports run config → registry → products → manufacturers, and no
module or package of an app imports one that imports it back (the contracts are in
pyproject.toml, checked by import-linter)."""

import os

from django.conf import settings
from importlinter.cli import lint_imports


def test_imports_run_one_way_and_form_no_circle(capsys):
    cwd = os.getcwd()
    os.chdir(settings.BASE_DIR)
    try:
        code = lint_imports(no_cache=True, no_logo=True)
    finally:
        os.chdir(cwd)
    report = capsys.readouterr().out
    assert code == 0, report
    assert "BROKEN" not in report
    assert report.count("KEPT") == 2
