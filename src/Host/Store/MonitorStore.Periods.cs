using System.Globalization;

namespace Monitor.Host.Store;

/// <summary>What reconstructing a frozen assessment period needs beyond what backfill reads.</summary>
internal sealed partial class MonitorStore
{
    /// <summary>
    /// When the exact bytes <paramref name="sha256"/> were first fetched from <paramref name="url"/> (the evidence index),
    /// or null when never. Lets a reconstruction tell that a later scan only re-confirmed what an earlier one saw.
    /// </summary>
    public DateTimeOffset? FirstFetched(string sha256, string url)
    {
        using var command = Command("SELECT fetched_at FROM evidence WHERE sha256 = @sha AND url = @url", null, [("@sha", sha256), ("@url", url)]);
        using var r = command.ExecuteReader();
        DateTimeOffset? first = null;
        while (r.Read())
        {
            // Stored with the fetch's own offset: compare as instants, not as text.
            var at = DateTimeOffset.Parse(r.GetString(0), CultureInfo.InvariantCulture, DateTimeStyles.None);
            first = first is { } f && f <= at ? f : at;
        }

        return first;
    }
}
