namespace Monitor.RuleEngine.Evaluation;

/// <summary>Everything an evaluation looks at besides the rules and the calendar.</summary>
/// <param name="AsOf">The moment evaluated; legal dates are its Asia/Shanghai (+08:00) date.</param>
/// <param name="Sources">What the scan saw, one observation per source.</param>
/// <param name="Departments">Departments, offices and towns (for scores by department and town).</param>
/// <param name="SupervisionOfficeId">The supervision office (政务公开办): owner of site-level findings; the homepage's owner when absent.</param>
/// <param name="Accounts">New-media accounts (null or empty: not observed yet; the new-media check is then not assessed).</param>
public sealed record EvaluationInput(
    DateTimeOffset AsOf,
    IReadOnlyList<SourceObservation> Sources,
    IReadOnlyList<DepartmentInfo> Departments,
    string? SupervisionOfficeId = null,
    IReadOnlyList<AccountObservation>? Accounts = null);

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
    IReadOnlyList<string> Warnings)
{
    /// <summary>
    /// Every site check with its outcome (identity elements, meta tags, availability, new media, and the
    /// checks that also produce findings), sorted by id, so the office sees each check listed.
    /// </summary>
    public IReadOnlyList<SiteCheckResult> SiteChecks { get; init; } = [];
}

/// <summary>The outcome of one site check.</summary>
public enum SiteCheckState
{
    Passed,
    Failed,

    /// <summary>No observation to judge by (e.g. no continuous probing yet); neither pass nor fail.</summary>
    NotAssessed,
}

/// <summary>Stable strings of <see cref="SiteCheckState"/>.</summary>
public static class SiteCheckStates
{
    public static string ToWire(this SiteCheckState state) => state switch
    {
        SiteCheckState.Passed => "passed",
        SiteCheckState.Failed => "failed",
        SiteCheckState.NotAssessed => "not-assessed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };
}

/// <summary>One site check's outcome.</summary>
/// <param name="Id">Stable id, e.g. <c>identity-site-id-code</c>, <c>meta-article</c>, <c>availability</c>.</param>
/// <param name="Name">Chinese name, e.g. 网站标识码.</param>
/// <param name="State">Passed, failed or not assessed.</param>
/// <param name="Detail">What was seen, in Chinese.</param>
/// <param name="Basis">The rule's citation.</param>
public sealed record SiteCheckResult(string Id, string Name, SiteCheckState State, string Detail, string? Basis);

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
