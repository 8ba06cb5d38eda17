using Monitor.Alerting;
using Monitor.Host.Store;
using Monitor.RuleEngine.Rules;

namespace Monitor.Host.Alerting;

/// <summary>
/// The seam between the store and whatever decides which messages go out: <see cref="PolicyPlanner"/> (the alert policy of
/// issue 6) in the commands, simpler planners in tests.
/// </summary>
internal interface IAlertPlanner
{
    IReadOnlyList<AlertMessage> Plan(IReadOnlyList<AlertSubject> subjects, IReadOnlyList<SentRecord> sent, DateTimeOffset now);
}

/// <summary>
/// Maps the store's findings onto alert subjects: the finding id is the key; the item's name and legal basis come from the
/// catalog of the rule set when it is given.
/// </summary>
internal static class FindingSubjects
{
    public static IReadOnlyList<AlertSubject> From(IReadOnlyList<MonitorStore.StoredFinding> findings, RuleSet? rules = null) =>
    [
        .. findings.Select(f =>
        {
            var item = f.ItemId is null ? null : rules?.FindItem(f.ItemId);
            return new AlertSubject(
                f.Id, f.Kind, f.Severity, f.DepartmentId, f.SourceId, f.ItemId, item?.DisplayName, item is { Basis.Count: > 0 } ? string.Join("；", item.Basis) : null,
                f.DocumentUrl, f.DueDate, f.Message, f.FirstDetected, f.ResolvedAt, f.SourceUnreachable);
        }),
    ];
}
