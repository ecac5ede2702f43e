from __future__ import annotations

from pathlib import Path

import pytest

from archive.config import (
    PackageOptions,
    check_algorithms,
    load_config,
    parse_info,
    source_date_epoch,
)
from archive.errors import InputError, UsageError


def test_source_date_epoch() -> None:
    assert source_date_epoch({}) is None
    assert source_date_epoch({"SOURCE_DATE_EPOCH": "1700000000"}) == 1700000000
    with pytest.raises(UsageError):
        source_date_epoch({"SOURCE_DATE_EPOCH": "yesterday"})
    opts = PackageOptions(out_dir=Path(), source_date_epoch=1700000000)
    assert opts.bagging_date() == "2023-11-14"


def test_algorithms() -> None:
    assert check_algorithms(["SHA-512", "sha256", "sha512"]) == ("sha512", "sha256")
    with pytest.raises(UsageError):
        check_algorithms(["crc32"])


def test_info_items() -> None:
    assert parse_info(["Contact-Name=Jane Doe", "Contact-Email= j@example.org "]) == (
        ("Contact-Name", "Jane Doe"),
        ("Contact-Email", "j@example.org"),
    )
    for bad in ["NoEquals", "Payload-Oxum=1.1", "Bad:Label=x", " =x"]:
        with pytest.raises(UsageError):
            parse_info([bad])


def test_config_file(tmp_path: Path) -> None:
    path = tmp_path / "archive.toml"
    path.write_text(
        'base-iri = "https://id.example.org/"\nalgorithms = ["sha256"]\n'
        '[bag-info]\nSource-Organization = "Library"\nContact-Email = ["a@x.org", "b@x.org"]\n'
    )
    data = load_config(path)
    assert data["bag-info"] == [
        ("Source-Organization", "Library"),
        ("Contact-Email", "a@x.org"),
        ("Contact-Email", "b@x.org"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "not toml = = =",
        "unknown = 1",
        '[bag-info]\nBagging-Date = "2020-01-01"',
        'base-iri = "relative/"',
    ],
)
def test_bad_config_names_the_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(InputError) as info:
        load_config(path)
    assert info.value.input == str(path)
