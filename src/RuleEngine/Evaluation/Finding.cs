namespace Monitor.RuleEngine.Evaluation;

/// <summary>Finding kinds; their stable strings (JSON, metrics, alerts) come from <see cref="FindingKinds"/>.</summary>
public enum FindingKind
{
    MissingItem,
    LatePublication,
    DueSoon,
    MissingElement,
    StaleColumn,
    BlankColumn,
    StaleHomepage,
    StaleAccount,
    BrokenLink,
    Unreachable,
    RemovedDocument,
    DateMismatch,
}

/// <summary>Severities: notice 提示, warning 预警, alert 告警, veto 单项否决.</summary>
public enum Severity
{
    Notice,
    Warning,
    Alert,
    Veto,
}

/// <summary>The stable strings of kinds and severities (design §4).</summary>
public static class FindingKinds
{
    public static string ToWire(this FindingKind kind) => kind switch
    {
        FindingKind.MissingItem => "missing-item",
        FindingKind.LatePublication => "late-publication",
        FindingKind.DueSoon => "due-soon",
        FindingKind.MissingElement => "missing-element",
        FindingKind.StaleColumn => "stale-column",
        FindingKind.BlankColumn => "blank-column",
        FindingKind.StaleHomepage => "stale-homepage",
        FindingKind.StaleAccount => "stale-account",
        FindingKind.BrokenLink => "broken-link",
        FindingKind.Unreachable => "unreachable",
        FindingKind.RemovedDocument => "removed-document",
        FindingKind.DateMismatch => "date-mismatch",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string ToWire(this Severity severity) => severity switch
    {
        Severity.Notice => "notice",
        Severity.Warning => "warning",
        Severity.Alert => "alert",
        Severity.Veto => "veto",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, null),
    };

    /// <summary>Chinese label of a severity for user-facing text.</summary>
    public static string ToChinese(this Severity severity) => severity switch
    {
        Severity.Notice => "提示",
        Severity.Warning => "预警",
        Severity.Alert => "告警",
        Severity.Veto => "单项否决",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, null),
    };
}

/// <summary>
/// One violation or warning at an as-of time. <see cref="Id"/> is derived from the facts
/// (kind, source, item, document, target, period) only, so it is stable across runs.
/// </summary>
public sealed record Finding(
    string Id,
    FindingKind Kind,
    Severity Severity,
    string? ItemId,
    string? Area,
    string? SourceId,
    string DepartmentId,
    string? DocumentUrl,
    string? TargetUrl,
    string? Period,
    DateOnly? DueDate,
    bool Provisional,
    DateTimeOffset DetectedAt,
    string Message,
    string? Basis,
    IReadOnlyList<string> Evidence,
    string RuleVersion);

/// <summary>Whether a source could be assessed, as reported in findings.json.</summary>
public sealed record SourceAssessment(string SourceId, string Url, string DepartmentId, bool Assessed, string? Reason);

/// <summary>Score scopes (design §5).</summary>
public enum ScoreScope
{
    Site,
    Department,
    Town,
    Area,
    Item,
}

/// <summary>A score for one scope key over a period; the method is in docs/scoring.md.</summary>
public sealed record Score(ScoreScope Scope, string Key, double Value, double Max, string Period, int ItemsAssessed, int ItemsCompliant)
{
    /// <summary>(source, item) pairs left out of the score because they could not be assessed this time.</summary>
    public int ItemsNotAssessed { get; init; }

    /// <summary>(source, item) pairs left out because they cannot be checked on a website (依申请, offline).</summary>
    public int ItemsNotCheckable { get; init; }

    /// <summary>True when a veto (单项否决) finding made the site fail; then <see cref="Value"/> is 0.</summary>
    public bool Vetoed { get; init; }
}
