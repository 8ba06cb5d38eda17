namespace Monitor.Host.Api;

/// <summary>What a key may read. Catalog, rule versions, sources and periods are open to every valid key.</summary>
internal enum ApiScope
{
    /// <summary><c>scores</c>: scores, assessment periods, reports and score exports.</summary>
    Scores,

    /// <summary><c>findings</c>: findings, documents and their versions, finding exports.</summary>
    Findings,

    /// <summary><c>evidence</c>: evidence bytes and WARC records by SHA-256.</summary>
    Evidence,

    /// <summary><c>deliveries</c>: the alert audit log (every delivery attempt and its receipt).</summary>
    Deliveries,
}

internal static class ApiScopes
{
    public static IReadOnlyList<ApiScope> All { get; } = Enum.GetValues<ApiScope>();

    public static string ToWire(this ApiScope scope) => scope switch
    {
        ApiScope.Scores => "scores",
        ApiScope.Findings => "findings",
        ApiScope.Evidence => "evidence",
        ApiScope.Deliveries => "deliveries",
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, null),
    };

    public static ApiScope? Parse(string text) => All.Cast<ApiScope?>().FirstOrDefault(s => s!.Value.ToWire() == text);
}

/// <summary>Endpoint metadata: the scope a key needs for this endpoint (none: any valid key).</summary>
internal sealed record ApiScopeRequirement(ApiScope Scope);
