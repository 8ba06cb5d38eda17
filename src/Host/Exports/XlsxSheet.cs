namespace Monitor.Host.Exports;

/// <summary>One worksheet to write: a header row from <see cref="Columns"/>, then <see cref="Rows"/>.</summary>
/// <param name="Name">
/// Worksheet tab name. Characters Excel forbids (<c>[ ] : * ? / \</c>) become <c>_</c>, the name is cut to
/// 31 characters and made unique in the workbook (<c>名称(2)</c>), so any text can be passed.
/// </param>
/// <param name="Columns">Header text and width of each column, left to right; at least one.</param>
/// <param name="Rows">
/// Data rows below the header, read once while writing (so a large export can be streamed). A row may
/// have fewer cells than there are columns (the rest stay empty), never more.
/// </param>
internal sealed record XlsxSheet(string Name, IReadOnlyList<XlsxColumn> Columns, IEnumerable<IReadOnlyList<XlsxCell>> Rows)
{
    /// <summary>Optional title in row 1, bold and merged across all columns; the header row then is row 2. Default: none.</summary>
    public string? Title { get; init; }

    /// <summary>Print in landscape (A4 either way). Default: false (portrait).</summary>
    public bool Landscape { get; init; }
}

/// <summary>A column: its header text and its width.</summary>
/// <param name="Header">Header cell text (plain text; neutralised like any text cell).</param>
/// <param name="Width">Width in Excel character units (the width of one '0' of the default font); 1–255.</param>
internal sealed record XlsxColumn(string Header, double Width);

/// <summary>
/// A typed cell value. Text is written as a string and never as a formula; numbers, dates and booleans
/// are written as numbers with a display format, so a spreadsheet can sort and sum them.
/// </summary>
internal abstract record XlsxCell
{
    private XlsxCell()
    {
    }

    /// <summary>An empty cell (no value, still bordered like the others).</summary>
    public static XlsxCell Empty { get; } = new EmptyCell();

    /// <summary>A text cell; null is written as empty text. Line breaks (<c>\n</c>) are kept and the cell wraps.</summary>
    public static XlsxCell Text(string? value) => new TextCell(value ?? string.Empty);

    /// <summary>A number; NaN and infinities have no spreadsheet representation and are rejected.</summary>
    public static XlsxCell Number(double value) =>
        double.IsFinite(value) ? new NumberCell(value) : throw new ArgumentOutOfRangeException(nameof(value), value, "A spreadsheet number must be finite.");

    /// <summary>A calendar date shown as <c>yyyy-mm-dd</c>.</summary>
    public static XlsxCell Date(DateOnly value) => new DateCell(value);

    /// <summary>A date and time shown as <c>yyyy-mm-dd hh:mm:ss</c>, written as given (convert to the wanted zone first).</summary>
    public static XlsxCell DateTime(DateTime value) => new DateTimeCell(value);

    /// <summary>A boolean (TRUE / FALSE).</summary>
    public static XlsxCell Bool(bool value) => new BoolCell(value);

    /// <summary>
    /// A hyperlink: <paramref name="text"/> shown (neutralised like any text; the target when null), <paramref name="target"/>
    /// followed on click. Written as a cell with an external hyperlink relationship, never as a <c>HYPERLINK()</c> formula.
    /// </summary>
    /// <exception cref="ArgumentException">The target is not an absolute http or https address.</exception>
    public static XlsxCell Link(string? text, Uri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return IsWebAddress(target)
            ? new LinkCell(text ?? target.AbsoluteUri, target)
            : throw new ArgumentException($"A hyperlink target must be an absolute http(s) address, not '{target}'.", nameof(target));
    }

    /// <summary>
    /// A hyperlink to <paramref name="url"/> when it is an absolute http(s) address (crawled URLs may be anything), else a
    /// plain text cell of it; null gives an empty text cell.
    /// </summary>
    public static XlsxCell LinkOrText(string? url) =>
        url is not null && Uri.TryCreate(url, UriKind.Absolute, out var target) && IsWebAddress(target) ? new LinkCell(url, target) : Text(url);

    private static bool IsWebAddress(Uri target) => target.IsAbsoluteUri && (target.Scheme == Uri.UriSchemeHttp || target.Scheme == Uri.UriSchemeHttps);

    internal sealed record EmptyCell : XlsxCell;

    internal sealed record TextCell(string Value) : XlsxCell;

    internal sealed record NumberCell(double Value) : XlsxCell;

    internal sealed record DateCell(DateOnly Value) : XlsxCell;

    internal sealed record DateTimeCell(DateTime Value) : XlsxCell;

    internal sealed record BoolCell(bool Value) : XlsxCell;

    internal sealed record LinkCell(string Value, Uri Target) : XlsxCell;
}
