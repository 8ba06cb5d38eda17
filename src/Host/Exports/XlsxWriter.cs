using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Monitor.Host.Exports;

/// <summary>
/// Writes workbooks of typed cells (Office Open XML, .xlsx): one worksheet per <see cref="XlsxSheet"/>, each
/// with a bold header row that stays frozen while scrolling, repeats on every printed page and carries an
/// auto-filter, set column widths, wrapped top-aligned text and A4 page setup.
/// <para>
/// Text may come from crawled pages, so every text cell is made safe: characters XML cannot carry are
/// dropped, text longer than Excel's cell limit is cut, and text that a spreadsheet (or a CSV re-export)
/// would read as a formula — starting with <c>= + - @</c>, or tab / carriage return — gets a leading
/// apostrophe. Rows are streamed (SAX writer), so large exports do not build a document in memory.
/// </para>
/// <para>
/// A link cell (<see cref="XlsxCell.Link"/>) becomes an external hyperlink relationship of its sheet, never a
/// <c>HYPERLINK()</c> formula, and only to http(s) addresses. Part and relationship ids are fixed, so the same sheets
/// give the same parts.
/// </para>
/// </summary>
internal static class XlsxWriter
{
    /// <summary>Excel's limit on characters in one cell.</summary>
    public const int MaxCellText = 32_767;

    /// <summary>Excel's limit on the length of a worksheet name.</summary>
    public const int MaxSheetName = 31;

    // Style indexes into the stylesheet built by Styles(); the order there must match.
    private const uint HeaderStyle = 1;
    private const uint TextStyle = 2;
    private const uint NumberStyle = 3;
    private const uint DateStyle = 4;
    private const uint DateTimeStyle = 5;
    private const uint TitleStyle = 6;
    private const uint LinkStyle = 7;

    /// <summary>Writes the workbook to a file (its folder is created; an existing file is replaced).</summary>
    public static void Write(string path, IReadOnlyList<XlsxSheet> sheets)
    {
        ArgumentNullException.ThrowIfNull(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        using var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None);
        Write(stream, sheets);
    }

    /// <summary>Writes the workbook to a seekable, writable stream, left open.</summary>
    public static void Write(Stream stream, IReadOnlyList<XlsxSheet> sheets)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sheets);
        if (sheets.Count == 0)
        {
            throw new ArgumentException("A workbook needs at least one sheet.", nameof(sheets));
        }

        foreach (var sheet in sheets)
        {
            if (sheet.Columns.Count == 0)
            {
                throw new ArgumentException($"Sheet '{sheet.Name}' has no columns.", nameof(sheets));
            }
        }

        using var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook);
        // Relationship ids are fixed, not random, so the same sheets always give the same parts (the zip's timestamps aside).
        var workbookPart = document.AddNewPart<WorkbookPart>("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "rIdWorkbook");
        var stylesPart = workbookPart.AddNewPart<WorkbookStylesPart>("rIdStyles");
        stylesPart.Stylesheet = Styles();

        var strings = new SharedStrings();
        var names = SheetNames(sheets.Select(s => s.Name));
        var sheetList = new Sheets();
        var printTitles = new DefinedNames();
        for (var i = 0; i < sheets.Count; i++)
        {
            var part = workbookPart.AddNewPart<WorksheetPart>(string.Create(CultureInfo.InvariantCulture, $"rIdSheet{i + 1}"));
            var headerRow = WriteSheet(part, sheets[i], strings, selected: i == 0);
            sheetList.Append(new Sheet { Name = names[i], SheetId = (uint)(i + 1), Id = workbookPart.GetIdOfPart(part) });
            printTitles.Append(new DefinedName($"'{names[i].Replace("'", "''", StringComparison.Ordinal)}'!${headerRow}:${headerRow}")
            {
                Name = "_xlnm.Print_Titles",
                LocalSheetId = (uint)i,
            });
        }

        var stringsPart = workbookPart.AddNewPart<SharedStringTablePart>("rIdStrings");
        stringsPart.SharedStringTable = strings.ToTable();
        workbookPart.Workbook = new Workbook(sheetList, printTitles);
    }

    /// <summary>
    /// Text as it is stored: XML-invalid characters dropped, a formula-like start neutralised with an
    /// apostrophe, cut to <see cref="MaxCellText"/> characters (never inside a surrogate pair).
    /// </summary>
    public static string SafeText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var clean = new StringBuilder(text.Length + 1);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(c).Append(text[i + 1]);
                i++;
            }
            else if (c is '\t' or '\n' or '\r' or (>= '\u0020' and <= '\uD7FF') or (>= '\uE000' and <= '\uFFFD'))
            {
                clean.Append(c);
            }
        }

        if (clean.Length > 0 && SpreadsheetText.IsFormulaStart(clean[0]))
        {
            clean.Insert(0, SpreadsheetText.Guard);
        }

        if (clean.Length > MaxCellText)
        {
            var cut = char.IsHighSurrogate(clean[MaxCellText - 1]) ? MaxCellText - 1 : MaxCellText;
            clean.Length = cut;
        }

        return clean.ToString();
    }

    /// <summary>
    /// Worksheet names Excel accepts, in order: forbidden characters replaced, at most 31 characters,
    /// no leading or trailing apostrophe, unique ignoring case (a repeat becomes <c>名称(2)</c>).
    /// </summary>
    public static IReadOnlyList<string> SheetNames(IEnumerable<string> wanted)
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new List<string>();
        foreach (var name in wanted)
        {
            var cleaned = new string([.. (name ?? string.Empty).Select(c => c is '[' or ']' or ':' or '*' or '?' or '/' or '\\' || char.IsControl(c) ? '_' : c)]).Trim().Trim('\'');
            if (cleaned.Length == 0 || cleaned.Equals("History", StringComparison.OrdinalIgnoreCase))
            {
                cleaned = "Sheet";
            }

            var candidate = Cut(cleaned, MaxSheetName);
            for (var n = 2; !used.Add(candidate); n++)
            {
                var suffix = string.Create(CultureInfo.InvariantCulture, $"({n})");
                candidate = Cut(cleaned, MaxSheetName - suffix.Length) + suffix;
            }

            result.Add(candidate);
        }

        return result;
    }

    /// <summary>The column letters of a 1-based column number (1 → A, 27 → AA).</summary>
    public static string ColumnName(int column)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(column, 1);
        var name = new StringBuilder();
        for (var n = column; n > 0; n = (n - 1) / 26)
        {
            name.Insert(0, (char)('A' + ((n - 1) % 26)));
        }

        return name.ToString();
    }

    private static string Cut(string text, int length) =>
        text.Length <= length ? text : text[..(char.IsHighSurrogate(text[length - 1]) ? length - 1 : length)];

    /// <summary>Streams one worksheet; returns the header row's number.</summary>
    private static uint WriteSheet(WorksheetPart part, XlsxSheet sheet, SharedStrings strings, bool selected)
    {
        var columns = sheet.Columns.Count;
        var lastColumn = ColumnName(columns);
        var headerRow = sheet.Title is null ? 1u : 2u;

        using var writer = OpenXmlWriter.Create(part);
        writer.WriteStartElement(new Worksheet());
        writer.WriteElement(new SheetViews(new SheetView(
            new Pane
            {
                VerticalSplit = headerRow,
                TopLeftCell = $"A{headerRow + 1}",
                ActivePane = PaneValues.BottomLeft,
                State = PaneStateValues.Frozen,
            },
            new Selection { Pane = PaneValues.BottomLeft, ActiveCell = $"A{headerRow + 1}", SequenceOfReferences = new ListValue<StringValue>([new StringValue($"A{headerRow + 1}")]) })
        {
            WorkbookViewId = 0,
            TabSelected = selected,
        }));
        writer.WriteElement(new Columns(sheet.Columns.Select((c, i) => new Column
        {
            Min = (uint)(i + 1),
            Max = (uint)(i + 1),
            Width = Math.Clamp(c.Width, 1, 255),
            CustomWidth = true,
        })));

        writer.WriteStartElement(new SheetData());
        var links = new List<(string Reference, Uri Target)>();
        if (sheet.Title is { } title)
        {
            WriteRow(writer, 1, [XlsxCell.Text(title)], strings, TitleStyle, links);
        }

        WriteRow(writer, headerRow, [.. sheet.Columns.Select(c => XlsxCell.Text(c.Header))], strings, HeaderStyle, links);
        var row = headerRow;
        foreach (var cells in sheet.Rows)
        {
            if (cells.Count > columns)
            {
                throw new ArgumentException($"Sheet '{sheet.Name}': row {row + 1} has {cells.Count} cells for {columns} columns.", nameof(sheet));
            }

            row++;
            WriteRow(writer, row, cells, strings, style: null, links);
        }

        writer.WriteEndElement();

        writer.WriteElement(new AutoFilter { Reference = $"A{headerRow}:{lastColumn}{row}" });
        if (sheet.Title is not null && columns > 1)
        {
            writer.WriteElement(new MergeCells(new MergeCell { Reference = $"A1:{lastColumn}1" }) { Count = 1 });
        }

        if (links.Count > 0)
        {
            // External relationships, never a HYPERLINK() formula: the cell keeps a plain (neutralised) text value.
            writer.WriteElement(new Hyperlinks(links.Select((l, n) => new Hyperlink
            {
                Reference = l.Reference,
                Id = part.AddHyperlinkRelationship(l.Target, isExternal: true, string.Create(CultureInfo.InvariantCulture, $"rIdLink{n + 1}")).Id,
            })));
        }

        writer.WriteElement(new PageMargins { Left = 0.4, Right = 0.4, Top = 0.5, Bottom = 0.5, Header = 0.3, Footer = 0.3 });
        writer.WriteElement(new PageSetup
        {
            PaperSize = 9, // A4
            Orientation = sheet.Landscape ? OrientationValues.Landscape : OrientationValues.Portrait,
        });
        writer.WriteEndElement();
        return headerRow;
    }

    /// <param name="style">Style for every cell of the row (title, header); null: by cell type.</param>
    /// <param name="links">Collects the reference and target of each link cell, for the sheet's hyperlink list.</param>
    private static void WriteRow(OpenXmlWriter writer, uint rowIndex, IReadOnlyList<XlsxCell> cells, SharedStrings strings, uint? style, List<(string Reference, Uri Target)> links)
    {
        writer.WriteStartElement(new Row { RowIndex = rowIndex });
        for (var i = 0; i < cells.Count; i++)
        {
            var reference = ColumnName(i + 1) + rowIndex.ToString(CultureInfo.InvariantCulture);
            if (cells[i] is XlsxCell.LinkCell link)
            {
                links.Add((reference, link.Target));
            }

            writer.WriteElement(ToCell(cells[i], reference, strings, style));
        }

        writer.WriteEndElement();
    }

    private static Cell ToCell(XlsxCell value, string reference, SharedStrings strings, uint? style)
    {
        var cell = new Cell { CellReference = reference };
        switch (value)
        {
            case XlsxCell.TextCell text:
                cell.DataType = CellValues.SharedString;
                cell.CellValue = new CellValue(strings.Index(SafeText(text.Value)));
                cell.StyleIndex = style ?? TextStyle;
                break;
            case XlsxCell.NumberCell number:
                cell.CellValue = new CellValue(number.Value.ToString("R", CultureInfo.InvariantCulture));
                cell.StyleIndex = style ?? NumberStyle;
                break;
            case XlsxCell.DateCell date:
                cell.CellValue = new CellValue(date.Value.ToDateTime(TimeOnly.MinValue).ToOADate().ToString("R", CultureInfo.InvariantCulture));
                cell.StyleIndex = style ?? DateStyle;
                break;
            case XlsxCell.DateTimeCell dateTime:
                cell.CellValue = new CellValue(dateTime.Value.ToOADate().ToString("R", CultureInfo.InvariantCulture));
                cell.StyleIndex = style ?? DateTimeStyle;
                break;
            case XlsxCell.LinkCell link:
                cell.DataType = CellValues.SharedString;
                cell.CellValue = new CellValue(strings.Index(SafeText(link.Value)));
                cell.StyleIndex = style ?? LinkStyle;
                break;
            case XlsxCell.BoolCell flag:
                cell.DataType = CellValues.Boolean;
                cell.CellValue = new CellValue(flag.Value ? "1" : "0");
                cell.StyleIndex = style ?? NumberStyle;
                break;
            default:
                cell.StyleIndex = style ?? TextStyle;
                break;
        }

        return cell;
    }

    /// <summary>Cell formats, in the order of the *Style constants above.</summary>
    private static Stylesheet Styles()
    {
        // 宋体 is on every Chinese Office install and Excel maps it elsewhere; CJK text renders without substitution.
        static Font LinkFont() => new(new Underline(), new FontSize { Val = 11 }, new Color { Rgb = "FF0563C1" }, new FontName { Val = "宋体" });

        static Font Font(double size, bool bold) => bold
            ? new Font(new Bold(), new FontSize { Val = size }, new FontName { Val = "宋体" })
            : new Font(new FontSize { Val = size }, new FontName { Val = "宋体" });

        static Border Thin() => new(
            new LeftBorder(new Color { Auto = true }) { Style = BorderStyleValues.Thin },
            new RightBorder(new Color { Auto = true }) { Style = BorderStyleValues.Thin },
            new TopBorder(new Color { Auto = true }) { Style = BorderStyleValues.Thin },
            new BottomBorder(new Color { Auto = true }) { Style = BorderStyleValues.Thin },
            new DiagonalBorder());

        static CellFormat Format(uint font, uint fill, uint border, uint numberFormat, Alignment? alignment)
        {
            var format = new CellFormat
            {
                FontId = font,
                FillId = fill,
                BorderId = border,
                NumberFormatId = numberFormat,
                FormatId = 0,
                ApplyFont = font != 0,
                ApplyFill = fill != 0,
                ApplyBorder = border != 0,
                ApplyNumberFormat = numberFormat != 0,
            };
            if (alignment is not null)
            {
                format.Append(alignment);
                format.ApplyAlignment = true;
            }

            return format;
        }

        Alignment Top(bool wrap) => new() { Vertical = VerticalAlignmentValues.Top, WrapText = wrap };

        return new Stylesheet(
            new NumberingFormats(
                new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd" },
                new NumberingFormat { NumberFormatId = 165, FormatCode = "yyyy-mm-dd hh:mm:ss" })
            { Count = 2 },
            new Fonts(Font(11, bold: false), Font(11, bold: true), Font(14, bold: true), LinkFont()) { Count = 4 },
            new Fills(
                new Fill(new PatternFill { PatternType = PatternValues.None }),
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                new Fill(new PatternFill(new ForegroundColor { Rgb = "FFE8EEF7" }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid }))
            { Count = 3 },
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()), Thin()) { Count = 2 },
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
            new CellFormats(
                Format(0, 0, 0, 0, null),
                Format(1, 2, 1, 0, new Alignment { Horizontal = HorizontalAlignmentValues.Center, Vertical = VerticalAlignmentValues.Center, WrapText = true }),
                Format(0, 0, 1, 0, Top(wrap: true)),
                Format(0, 0, 1, 0, Top(wrap: false)),
                Format(0, 0, 1, 164, Top(wrap: false)),
                Format(0, 0, 1, 165, Top(wrap: false)),
                Format(2, 0, 0, 0, new Alignment { Horizontal = HorizontalAlignmentValues.Center, Vertical = VerticalAlignmentValues.Center }),
                Format(3, 0, 1, 0, Top(wrap: true)))
            { Count = 8 },
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
    }

    /// <summary>The workbook's shared string table: each distinct text stored once.</summary>
    private sealed class SharedStrings
    {
        private readonly Dictionary<string, int> index = new(StringComparer.Ordinal);
        private readonly List<string> texts = [];
        private int references;

        public string Index(string text)
        {
            references++;
            if (!index.TryGetValue(text, out var i))
            {
                i = texts.Count;
                index[text] = i;
                texts.Add(text);
            }

            return i.ToString(CultureInfo.InvariantCulture);
        }

        public SharedStringTable ToTable()
        {
            var table = new SharedStringTable { Count = (uint)references, UniqueCount = (uint)texts.Count };
            foreach (var text in texts)
            {
                table.Append(new SharedStringItem(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
            }

            return table;
        }
    }
}
