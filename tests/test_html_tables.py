"""The shared HTML table reader, on small hand-written tables."""
from __future__ import annotations

import pytest

from collectors.errors import LayoutError
from collectors.html_tables import clean_text, parse_html, read_tables, require_unit, strip_footnote


def one(html: str):
    tables = read_tables(html)
    assert len(tables) == 1
    return tables[0]


def test_plain_table_with_thead_and_heading():
    table = one("""<h2>Text   models</h2><p>Prices per 1M tokens.</p>
        <table><thead><tr><th>Model</th><th>Input</th></tr></thead>
        <tbody><tr><td>a</td><td>$1</td></tr><tr><td>b</td><td>$2</td></tr></tbody></table>""")
    assert table.heading == "Text models"
    assert table.header == ("Model", "Input")
    assert table.rows == (("a", "$1"), ("b", "$2"))
    assert table.column("^input$") == 1
    assert table.frame()["Input"].tolist() == ["$1", "$2"]


def test_header_rows_without_thead_are_leading_th_rows():
    table = one("<table><tr><th>Model</th><th>Price</th></tr><tr><th>x</th><td>1</td></tr></table>")
    assert table.header == ("Model", "Price")
    assert table.rows == (("x", "1"),)  # a row header (th in a body row) stays a body row


def test_rowspan_is_copied_down():
    table = one("""<table><tr><th>Model</th><th>Modality</th><th>Input</th></tr>
        <tr><td rowspan="2">rt</td><td>Audio</td><td>$32</td></tr>
        <tr><td>Text</td><td>$4</td></tr></table>""")
    assert table.rows == (("rt", "Audio", "$32"), ("rt", "Text", "$4"))


def test_colspan_is_copied_across_and_header_rows_are_joined():
    table = one("""<table><thead>
        <tr><th></th><th colspan="2">Short context</th><th colspan="2">Long context</th></tr>
        <tr><th>Model</th><th>Input</th><th>Output</th><th>Input</th><th>Output</th></tr></thead>
        <tbody><tr><td>m</td><td>1</td><td>2</td><td colspan="2">-</td></tr></tbody></table>""")
    assert table.header == ("Model", "Short context Input", "Short context Output",
                            "Long context Input", "Long context Output")
    assert table.rows == (("m", "1", "2", "-", "-"),)
    assert table.columns("^long context") == [3, 4]


def test_rowspan_and_colspan_at_once():
    table = one("""<table>
        <tr><td colspan="2">Model</td><td>flash</td><td>pro</td></tr>
        <tr><td rowspan="2" colspan="1">Price</td><td>in</td><td>1</td><td>3</td></tr>
        <tr><td>out</td><td colspan="2">2</td></tr>
        <tr><td colspan="2" rowspan="1">Context</td><td colspan="2">1M</td></tr></table>""")
    assert table.header_rows == ()  # no <th>: a sideways table, labels in the first columns
    assert table.header == ("", "", "", "")
    assert table.grid == (("Model", "Model", "flash", "pro"), ("Price", "in", "1", "3"),
                          ("Price", "out", "2", "2"), ("Context", "Context", "1M", "1M"))


def test_a_header_cell_spanning_two_header_rows_is_named_once():
    table = one("""<table><thead><tr><th rowspan="2">Model</th><th colspan="2">Price</th></tr>
        <tr><th>in</th><th>out</th></tr></thead><tbody><tr><td>m</td><td>1</td><td>2</td></tr></tbody>
        </table>""")
    assert table.header == ("Model", "Price in", "Price out")


def test_nested_tags_and_whitespace_are_flattened():
    table = one("""<table><tr><th>Model</th><th>Note</th></tr>
        <tr><td><a href="#"><b>deepseek-v4-flash</b></a><sup>(1)</sup></td>
        <td>line one<br/>line&nbsp;two \u200b <span>  end </span></td></tr></table>""")
    assert table.rows == (("deepseek-v4-flash (1)", "line one line two end"),)
    assert strip_footnote(table.rows[0][0]) == "deepseek-v4-flash"


def test_nested_table_is_read_on_its_own_and_not_mixed_into_the_outer_rows():
    outer, inner = read_tables("""<table><tr><th>A</th></tr>
        <tr><td>x<table><tr><th>B</th></tr><tr><td>y</td></tr></table></td></tr></table>""")
    assert outer.header == ("A",) and len(outer.rows) == 1
    assert inner.header == ("B",) and inner.rows == (("y",),)


def test_empty_table_and_page_without_tables():
    table = one("<h3>Nothing</h3><table></table>")
    assert table.rows == () and table.header == () and table.heading == "Nothing"
    assert table.frame().empty
    assert read_tables("<p>no tables</p>") == []


def test_ragged_rows_are_padded_and_silly_spans_are_capped():
    table = one("""<table><tr><th>a</th><th>b</th><th>c</th></tr><tr><td>1</td></tr>
        <tr><td colspan="x" rowspan="99">2</td><td>3</td></tr></table>""")
    assert table.rows == (("1", "", ""), ("2", "3", ""))


def test_empty_heading_falls_back_to_its_id():
    table = one('<h2 id="text-tokens"></h2><p>Flagship</p><table><tr><th>Model</th></tr></table>')
    assert table.heading == "text-tokens"


def test_caption_and_bytes_input():
    table = one("<table><caption> Prices  </caption><tr><th>¥</th></tr></table>".encode())
    assert table.caption == "Prices"
    assert table.header == ("¥",)


def test_clean_text():
    assert clean_text("  a\u00a0\u200bb \n c ") == "a b c"


def test_parse_html_rejects_broken_pages():
    with pytest.raises(LayoutError, match="empty"):
        parse_html(b"  ", "src", "x.html")
    with pytest.raises(LayoutError, match="truncated"):
        parse_html(b"<html><body><table><tr><td>1", "src", "x.html")
    with pytest.raises(LayoutError, match="UTF-8"):
        parse_html(b"<html>\xff\xfe</html>", "src", "x.html")
    soup = parse_html(b"<html><body><p>Prices per 1M tokens.</p><script>per 1M chars</script></body></html>",
                      "src", "x.html")
    require_unit(soup, r"per 1M tokens", "src", "x.html")
    with pytest.raises(LayoutError, match="unit statement"):
        require_unit(soup, r"per 1M chars", "src", "x.html")  # script text does not count
