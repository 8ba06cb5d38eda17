using Monitor.Alerting;
using Monitor.Host.Configuration;
using Monitor.Host.Store;
using Monitor.RuleEngine.Rules;

namespace Monitor.Host.Alerting;

/// <summary>
/// What the alert commands do, apart from parsing: plan from the store's findings, show what is due, enqueue and dispatch.
/// </summary>
internal sealed class AlertRun(Deployment deployment, MonitorStore store, IAlertPlanner planner, RuleSet? rules = null)
{
    /// <summary>The plan at <paramref name="now"/> from every open (and resolved) finding of the store; writes nothing.</summary>
    public IReadOnlyList<AlertMessage> Plan(DateTimeOffset now) =>
        planner.Plan(FindingSubjects.From(store.AlertableFindings(), rules), store.RecordedAlerts(), now);

    /// <summary>
    /// What would go out now: planned messages not yet in the outbox whose send time has come, and outbox messages that
    /// are due (pending with their next attempt reached, or held by an expired lease). Sends and records nothing.
    /// </summary>
    public IReadOnlyList<PreviewRow> Preview(DateTimeOffset now)
    {
        var outbox = store.OutboxEntries();
        var known = outbox.Select(e => e.Message.Id).ToHashSet(StringComparer.Ordinal);
        var rows = new List<PreviewRow>();
        rows.AddRange(Plan(now).Where(m => !known.Contains(m.Id) && m.NotBefore <= now).Select(m => new PreviewRow(m, "新计划")));
        rows.AddRange(outbox
            .Where(e => (e.State == "pending" && e.Message.NotBefore <= now && e.NextAttemptAt <= now) || (e.State == "sending" && e.LeaseUntil <= now))
            .Select(e => new PreviewRow(e.Message, e.Attempts == 0 ? "待发送" : "待重试")));
        return rows;
    }

    /// <summary>Plans, records every new message in the outbox, then sends what is due once.</summary>
    public async Task<(int Enqueued, DispatchSummary Summary)> DispatchAsync(IEnumerable<IAlertChannel> channels, Random random, DateTimeOffset now, CancellationToken ct)
    {
        var enqueued = Plan(now).Count(m => store.EnqueueAlert(m, now));
        var summary = await new Dispatcher(store, channels, deployment.Alerting.Dispatch, random).RunOnceAsync(now, ct).ConfigureAwait(false);
        return (enqueued, summary);
    }
}
