namespace Monitor.RuleEngine.Evaluation;

/// <summary>Everything an evaluation looks at besides the rules and the calendar.</summary>
/// <param name="AsOf">The moment evaluated; legal dates are its Asia/Shanghai (+08:00) date.</param>
/// <param name="Sources">What the scan saw, one observation per source.</param>
/// <param name="Departments">Departments, offices and towns (for scores by department and town).</param>
public sealed record EvaluationInput(DateTimeOffset AsOf, IReadOnlyList<SourceObservation> Sources, IReadOnlyList<DepartmentInfo> Departments);

/// <summary>
/// The result of one evaluation: a pure function of (input, rule set, calendar). Lists are sorted
/// deterministically (sources and items by id, findings by source, kind, item, document, target, period).
/// </summary>
public sealed record EvaluationResult(
    string CatalogVersion,
    DateTimeOffset AsOf,
    IReadOnlyList<SourceAssessment> Sources,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<Score> Scores,
    IReadOnlyList<ItemStatus> Items,
    IReadOnlyList<string> Warnings);

/// <summary>The state of one catalog item expected in one source.</summary>
public enum ItemState
{
    /// <summary>Present, on time, with every required element.</summary>
    Compliant,

    /// <summary>Published after its due date.</summary>
    Late,

    /// <summary>Required but not found (standing item, or the last period due).</summary>
    Missing,

    /// <summary>Found, but a required element is missing from a document.</summary>
    Incomplete,

    /// <summary>Could not be checked (source unreachable, article not fetched, no 成文日期 on the page).</summary>
    NotAssessed,

    /// <summary>Cannot be checked on a website at all (依申请, offline only).</summary>
    NotCheckable,

    /// <summary>Nothing is due yet (no document of a per-document item).</summary>
    NotDue,
}

/// <summary>Stable strings of <see cref="ItemState"/>.</summary>
public static class ItemStates
{
    public static string ToWire(this ItemState state) => state switch
    {
        ItemState.Compliant => "compliant",
        ItemState.Late => "late",
        ItemState.Missing => "missing",
        ItemState.Incomplete => "incomplete",
        ItemState.NotAssessed => "not-assessed",
        ItemState.NotCheckable => "not-checkable",
        ItemState.NotDue => "not-due",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };
}

/// <summary>One (source, item) pair with its state and the reason in Chinese.</summary>
/// <param name="Documents">How many of the source's documents were assigned to the item.</param>
public sealed record ItemStatus(string SourceId, string ItemId, string Area, string DepartmentId, ItemState State, string Reason, int Documents);
