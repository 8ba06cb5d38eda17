using Monitor.RuleEngine.Rules;

namespace Monitor.RuleEngine.Evaluation;

/// <summary>Collects the findings of one evaluation, giving each its stable id, rule version and detection time.</summary>
internal sealed class FindingSink(string ruleVersion, DateTimeOffset asOf)
{
    private readonly List<Finding> findings = [];

    public IReadOnlyList<Finding> Findings => findings;

    public void Add(
        FindingKind kind,
        Severity severity,
        SourceObservation source,
        CatalogItem? item,
        string message,
        string? basis,
        IEnumerable<string> evidence,
        string? documentUrl = null,
        string? targetUrl = null,
        string? period = null,
        DateOnly? dueDate = null,
        bool provisional = false)
    {
        var id = FindingIds.Compute(kind, source.SourceId, item?.Id, documentUrl, targetUrl, period);
        findings.Add(new Finding(
            id, kind, severity, item?.Id, item?.Area, source.SourceId, source.DepartmentId, documentUrl, targetUrl, period,
            dueDate, provisional, asOf, message, basis, Evidence(evidence), ruleVersion));
    }

    /// <summary>A finding not tied to a source observation (site-level counts, new-media accounts).</summary>
    public void AddUnbound(
        FindingKind kind,
        Severity severity,
        string? sourceId,
        string departmentId,
        string message,
        string? basis,
        IEnumerable<string> evidence,
        string? period = null,
        string? documentUrl = null)
    {
        var id = FindingIds.Compute(kind, sourceId, null, documentUrl, null, period);
        findings.Add(new Finding(
            id, kind, severity, null, null, sourceId, departmentId, documentUrl, null, period,
            null, false, asOf, message, basis, Evidence(evidence), ruleVersion));
    }

    /// <summary>Observations carry bare hex digests; findings carry "sha256:&lt;hex&gt;".</summary>
    private static List<string> Evidence(IEnumerable<string> hashes) =>
        hashes.Where(h => !string.IsNullOrWhiteSpace(h))
            .Select(h => h.StartsWith("sha256:", StringComparison.Ordinal) ? h : "sha256:" + h.ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
