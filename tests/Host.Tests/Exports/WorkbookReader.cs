using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Monitor.Host.Tests.Exports;

/// <summary>Reads a written workbook back into plain values, independently of the writer's code.</summary>
internal sealed record WorkbookContent(IReadOnlyList<SheetContent> Sheets)
{
    public static WorkbookContent Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream);
    }

    public static WorkbookContent Read(Stream stream)
    {
        using var document = SpreadsheetDocument.Open(stream, isEditable: false);
        var workbookPart = document.WorkbookPart!;
        var strings = workbookPart.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
        var sheets = new List<SheetContent>();
        foreach (var sheet in workbookPart.Workbook.Sheets!.Elements<Sheet>())
        {
            var part = (WorksheetPart)workbookPart.GetPartById(sheet.Id!);
            var rows = new List<IReadOnlyList<CellContent>>();
            foreach (var row in part.Worksheet.Descendants<Row>())
            {
                rows.Add([.. row.Elements<Cell>().Select(c => ReadCell(c, strings))]);
            }

            var pane = part.Worksheet.Descendants<Pane>().FirstOrDefault();
            var widths = part.Worksheet.Descendants<Column>().Select(c => c.Width?.Value ?? 0).ToList();
            sheets.Add(new SheetContent(sheet.Name!.Value!, rows, pane, widths));
        }

        return new WorkbookContent(sheets);
    }

    private static CellContent ReadCell(Cell cell, List<string> strings)
    {
        var raw = cell.CellValue?.Text;
        var value = cell.DataType?.Value == CellValues.SharedString && raw is not null
            ? strings[int.Parse(raw, CultureInfo.InvariantCulture)]
            : raw;
        return new CellContent(cell.CellReference!.Value!, cell.DataType?.Value, value, cell.StyleIndex?.Value ?? 0);
    }
}

internal sealed record SheetContent(string Name, IReadOnlyList<IReadOnlyList<CellContent>> Rows, Pane? Pane, IReadOnlyList<double> ColumnWidths)
{
    /// <summary>The texts of one row (1-based, as Excel numbers rows).</summary>
    public IReadOnlyList<string?> Texts(int row) => [.. Rows[row - 1].Select(c => c.Value)];
}

/// <param name="Type">Null for a number (including dates), SharedString for text, Boolean for a flag.</param>
internal sealed record CellContent(string Reference, CellValues? Type, string? Value, uint Style);
