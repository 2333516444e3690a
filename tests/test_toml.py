"""Locating keys and values of TOML texts, and located TOML syntax errors."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from feedcite._toml import KeyPath, TomlLocator, load_toml, type_name
from tests.conftest import REFS

DOCUMENT = '''\
"quoted key" = 1
'literal' = 2
a.b.c = 3
"esc\\u0041" = 4
when = 1979-05-27 07:32:00Z
arr = [ 1, [2, 3], {x = 1, y.z = "s"} ,
  # a comment
  """multi
line""", \'\'\'lit\'\'\' ]
[t]
x = """a"""""
[[aot]]
k = 1
[aot.sub]
m = 2
[[aot.inner]]
n = 3
[[aot]]
k = 2
[[aot.inner]]
n = 4
[[aot.inner]]
n = 5
'''


def key_paths(data: object, path: KeyPath = ()) -> Iterator[KeyPath]:
    """Every key path of parsed TOML data (tables, keys, array elements)."""
    if path:
        yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from key_paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from key_paths(value, (*path, index))


def where(span: object) -> tuple[int, int, int]:
    line, column, length = (getattr(span, name) for name in ("line", "column", "length"))
    return line, column, length


@pytest.mark.parametrize(
    "name", ["corpus.toml", "works.toml", "glossary.toml", "citekeys.toml", "tags.toml"]
)
def test_every_key_path_of_the_bundled_files_is_located(name: str) -> None:
    text = (REFS / name).read_text(encoding="utf-8")
    locator = TomlLocator.of(text, name)
    paths = list(key_paths(tomllib.loads(text)))
    assert paths
    assert [p for p in paths if not locator.knows(*p)] == []


def test_every_key_path_of_every_kind_of_toml_is_located() -> None:
    locator = TomlLocator.of(DOCUMENT, "x.toml")
    assert [p for p in key_paths(tomllib.loads(DOCUMENT)) if not locator.knows(*p)] == []


@pytest.mark.parametrize(
    ("path", "key", "value"),
    [
        (("quoted key",), (1, 1, 12), (1, 16, 1)),
        (("literal",), (2, 1, 9), (2, 13, 1)),
        (("a", "b", "c"), (3, 5, 1), (3, 9, 1)),
        (("escA",), (4, 1, 11), (4, 15, 1)),
        (("when",), (5, 1, 4), (5, 8, 20)),
        (("arr", 1, 0), (6, 13, 1), (6, 13, 1)),
        (("arr", 2, "y", "z"), (6, 30, 1), (6, 34, 3)),
        (("arr", 3), (8, 3, 8), (8, 3, 8)),
        (("t", "x"), (11, 1, 1), (11, 5, 9)),
        (("aot", 0), (12, 3, 3), (12, 1, 7)),
        (("aot", 0, "sub", "m"), (15, 1, 1), (15, 5, 1)),
        (("aot", 1, "k"), (19, 1, 1), (19, 5, 1)),
        (("aot", 1, "inner", 1, "n"), (23, 1, 1), (23, 5, 1)),
    ],
)
def test_keys_and_values_are_located(
    path: KeyPath, key: tuple[int, int, int], value: tuple[int, int, int]
) -> None:
    locator = TomlLocator.of(DOCUMENT, "x.toml")
    assert where(locator.key_span(*path)) == key
    assert where(locator.value_span(*path)) == value


def test_a_multi_line_value_spans_its_lines() -> None:
    span = TomlLocator.of(DOCUMENT, "x.toml").value_span("arr")
    assert (span.line, span.end_line) == (6, 9)


def test_scoped_locators_and_unknown_paths_fall_back_to_the_nearest_known_key() -> None:
    locator = TomlLocator.of(DOCUMENT, "x.toml")
    entry = locator.at("aot", 1)
    assert where(entry.key_span("k")) == (19, 1, 1)
    assert where(entry.key_span("missing")) == (18, 3, 3)  # the entry's header
    assert where(locator.key_span("nowhere", 3)) == (1, 1, 1)
    assert locator.entries("aot") == [12, 18]


def test_lines_are_counted_at_line_feeds_only() -> None:
    text = '# a comment with \u2028 and \x85 in it\r\nname = "x\u2028y"\r\nbad = 3\r\n'
    locator = TomlLocator.of(text, "x.toml")
    assert where(locator.key_span("bad")) == (3, 1, 3)
    assert locator.lines[2] == "bad = 3"


def test_a_byte_order_mark_is_ignored() -> None:
    text = '\ufeffname = "x"\n'
    assert load_toml(text, "x.toml") == ({"name": "x"}, [])
    assert where(TomlLocator.of(text, "x.toml").value_span("name")) == (1, 8, 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'id = "x\nmatch = {}\n',
            'x.toml:1:6: error[meta-syntax]: TOML syntax error: the string opened with " here is'
            ' not closed on its line (a "…" string ends on its line; """…""" may run over several)',
        ),
        (
            "ok = 1\nclaim = 'A claim\n",
            "x.toml:2:9: error[meta-syntax]: TOML syntax error: the string opened with ' here is"
            " not closed on its line (a '…' string ends on its line; '''…''' may run over several)",
        ),
        (
            'a = ["x", "y\n]\n',
            'x.toml:1:11: error[meta-syntax]: TOML syntax error: the string opened with " here is'
            ' not closed on its line (a "…" string ends on its line; """…""" may run over several)',
        ),
        (
            "a = [1,\n2,\n",
            "x.toml:1:5: error[meta-syntax]: TOML syntax error: Invalid value",
        ),
        (
            'x = 1\ny = """\nabc',
            'x.toml:2:5: error[meta-syntax]: TOML syntax error: the string opened with """ here is'
            " never closed",
        ),
        (
            'name = "a"\ntitle = "b"\nname = "c"\n',
            "x.toml:3:1: error[meta-syntax]: TOML syntax error: 'name' is defined twice (first at line 1)",
        ),
        (
            "[a]\nb = 1\n[a]\nc = 2\n",
            "x.toml:3:2: error[meta-syntax]: TOML syntax error: 'a' is defined twice (first at line 1)",
        ),
        (
            "a = 1\na.b = 2\n",
            "x.toml:2:1: error[meta-syntax]: TOML syntax error: 'a' is defined twice (first at line 1)",
        ),
        (
            "# \u2028 comment\n\na = \n",
            "x.toml:3:5: error[meta-syntax]: TOML syntax error: Invalid value",
        ),
        (
            "ok = 1\nn = " + "9" * 5000 + "\n",
            "x.toml:2:5: error[meta-syntax]: TOML syntax error: an integer with more than 4300 digits",
        ),
        (
            "ok = 1\na = " + "[" * 2000 + "]" * 2000 + "\n",
            "x.toml:2:105: error[meta-syntax]: TOML syntax error: arrays or inline tables nested more than 100 deep",
        ),
    ],
    ids=[
        "unclosed-string",
        "unclosed-literal-string",
        "unclosed-string-in-an-array",
        "unclosed-array",
        "unclosed-multi-line-string",
        "duplicate-key",
        "duplicate-table",
        "dotted-key-over-a-value",
        "line-separator-in-a-comment",
        "huge-integer",
        "deep-nesting",
    ],
)
def test_syntax_errors_are_located(text: str, expected: str) -> None:
    data, (diagnostic,) = load_toml(text, "x.toml")
    assert data == {}
    assert diagnostic.format().split("\n")[0] == expected
    assert diagnostic.line_text == text.split("\n")[diagnostic.span.line - 1]


def test_type_names() -> None:
    values: list[object] = ["", 1, 1.5, True, [], [{}], [1, {}], {}]
    assert [type_name(v) for v in values] == [
        "a string",
        "an integer",
        "a float",
        "a boolean",
        "an array",
        "an array of tables",
        "an array",
        "a table",
    ]


SCALARS = st.one_of(
    st.text(max_size=8),
    st.integers(-(10**20), 10**20),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False),
)
KEYS = st.text(alphabet="ab_-.\"' \u2028é", min_size=1, max_size=5)


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return (
            '"'
            + "".join(c if c.isalnum() or c in " .-" else f"\\U{ord(c):08x}" for c in value)
            + '"'
        )
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    return repr(value)


def toml_key(key: str) -> str:
    if key.replace("_", "a").replace("-", "a").isalnum() and key.isascii():
        return key
    return '"' + "".join(c if c.isalnum() else f"\\U{ord(c):08x}" for c in key) + '"'


VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
    max_leaves=8,
)


@given(st.dictionaries(KEYS, st.dictionaries(KEYS, VALUES, max_size=4), max_size=3))
def test_generated_documents_are_located_line_by_line(tables: dict[str, dict[str, object]]) -> None:
    """Tables written one key per line: every key is found on the line it was written on."""
    lines: list[str] = []
    expected: dict[KeyPath, int] = {}
    for table, values in tables.items():
        lines.append(f"[{toml_key(table)}]")
        expected[(table,)] = len(lines)
        for key, value in values.items():
            lines.append(f"{toml_key(key)} = {toml_value(value)}")
            expected[(table, key)] = len(lines)
    text = "\n".join(lines) + "\n"
    data = tomllib.loads(text)
    locator = TomlLocator.of(text, "x.toml")
    assert [p for p in key_paths(data) if not locator.knows(*p)] == []
    for path, line in expected.items():
        assert locator.key_span(*path).line == line, path
