using Monitor.RuleEngine.Evaluation;
using Monitor.SamplePortal;

namespace Monitor.Host.Demo;

/// <summary>
/// Compares findings with the sample portal's ground-truth manifest: per kind, how many planted
/// faults were found (recall) and how many findings were planted (precision).
/// </summary>
internal sealed record ManifestComparison(
    IReadOnlyList<ManifestComparison.KindScore> Kinds,
    IReadOnlyList<PlantedFault> Missed,
    IReadOnlyList<Finding> Unexpected)
{
    public sealed record KindScore(string Kind, int Planted, int Found, int Matched)
    {
        public double Precision => Found == 0 ? 1 : (double)Matched / Found;

        public double Recall => Planted == 0 ? 1 : (double)Matched / Planted;
    }

    public bool Perfect => Missed.Count == 0 && Unexpected.Count == 0;

    /// <summary>
    /// Sources left out of the comparison: not assessed for a reason of this machine (no browser installed), carrying no
    /// planted fault. Their not-assessed notice is reported apart, not counted as a finding the portal did not plant.
    /// </summary>
    public IReadOnlyList<SourceAssessment> Skipped { get; init; } = [];

    /// <param name="skippable">Sources not assessed because of the machine (their notice is not a false finding when no fault is planted in them).</param>
    public static ManifestComparison Compare(PortalManifest manifest, IReadOnlyList<Finding> findings, IReadOnlyList<SourceAssessment>? skippable = null)
    {
        var skipped = (skippable ?? []).Where(s => !s.Assessed && manifest.Faults.All(f => f.SourceId != s.SourceId)).ToList();
        var skippedIds = skipped.Select(s => s.SourceId).ToHashSet(StringComparer.Ordinal);
        findings = [.. findings.Where(f => !(f.Kind == FindingKind.Unreachable && f.Severity == Severity.Notice && f.SourceId is { } id && skippedIds.Contains(id)))];
        var unmatched = findings.ToList();
        var missed = new List<PlantedFault>();
        var matchedByKind = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var fault in manifest.Faults)
        {
            var hit = unmatched.FirstOrDefault(f => Matches(fault, f));
            if (hit is null)
            {
                missed.Add(fault);
                continue;
            }

            unmatched.Remove(hit);
            matchedByKind[fault.Kind] = matchedByKind.GetValueOrDefault(fault.Kind) + 1;
        }

        var kinds = manifest.Faults.Select(f => f.Kind)
            .Concat(findings.Select(f => f.Kind.ToWire()))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(kind => new KindScore(
                kind,
                manifest.Faults.Count(f => f.Kind == kind),
                findings.Count(f => f.Kind.ToWire() == kind),
                matchedByKind.GetValueOrDefault(kind)))
            .ToList();
        return new ManifestComparison(kinds, missed, unmatched) { Skipped = skipped };
    }

    /// <summary>A finding matches a fault when kind and source agree, and item, document and target wherever the fault names them.</summary>
    public static bool Matches(PlantedFault fault, Finding finding) =>
        finding.Kind.ToWire() == fault.Kind
        && finding.SourceId == fault.SourceId
        && (fault.ItemId is null || finding.ItemId == fault.ItemId)
        && (fault.DocumentPath is null || PathOf(finding.DocumentUrl) == fault.DocumentPath)
        && (fault.TargetPath is null || PathOf(finding.TargetUrl) == fault.TargetPath);

    private static string? PathOf(string? url) =>
        url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.PathAndQuery : url;
}
