using System.Globalization;
using System.Text;
using Monitor.Host.Exports;

namespace Monitor.Host.Tests.Exports;

/// <summary>
/// The CSV writer: what it writes parses back with an independent RFC 4180 reader, Excel gets its BOM, and crawled text
/// that a spreadsheet would run as a formula is neutralised the same way as in the workbook.
/// </summary>
public sealed class CsvTests
{
    [Fact]
    public void Output_starts_with_a_utf8_byte_order_mark_and_ends_every_record_with_crlf()
    {
        var bytes = Write(csv =>
        {
            csv.Row("部门", "得分");
            csv.Row("市教育局", "90");
        });

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Equal("部门,得分\r\n市教育局,90\r\n", new UTF8Encoding(false).GetString(bytes[3..]));
    }

    [Fact]
    public void Commas_quotes_and_line_breaks_round_trip_through_a_standard_reader()
    {
        string[] cells = ["a,b", "他说\"你好\"", "第一行\n第二行", "回车\r\n换行", "", "普通"];

        var rows = CsvReader.Parse(Write(csv => csv.Row(cells)));

        Assert.Single(rows);
        Assert.Equal(cells, rows[0]);
    }

    [Fact]
    public void Only_fields_that_need_it_are_quoted_and_inner_quotes_are_doubled()
    {
        Assert.Equal("plain", Csv.Field("plain"));
        Assert.Equal("\"a,b\"", Csv.Field("a,b"));
        Assert.Equal("\"x\"\"y\"", Csv.Field("x\"y"));
        Assert.Equal("\"a\nb\"", Csv.Field("a\nb"));
        Assert.Equal("\"a\rb\"", Csv.Field("a\rb"));
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+x", "'+x")]
    [InlineData("-x", "'-x")]
    [InlineData("@x", "'@x")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "'\rx")]
    [InlineData("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")")]
    [InlineData("a=1", "a=1")]
    [InlineData("保障性住房 =1", "保障性住房 =1")]
    public void Text_a_spreadsheet_would_run_as_a_formula_gets_a_leading_apostrophe(string text, string stored)
    {
        var rows = CsvReader.Parse(Write(csv => csv.Row(text)));

        Assert.Equal(stored, rows[0][0]);
    }

    [Fact]
    public void Csv_and_xlsx_share_the_one_neutralising_rule()
    {
        foreach (var text in new[] { "=1", "+1", "-1", "@a", "\ta", "\ra", "a", "", "'=x" })
        {
            Assert.Equal(SpreadsheetText.Neutralise(text), XlsxWriter.SafeText(text));
        }
    }

    [Fact]
    public void Numbers_are_written_in_the_invariant_culture_and_are_never_neutralised()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            var rows = CsvReader.Parse(Write(csv => csv.Number(87.5).Number(-1.25).Number(1234567L).Text("-1.25").EndRow()));

            Assert.Equal(["87.5", "-1.25", "1234567", "'-1.25"], rows[0]);
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void A_number_a_spreadsheet_cannot_hold_is_refused()
    {
        using var csv = new Csv(new MemoryStream());

        Assert.Throws<ArgumentOutOfRangeException>(() => csv.Number(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => csv.Number(double.PositiveInfinity));
    }

    [Fact]
    public void Null_cells_are_empty_fields_and_the_stream_is_left_open()
    {
        using var stream = new MemoryStream();
        using (var csv = new Csv(stream))
        {
            csv.Row("a", null, "c");
        }

        Assert.True(stream.CanWrite);
        Assert.Equal(["a", "", "c"], CsvReader.Parse(stream.ToArray())[0]);
    }

    private static byte[] Write(Action<Csv> write)
    {
        using var stream = new MemoryStream();
        using (var csv = new Csv(stream))
        {
            write(csv);
        }

        return stream.ToArray();
    }
}

/// <summary>
/// A strict RFC 4180 reader written apart from the writer: requires the UTF-8 BOM and CRLF record ends, unquotes fields
/// and fails on anything malformed (a stray quote, a bare LF between records).
/// </summary>
internal static class CsvReader
{
    public static IReadOnlyList<IReadOnlyList<string>> Parse(byte[] bytes)
    {
        Assert.True(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, "the CSV has no UTF-8 byte-order mark");
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 3, bytes.Length - 3);
        var rows = new List<IReadOnlyList<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"')
            {
                Assert.Equal(0, field.Length);
                i++;
                while (true)
                {
                    Assert.True(i < text.Length, "unterminated quoted field");
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(text[i++]);
                }

                Assert.True(i == text.Length || text[i] is ',' or '\r', $"text after a closing quote at {i}");
                continue;
            }

            if (text[i] == ',')
            {
                row.Add(field.ToString());
                field.Clear();
                i++;
            }
            else if (text[i] == '\r')
            {
                Assert.True(i + 1 < text.Length && text[i + 1] == '\n', $"CR without LF at {i}");
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
                i += 2;
            }
            else
            {
                Assert.NotEqual('\n', text[i]);
                Assert.NotEqual('"', text[i]);
                field.Append(text[i++]);
            }
        }

        Assert.True(row.Count == 0 && field.Length == 0, "the last record does not end with CRLF");
        return rows;
    }

    public static IReadOnlyList<IReadOnlyList<string>> Parse(string path) => Parse(File.ReadAllBytes(path));
}
