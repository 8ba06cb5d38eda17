using System.Globalization;
using System.Text;

namespace Monitor.Host.Exports;

/// <summary>
/// A small RFC 4180 writer for exports opened in Excel and WPS: UTF-8 with a byte-order mark (without it Excel reads
/// Chinese as GBK mojibake), CRLF after every record, fields quoted when they contain <c>, " CR LF</c> (inner quotes
/// doubled). Text cells go through <see cref="SpreadsheetText.Neutralise"/>, so crawled text starting with
/// <c>= + - @</c>, tab or CR cannot run as a formula; numbers are written in the invariant culture and never neutralised.
/// Rows are written straight to the stream as they come.
/// </summary>
internal sealed class Csv : IDisposable
{
    private static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);

    private readonly StreamWriter writer;
    private bool rowStarted;

    /// <summary>Starts a CSV on <paramref name="output"/> (written from its current position, left open on dispose).</summary>
    public Csv(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        writer = new StreamWriter(output, Utf8WithBom, bufferSize: 16 * 1024, leaveOpen: true) { NewLine = "\r\n" };
    }

    /// <summary>Writes one record of text cells (null is an empty cell).</summary>
    public void Row(params IEnumerable<string?> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        foreach (var cell in cells)
        {
            Text(cell);
        }

        EndRow();
    }

    /// <summary>Appends a text cell to the current record.</summary>
    public Csv Text(string? value)
    {
        Separator();
        writer.Write(Field(SpreadsheetText.Neutralise(value ?? string.Empty)));
        return this;
    }

    /// <summary>Appends a number cell (invariant culture, shortest round-trip form); NaN and infinities are rejected.</summary>
    public Csv Number(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A CSV number must be finite.");
        }

        Separator();
        writer.Write(value.ToString("R", CultureInfo.InvariantCulture));
        return this;
    }

    /// <summary>Appends an integer cell (invariant culture).</summary>
    public Csv Number(long value)
    {
        Separator();
        writer.Write(value.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    /// <summary>Ends the current record with CRLF.</summary>
    public void EndRow()
    {
        writer.Write("\r\n");
        rowStarted = false;
    }

    /// <summary>Flushes what is buffered to the stream.</summary>
    public void Flush() => writer.Flush();

    public void Dispose() => writer.Dispose();

    /// <summary>One field as RFC 4180 writes it: quoted (inner quotes doubled) when it holds a comma, quote, CR or LF.</summary>
    public static string Field(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private void Separator()
    {
        if (rowStarted)
        {
            writer.Write(',');
        }

        rowStarted = true;
    }
}
