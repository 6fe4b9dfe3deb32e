"""The command line: the demo and `crmkit validate` on files the tests write."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import pytest

from crmkit.cli import main

CSV = (
    "id,name,email,phone,country,postcode,birth_date\n"
    "1,Ann O'Neil,ann@example.com,020 7946 0958,GB,SW1A 1AA,1970-03-01\n"
    "2,,bob@gmial.com,12345,US,90X10,2031-01-01\n"
)


def test_demo_prints_a_report_and_cleaning(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--records", "300", "--seed", "7"]) == 0
    out = capsys.readouterr().out
    assert "300 records checked" in out
    assert "Cleaning" in out
    assert "->" in out


def test_validate_text_report_and_exit_code(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text(CSV, encoding="utf-8")
    code = main(
        ["validate", str(path), "--as-of", "2026-11-25", "--key", "id", "--require", "name"]
    )
    out = capsys.readouterr().out
    assert code == 1  # record 2 has errors
    assert "2 records checked" in out
    assert "record '2'" in out
    assert "did you mean 'bob@gmail.com'?" in out


def test_validate_json_is_machine_readable(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text(CSV, encoding="utf-8")
    main(["validate", str(path), "--json", "--as-of", "2026-11-25", "--key", "id"])
    data = json.loads(capsys.readouterr().out)
    assert data["record_count"] == 2
    codes = {(i["key"], i["field"], i["code"]) for i in data["issues"]}
    assert ("2", "postcode", "postcode.format") in codes
    assert ("2", "birth_date", "birth_date.in_future") in codes
    assert data["fields"]["email"]["present"] == 2


def test_missing_file_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "no-such-file.csv"]) == 2
    assert "no-such-file.csv" in capsys.readouterr().err


def test_python_dash_m_works() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "crmkit", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.startswith("crmkit ")
