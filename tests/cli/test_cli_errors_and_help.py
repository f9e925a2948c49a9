"""Usage and configuration errors (exit 2), internal errors (exit 70), help and version."""

from __future__ import annotations

import pytest

from wfkpi import __version__

EXIT_CODES = (
    "Exit codes: 0 success (data valid, warnings allowed); 1 a target missed with --fail-on, "
    "or a KPI figure moved from its snapshot (check); 2 usage or configuration error (missing "
    "path, bad option, broken mapping, targets, scopes or snapshot file, output not writable); "
    "3 the data is invalid or unusable; 70 an internal error (run again with --debug for the "
    "traceback); 130 interrupted (Ctrl-C); 141 the output pipe closed early (e.g. into head)."
)


def flat(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------- usage and config errors

def test_missing_path_is_one_line_and_exit_2(wfkpi) -> None:
    result = wfkpi("validate", "no_such_folder")
    assert result.code == 2
    assert result.out == ""
    assert result.err == "error: No such file or folder: no_such_folder\n"


def test_missing_mapping_file(wfkpi) -> None:
    result = wfkpi("validate", "clean", "--mapping", "nope.yaml")
    assert result.code == 2
    assert result.out == ""
    assert result.err == "error: nope.yaml: no such mapping file\n"


def test_mapping_with_a_misspelt_column_names_it(wfkpi) -> None:
    result = wfkpi("validate", "mapping_typo", "--mapping",
                   "mapping_typo/mapping_column_typo.yaml")
    assert result.code == 2
    assert result.out == ""
    assert result.err == (
        "error: mapping_typo/mapping_column_typo.yaml: the mapping is not valid:\n"
        "  workers: 'worker_idd' is not a column of workers (did you mean 'worker_id'?)\n")


def test_mapping_with_a_misspelt_key_names_it(wfkpi) -> None:
    result = wfkpi("validate", "mapping_typo", "-m", "mapping_typo/mapping_key_typo.yaml")
    assert result.code == 2
    assert result.out == ""
    assert result.err == (
        "error: mapping_typo/mapping_key_typo.yaml: the mapping is not valid:\n"
        "  workers.colums: unknown key 'colums' (did you mean 'columns'?)\n")


def test_mapping_that_is_not_yaml(wfkpi, tmp_path) -> None:
    path = tmp_path / "mapping.yaml"
    path.write_text("workers:\n  columns: {worker_id: [Employee Number\n", encoding="utf-8")
    result = wfkpi("validate", "clean", "-m", str(path))
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith(f"error: {path}: the mapping file is not valid YAML at line ")
    assert result.err.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xml"], "Error: Invalid value for '--format' / '-f': Value error, 'xml' is "
                              "not one of 'table', 'json', 'csv'."),
        (["--limit-errors", "-1"], "Error: Invalid value for '--limit-errors': Input should be "
                                   "greater than or equal to 0"),
        (["--bogus"], "Error: No such option: --bogus (Possible options: --verbose)"),
    ],
)
def test_bad_options_exit_2_with_the_reason(wfkpi, args: list[str], message: str) -> None:
    result = wfkpi("validate", "clean", *args)
    assert result.code == 2
    assert result.out == ""
    assert result.err.splitlines()[0] == "Usage: wfkpi validate [OPTIONS] {PATH}"
    assert result.err.splitlines()[-1] == message


def test_path_argument_is_required(wfkpi) -> None:
    result = wfkpi("validate")
    assert result.code == 2
    assert result.err.splitlines()[-1] == "Error: Missing argument 'PATH'."


# ------------------------------------------------------------------------- internal errors

def test_internal_error_is_exit_70_with_advice_and_no_traceback(wfkpi, monkeypatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    # the renderer is where the command hands over its result; break it there
    monkeypatch.setattr("wfkpi.render.validation.print_table", boom)
    result = wfkpi("validate", "clean")
    assert result.code == 70
    assert result.out == ""
    assert result.err == (
        "internal error: RuntimeError: boom\n"
        "This is a fault in wfkpi, not in your data; run again with --debug and report the "
        "traceback.\n")


def test_debug_lets_the_internal_error_through(monkeypatch) -> None:
    from wfkpi.cli import run

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("wfkpi.render.validation.print_table", boom)
    with pytest.raises(RuntimeError, match="boom"):
        run(["--debug", "validate", "clean"])


# ------------------------------------------------------------------------- help, version

def test_help_lists_the_exit_codes_and_commands(wfkpi) -> None:
    result = wfkpi("--help")
    assert result.code == 0
    assert result.lines[0] == "Usage: wfkpi [OPTIONS] COMMAND [ARGS]..."
    assert EXIT_CODES in flat(result.out)
    commands = result.out.split("Commands:")[1]
    assert "validate" in commands
    assert "schema" in commands


def test_no_arguments_prints_the_help(wfkpi) -> None:
    result = wfkpi()
    assert result.code in (0, 2)  # click's no_args_is_help exits 2 from click 8.2 on
    assert EXIT_CODES in flat(result.out + result.err)


def test_validate_help_states_its_exit_codes(wfkpi) -> None:
    result = wfkpi("validate", "--help")
    assert result.code == 0
    text = flat(result.out)
    assert "Exits 0 when valid (warnings allowed), 3 when invalid, 2 on a usage or mapping " \
           "error." in text
    for option in ("--mapping", "--format", "--limit-errors", "--redact"):
        assert option in text


def test_version(wfkpi) -> None:
    result = wfkpi("--version")
    assert result.code == 0
    assert result.out == f"wfkpi {__version__}\n"
