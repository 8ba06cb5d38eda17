namespace Monitor.Host.Alerting;

/// <summary>A subject a silence kept quiet: when it was first recorded, its unit, what it is about, and the silence's reason and author.</summary>
internal sealed record SilencedRow(DateTimeOffset At, string SubjectKey, string UnitId, string Summary, string Detail);

/// <summary>
/// Records which subjects silences suppressed, in table <c>alert_silenced</c> of the store file, so that a suppression stays
/// visible in <c>monitor alerts log</c> after the silence has expired or the silences file changed.
/// </summary>
/// <remarks>
/// One row per subject and silence (the detail names reason, author and expiry), with the first time a dispatch saw it:
/// dispatch runs every few minutes, and a row per run would bury the delivery log. The table lives beside the outbox in
/// the same SQLite file and is created by the store's migrations (<see cref="Store.MonitorStore"/>).
/// </remarks>
internal sealed class SilenceLog : IDisposable
{
    private readonly Store.MonitorStore store;

    private SilenceLog(Store.MonitorStore store) => this.store = store;

    /// <summary>Opens the SQLite store file at <paramref name="path"/>, migrating it first so the table is there.</summary>
    public static SilenceLog Open(string path) => new(Store.MonitorStore.Open(path));

    /// <summary>Opens the store at <paramref name="location"/>, migrating it first so the table is there.</summary>
    public static SilenceLog Open(Store.StoreLocation location) => new(Store.MonitorStore.Open(location));

    /// <summary>Records the rows not yet recorded; returns how many were new.</summary>
    public int Record(IEnumerable<SilencedRow> rows) => store.RecordSilenced(rows);

    /// <summary>Every recorded suppression, oldest first; from <paramref name="since"/> on when given.</summary>
    public IReadOnlyList<SilencedRow> Rows(DateTimeOffset? since = null) => store.SilencedRows(since);

    public void Dispose() => store.Dispose();
}
