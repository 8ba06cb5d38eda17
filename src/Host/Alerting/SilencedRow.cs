namespace Monitor.Host.Alerting;

/// <summary>
/// A subject a silence kept quiet: when it was first recorded, its unit, what it is about, and the silence's reason and
/// author. Kept in table <c>alert_silenced</c> of the store (<see cref="Store.MonitorStore.RecordSilenced"/>), so that a
/// suppression stays visible in <c>monitor alerts log</c> after the silence has expired or the silences file changed: one
/// row per subject and silence (the detail names reason, author and expiry), with the first time a dispatch saw it —
/// dispatch runs every few minutes, and a row per run would bury the delivery log.
/// </summary>
internal sealed record SilencedRow(DateTimeOffset At, string SubjectKey, string UnitId, string Summary, string Detail);
