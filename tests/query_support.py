"""Fixtures for the query tests (a pytest plugin: ``pytest_plugins = ("query_support",)``).

The corpus articles of :mod:`query_corpus` are packaged once per session and
indexed once; tests that change bags work on a private copy.

PYTEST_DONT_REWRITE: ``--doctest-modules`` imports this file before any test
module names it as a plugin, too late for assertion rewriting (and for a warning).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import EPOCH
from helpers import run_cli
from query_corpus import ARTICLES

from archive.query import GraphStore, index_bags, open_store


@pytest.fixture(scope="session")
def corpus_bags(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding one bag per article of :data:`ARTICLES`, packaged reproducibly."""
    out = tmp_path_factory.mktemp("query-bags")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        code, _, err = run_cli(["package", *map(str, ARTICLES.values()), "--out", str(out)])
    assert code == 0, err
    return out


@pytest.fixture
def bags_copy(corpus_bags: Path, tmp_path: Path) -> Path:
    """A private copy of the corpus bags, for tests that change or remove bags."""
    dest = tmp_path / "bags"
    shutil.copytree(corpus_bags, dest)
    return dest


@pytest.fixture(scope="session")
def corpus_store(corpus_bags: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The corpus bags indexed into a store (a folder path; open it read-only)."""
    path = tmp_path_factory.mktemp("query-store") / "store"
    with GraphStore.open(path) as store:
        outcomes = list(index_bags(store, [corpus_bags], workers=1))
    assert {o.action for o in outcomes} == {"added"}, outcomes
    yield path


@pytest.fixture
def store(corpus_store: Path) -> Iterator[GraphStore]:
    with open_store(corpus_store) as opened:
        yield opened
