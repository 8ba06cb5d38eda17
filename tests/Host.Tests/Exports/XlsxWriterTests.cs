using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using Monitor.Host.Exports;

namespace Monitor.Host.Tests.Exports;

/// <summary>
/// The reusable workbook writer: typed cells survive a round trip, the file is valid Office Open XML,
/// and crawled text can neither become a formula nor break the XML.
/// </summary>
public sealed class XlsxWriterTests
{
    private static readonly XlsxColumn[] TwoColumns = [new("名称", 20), new("数值", 9.5)];

    [Fact]
    public void Typed_cells_read_back_as_text_numbers_dates_and_booleans()
    {
        var sheet = new XlsxSheet("问题清单", [new("部门", 16), new("得分", 8), new("到期日", 12), new("时间", 20), new("已处理", 8), new("空", 4)],
        [
            [XlsxCell.Text("市教育局"), XlsxCell.Number(87.5), XlsxCell.Date(new DateOnly(2026, 12, 1)), XlsxCell.DateTime(new DateTime(2026, 12, 1, 8, 30, 0)), XlsxCell.Bool(true), XlsxCell.Empty],
        ]);

        var book = RoundTrip(sheet);

        var row = book.Sheets[0].Rows[1];
        Assert.Equal(("市教育局", CellValues.SharedString), (row[0].Value, row[0].Type!.Value));
        Assert.Null(row[1].Type);
        Assert.Equal(87.5, double.Parse(row[1].Value!, CultureInfo.InvariantCulture));
        Assert.Equal(new DateTime(2026, 12, 1), DateTime.FromOADate(double.Parse(row[2].Value!, CultureInfo.InvariantCulture)));
        Assert.Equal(new DateTime(2026, 12, 1, 8, 30, 0), DateTime.FromOADate(double.Parse(row[3].Value!, CultureInfo.InvariantCulture)));
        Assert.Equal(("1", CellValues.Boolean), (row[4].Value, row[4].Type!.Value));
        Assert.Null(row[5].Value);
        Assert.Equal(["A2", "B2", "C2", "D2", "E2", "F2"], row.Select(c => c.Reference));
    }

    [Fact]
    public void Dates_are_shown_with_a_date_format_not_as_bare_serial_numbers()
    {
        using var stream = Write(new XlsxSheet("日期", [new("日期", 12)], [[XlsxCell.Date(new DateOnly(2026, 3, 31))]]));
        using var document = SpreadsheetDocument.Open(stream, false);
        var cell = document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Cell>().Single(c => c.CellReference == "A2");
        var format = document.WorkbookPart.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)cell.StyleIndex!.Value);
        var code = document.WorkbookPart.WorkbookStylesPart.Stylesheet.NumberingFormats!.Elements<NumberingFormat>()
            .Single(f => f.NumberFormatId!.Value == format.NumberFormatId!.Value).FormatCode!.Value;
        Assert.Equal("yyyy-mm-dd", code);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"点此\")", "'=HYPERLINK(\"http://evil.example\",\"点此\")")]
    [InlineData("+86 579 1234", "'+86 579 1234")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1+1", "'\t=1+1")]
    [InlineData("关于=公示", "关于=公示")]
    [InlineData("", "")]
    public void Text_that_a_spreadsheet_would_run_as_a_formula_is_prefixed_with_an_apostrophe(string text, string stored)
    {
        var book = RoundTrip(new XlsxSheet("标题", TwoColumns, [[XlsxCell.Text(text)]]));

        Assert.Equal(stored, book.Sheets[0].Rows[1][0].Value);
    }

    [Fact]
    public void Header_texts_are_neutralised_too()
    {
        var book = RoundTrip(new XlsxSheet("表", [new("=1+1", 10)], []));

        Assert.Equal("'=1+1", book.Sheets[0].Rows[0][0].Value);
    }

    [Fact]
    public void Characters_xml_cannot_carry_are_dropped_and_chinese_and_emoji_survive()
    {
        var book = RoundTrip(new XlsxSheet("表", TwoColumns, [[XlsxCell.Text("义乌\u0001市\u0008政府\uFFFE 🏛 \uD800")]]));

        Assert.Equal("义乌市政府 🏛 ", book.Sheets[0].Rows[1][0].Value);
    }

    [Fact]
    public void Text_longer_than_a_cell_can_hold_is_cut_to_the_excel_limit()
    {
        var book = RoundTrip(new XlsxSheet("表", TwoColumns, [[XlsxCell.Text(new string('公', 40_000))]]));

        Assert.Equal(XlsxWriter.MaxCellText, book.Sheets[0].Rows[1][0].Value!.Length);
    }

    [Fact]
    public void Header_row_is_frozen_and_columns_have_the_given_widths()
    {
        var book = RoundTrip(new XlsxSheet("表", TwoColumns, [[XlsxCell.Text("甲"), XlsxCell.Number(1)]]));

        var sheet = book.Sheets[0];
        Assert.Equal(PaneStateValues.Frozen, sheet.Pane!.State!.Value);
        Assert.Equal(1, sheet.Pane.VerticalSplit!.Value);
        Assert.Equal("A2", sheet.Pane.TopLeftCell!.Value);
        Assert.Equal([20, 9.5], sheet.ColumnWidths);
        Assert.Equal(["名称", "数值"], sheet.Texts(1));
    }

    [Fact]
    public void A_title_goes_above_the_header_and_the_frozen_area_includes_both()
    {
        var book = RoundTrip(new XlsxSheet("表", TwoColumns, [[XlsxCell.Text("甲")]]) { Title = "保障性住房领域政务公开标准目录" });

        var sheet = book.Sheets[0];
        Assert.Equal(["保障性住房领域政务公开标准目录"], sheet.Texts(1));
        Assert.Equal(["名称", "数值"], sheet.Texts(2));
        Assert.Equal(["甲"], sheet.Texts(3));
        Assert.Equal(2, sheet.Pane!.VerticalSplit!.Value);
        Assert.Equal("A3", sheet.Pane.TopLeftCell!.Value);
    }

    [Fact]
    public void Sheet_names_lose_forbidden_characters_are_cut_to_31_and_made_unique()
    {
        var names = XlsxWriter.SheetNames(["公共资源交易/工程建设[招投标]", "市政服务", "市政服务", "'引号'", "", new string('长', 40), new string('长', 40)]);

        Assert.Equal("公共资源交易_工程建设_招投标_", names[0]);
        Assert.Equal(["市政服务", "市政服务(2)"], names.Skip(1).Take(2));
        Assert.Equal("引号", names[3]);
        Assert.Equal("Sheet", names[4]);
        Assert.Equal(new string('长', 31), names[5]);
        Assert.Equal(new string('长', 28) + "(2)", names[6]);
    }

    [Fact]
    public void Each_sheet_becomes_a_worksheet_in_order_with_its_sanitised_name()
    {
        var book = RoundTrip(
            new XlsxSheet("保障性住房", TwoColumns, [[XlsxCell.Text("一")]]),
            new XlsxSheet("征地补偿", TwoColumns, [[XlsxCell.Text("二")], [XlsxCell.Text("三")]]),
            new XlsxSheet("a:b", TwoColumns, []));

        Assert.Equal(["保障性住房", "征地补偿", "a_b"], book.Sheets.Select(s => s.Name));
        Assert.Equal(3, book.Sheets[1].Rows.Count);
        Assert.Single(book.Sheets[2].Rows);
    }

    [Fact]
    public void The_written_workbook_is_valid_office_open_xml()
    {
        using var stream = Write(
            new XlsxSheet("保障性住房", TwoColumns, [[XlsxCell.Text("=x"), XlsxCell.Number(-1.25)], [XlsxCell.Text("多行\n文本")]]) { Title = "标题", Landscape = true },
            new XlsxSheet("日期", [new("日期", 12), new("真假", 6), new("时间", 20)], [[XlsxCell.Date(new DateOnly(2026, 1, 1)), XlsxCell.Bool(false), XlsxCell.DateTime(new DateTime(2026, 1, 1, 23, 59, 59))]]));
        using var document = SpreadsheetDocument.Open(stream, false);

        var errors = new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();

        Assert.Empty(errors);
    }

    [Fact]
    public void A_row_with_more_cells_than_columns_is_refused()
    {
        var sheet = new XlsxSheet("表", [new("一", 5)], [[XlsxCell.Text("a"), XlsxCell.Text("b")]]);

        Assert.Throws<ArgumentException>(() => Write(sheet).Dispose());
    }

    [Fact]
    public void Numbers_that_a_spreadsheet_cannot_hold_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => XlsxCell.Number(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => XlsxCell.Number(double.PositiveInfinity));
    }

    [Theory]
    [InlineData(1, "A")]
    [InlineData(26, "Z")]
    [InlineData(27, "AA")]
    [InlineData(702, "ZZ")]
    [InlineData(703, "AAA")]
    public void Column_numbers_become_excel_letters(int column, string name) => Assert.Equal(name, XlsxWriter.ColumnName(column));

    [Fact]
    public void Writing_to_a_path_creates_its_folder()
    {
        using var folder = new Support.TempFolder();
        var path = Path.Combine(folder.Path, "sub", "out.xlsx");

        XlsxWriter.Write(path, [new XlsxSheet("表", TwoColumns, [[XlsxCell.Text("甲")]])]);

        Assert.Equal(["甲"], WorkbookContent.Read(path).Sheets[0].Texts(2));
    }

    private static MemoryStream Write(params XlsxSheet[] sheets)
    {
        var stream = new MemoryStream();
        XlsxWriter.Write(stream, sheets);
        stream.Position = 0;
        return stream;
    }

    private static WorkbookContent RoundTrip(params XlsxSheet[] sheets)
    {
        using var stream = Write(sheets);
        return WorkbookContent.Read(stream);
    }
}
