"""Named queries, safe parameter binding and syntax errors with their position."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.errors import QueryError, UsageError
from archive.query import GraphStore, load_query, named_queries, run_query
from archive.query.params import bind, parameters_in, parse_header, query_form, term_for


def answer(text: str) -> list[tuple[str | None, ...]]:
    result = run_query(GraphStore.in_memory(), text)
    return [tuple(t.value if t else None for t in row) for row in result.solutions]


def _not_iri(value: str) -> bool:
    return not (value.strip().startswith("<") and value.strip().endswith(">"))


@settings(max_examples=200, deadline=None)
@given(st.text().filter(_not_iri))
def test_any_value_is_bound_as_exactly_that_string(value: str) -> None:
    """No value, however hostile, changes the query: it comes back as the literal.

    (A value written ``<...>`` is an IRI instead: see test_iri_values_and_their_checks.)
    """
    text = bind("SELECT ?x WHERE { BIND($v AS ?x) }", {"v": value})
    assert answer(text) == [(value,)]


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="\"'\\{}<>#?$\n\r\t .;", max_size=40).filter(_not_iri))
def test_injection_attempts_stay_literals(value: str) -> None:
    text = bind('SELECT ?x ?y WHERE { BIND($v AS ?x) BIND("fixed" AS ?y) }', {"v": value})
    assert answer(text) == [(value, "fixed")]


def test_only_tokens_are_replaced() -> None:
    text = (
        "PREFIX ex: <http://example.org/$v#>\n"
        "# a comment naming $v\n"
        'SELECT ?x ?s WHERE { BIND($v AS ?x) BIND("$v and \\"$v\\"" AS ?s)'
        " FILTER(?x<$v || ?x>$v) }"
    )
    bound = bind(text, {"v": "a"})
    assert "<http://example.org/$v#>" in bound
    assert "# a comment naming $v" in bound
    assert '"$v and \\"$v\\""' in bound
    assert 'BIND("a" AS ?x)' in bound
    assert '?x<"a" || ?x>"a"' in bound
    assert parameters_in(text) == {"v"}


def test_iri_values_and_their_checks() -> None:
    assert term_for("<https://archive.example/id/person/x>") == (
        "<https://archive.example/id/person/x>"
    )
    with pytest.raises(UsageError):
        term_for("<not absolute>")
    with pytest.raises(UsageError):
        term_for("<http://x/a> <http://x/b>")
    text = bind("SELECT ?x WHERE { BIND(STR($v) AS ?x) }", {"v": "<http://example.org/a>"})
    assert answer(text) == [("http://example.org/a",)]


def test_parameter_errors() -> None:
    with pytest.raises(UsageError, match="--param spacecraft"):
        bind("SELECT * { ?c ?p $spacecraft }", {}, declared=("spacecraft",))
    with pytest.raises(UsageError, match=r"no parameter \$nope"):
        bind("SELECT * { ?c ?p $craft }", {"nope": "x"})
    with pytest.raises(UsageError, match="as well as"):
        bind("SELECT ?craft { ?s ?p $craft }", {"craft": "x"})
    # An ad-hoc query may keep $x as an ordinary variable.
    assert bind("SELECT $x { ?s ?p $x }", {}) == "SELECT $x { ?s ?p $x }"


def test_named_queries_have_headers() -> None:
    query = load_query("crew-of-spacecraft")
    assert query.param_names == ("spacecraft",)
    assert "Crew of a spacecraft" in query.description
    assert len(named_queries()) >= 8
    with pytest.raises(UsageError, match="crew-of-spacecraft"):
        load_query("no-such-query")
    with pytest.raises(UsageError):
        load_query("../archive")
    assert parse_header("# A.\n#param x : y\nSELECT") == ("A.", (("x", "y"),))


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("SELECT * {}", "SELECT"),
        ("PREFIX ask: <http://x/SELECT#>\n# DESCRIBE\nask {}", "ASK"),
        ('CONSTRUCT { ?s ?p "ASK" } WHERE {}', "CONSTRUCT"),
        ("describe <http://x/a>", "DESCRIBE"),
        ("PREFIX x: <http://x/>", None),
    ],
)
def test_query_form(text: str, form: str | None) -> None:
    assert query_form(text) == form


def test_syntax_errors_give_line_and_column() -> None:
    text = "PREFIX schema: <http://schema.org/>\nSELECT ?x WHERE {\n  ?x schema:name ?n ?oops .\n}"
    with pytest.raises(QueryError) as caught:
        run_query(GraphStore.in_memory(), text)
    assert (caught.value.line, caught.value.column) == (3, 21)
    assert "line 3, column 21" in str(caught.value)


def test_syntax_error_positions_refer_to_the_text_as_written() -> None:
    # The error is after a parameter whose value is much longer than "$p".
    text = "SELECT ?x WHERE { BIND($p AS ?x) }\n}"
    with pytest.raises(QueryError) as caught:
        run_query(GraphStore.in_memory(), text, {"p": "a long value " * 10})
    assert (caught.value.line, caught.value.column) == (2, 1)


def test_a_parameter_where_only_a_variable_may_stand_is_an_error() -> None:
    with pytest.raises(QueryError, match="with its parameters bound"):
        run_query(GraphStore.in_memory(), "SELECT $p WHERE { ?s ?o $p }", {"p": "x"})
