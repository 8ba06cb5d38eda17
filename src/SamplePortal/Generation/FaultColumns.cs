namespace Monitor.SamplePortal.Generation;

/// <summary>
/// The misbehaving columns of fault mode (docs/sample-portal.md, "Fault mode"): one generic-family column per
/// kind at <c>/faults/{kind}/index.html</c>, source id <c>fault-{kind}</c>, each with three ordinary articles.
/// </summary>
internal static class FaultColumns
{
    public const string Slow = "slow";
    public const string Timeout = "timeout";
    public const string ServerError = "5xx";
    public const string RetryAfter = "retry-after";
    public const string Reset = "reset";
    public const string Truncated = "truncated";
    public const string Malformed = "malformed";
    public const string Charset = "charset";
    public const string Loop = "loop";
    public const string Huge = "huge";
    public const string Endless = "endless";

    /// <summary>Every kind, in manifest order.</summary>
    public static IReadOnlyList<string> Kinds { get; } =
        [Slow, Timeout, ServerError, RetryAfter, Reset, Truncated, Malformed, Charset, Loop, Huge, Endless];

    /// <summary>Articles per fault column.</summary>
    public const int ArticlesPerColumn = 3;

    /// <summary>Second page of the redirect loop.</summary>
    public const string LoopSecondPath = "/faults/loop/b.html";

    public static string SourceId(string kind) => $"fault-{kind}";

    public static string Directory(string kind) => $"/faults/{kind}";

    public static ColumnDefinition Column(string kind) =>
        new(SourceId(kind), $"故障栏目（{kind}）", ListFamily.Generic, Directory(kind), 0, false, "szfb", "动态要闻", []);

    /// <summary>The kind of a <c>fault-{kind}</c> source id, or null.</summary>
    public static string? KindOf(string sourceId) =>
        sourceId.StartsWith("fault-", StringComparison.Ordinal) ? sourceId["fault-".Length..] : null;
}
