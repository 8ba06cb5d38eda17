namespace Monitor.Host.Exports;

/// <summary>
/// The one rule that keeps crawled text from running as a formula when a CSV or XLSX export is opened in a spreadsheet:
/// a cell starting with <c>= + - @</c>, a tab or a carriage return gets a leading apostrophe (OWASP "CSV injection").
/// Used by <see cref="Csv"/> and <see cref="XlsxWriter"/> so both formats agree.
/// </summary>
internal static class SpreadsheetText
{
    /// <summary>The apostrophe put in front of a formula-like text.</summary>
    public const char Guard = '\'';

    /// <summary>Whether a text starting with <paramref name="first"/> would be read as a formula (or a DDE call).</summary>
    public static bool IsFormulaStart(char first) => first is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>The text with a leading apostrophe when it starts like a formula; otherwise unchanged.</summary>
    public static string Neutralise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length > 0 && IsFormulaStart(text[0]) ? Guard + text : text;
    }
}
