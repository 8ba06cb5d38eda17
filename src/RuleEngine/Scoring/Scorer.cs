using System.Globalization;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.RuleEngine.Scoring;

/// <summary>
/// Scores of one evaluation (method and worked example in docs/scoring.md): each assessed
/// (source, item) pair scores 100 / 70 / 50 / 0 for compliant / incomplete / late / missing; item
/// and area scores are the means of their pairs. The site, and each department or town over its own
/// sources, scores 100 points made of 60 for disclosure (60 × mean pair score / 100), 25 for column
/// upkeep (−5 per stale or blank column) and 15 for links (−1 per broken link), and 0 when a veto
/// finding exists in that scope — so a unit with a blank column or a stale homepage sees it in its score.
/// Pairs that are not assessed, not checkable or not due are left out of every maximum and counted.
/// The site alone also loses 2 points per failed homepage identity element and 1 per failed meta-tag
/// class (at most 10 together); site-level count findings (no source) deduct nothing themselves, since
/// their columns are already counted, but a veto among them fails the scope.
/// </summary>
internal static class Scorer
{
    public const double DisclosurePoints = 60;
    public const double ColumnPoints = 25;
    public const double ColumnDeduction = 5;
    public const double LinkPoints = 15;
    public const double LinkDeduction = 1;
    public const double IdentityDeduction = 2;
    public const double MetaTagDeduction = 1;
    public const double StandardsMaxDeduction = 10;

    public static double PairScore(ItemState state) => state switch
    {
        ItemState.Compliant => 100,
        ItemState.Incomplete => 70,
        ItemState.Late => 50,
        ItemState.Missing => 0,
        _ => double.NaN,
    };

    public static IReadOnlyList<Score> Compute(
        DateOnly asOf,
        IReadOnlyList<DepartmentInfo> departments,
        IReadOnlyList<SourceAssessment> sources,
        IReadOnlyList<ItemStatus> items,
        IReadOnlyList<Finding> findings,
        IReadOnlyList<SiteCheckResult>? siteChecks = null)
    {
        var period = asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var kinds = departments.ToDictionary(d => d.Id, d => d.Kind, StringComparer.Ordinal);
        var scores = new List<Score>();

        // A scope is scored only when at least one of its sources could be assessed: a unit nobody
        // could check gets no number rather than the full marks an empty scope would otherwise get.
        if (sources.Any(s => s.Assessed))
        {
            var failed = siteChecks?.Where(c => c.State == SiteCheckState.Failed).ToList() ?? [];
            var standards = Math.Min(
                StandardsMaxDeduction,
                (IdentityDeduction * failed.Count(c => c.Id.StartsWith("identity-", StringComparison.Ordinal)))
                + (MetaTagDeduction * failed.Count(c => c.Id.StartsWith("meta-", StringComparison.Ordinal))));
            scores.Add(Composite(ScoreScope.Site, "site", period, items, findings, standards));
        }

        var units = sources.Where(s => s.Assessed).Select(s => s.DepartmentId)
            .Concat(items.Where(i => !double.IsNaN(PairScore(i.State))).Select(i => i.DepartmentId))
            .Distinct(StringComparer.Ordinal);
        foreach (var unit in units)
        {
            var scope = kinds.TryGetValue(unit, out var kind) && kind == DepartmentKind.Town ? ScoreScope.Town : ScoreScope.Department;
            scores.Add(Composite(
                scope,
                unit,
                period,
                [.. items.Where(i => i.DepartmentId == unit)],
                [.. findings.Where(f => f.DepartmentId == unit)]));
        }

        foreach (var group in items.GroupBy(i => i.Area, StringComparer.Ordinal))
        {
            AddMean(scores, ScoreScope.Area, group.Key, period, group);
        }

        foreach (var group in items.GroupBy(i => i.ItemId, StringComparer.Ordinal))
        {
            AddMean(scores, ScoreScope.Item, group.Key, period, group);
        }

        return scores
            .OrderBy(s => s.Scope)
            .ThenBy(s => s.Key, StringComparer.Ordinal)
            .ToList();
    }

    private static void AddMean(List<Score> scores, ScoreScope scope, string key, string period, IEnumerable<ItemStatus> pairs)
    {
        var list = pairs.ToList();
        var counted = list.Where(p => !double.IsNaN(PairScore(p.State))).ToList();
        var notAssessed = list.Count(p => p.State == ItemState.NotAssessed);
        var notCheckable = list.Count(p => p.State == ItemState.NotCheckable);

        // A scope with nothing assessable gets no number: an empty mean is not 100 and not 0.
        if (counted.Count == 0)
        {
            return;
        }

        var value = Round(counted.Average(p => PairScore(p.State)));
        scores.Add(new Score(scope, key, value, 100, period, counted.Count, counted.Count(p => p.State == ItemState.Compliant))
        {
            ItemsNotAssessed = notAssessed,
            ItemsNotCheckable = notCheckable,
        });
    }

    private static Score Composite(
        ScoreScope scope, string key, string period, IReadOnlyList<ItemStatus> items, IReadOnlyList<Finding> findings, double standardsDeduction = 0)
    {
        var counted = items.Where(p => !double.IsNaN(PairScore(p.State))).ToList();
        var disclosure = counted.Count == 0 ? DisclosurePoints : DisclosurePoints * counted.Average(p => PairScore(p.State)) / 100;
        var columnFindings = findings.Count(f => f.Kind is FindingKind.StaleColumn or FindingKind.BlankColumn && f.SourceId is not null);
        var columns = Math.Max(0, ColumnPoints - (ColumnDeduction * columnFindings));
        var links = Math.Max(0, LinkPoints - (LinkDeduction * findings.Count(f => f.Kind == FindingKind.BrokenLink)));
        var vetoed = findings.Any(f => f.Severity == Severity.Veto);
        var value = vetoed ? 0 : Round(Math.Max(0, disclosure + columns + links - standardsDeduction));
        return new Score(scope, key, value, 100, period, counted.Count, counted.Count(p => p.State == ItemState.Compliant))
        {
            ItemsNotAssessed = items.Count(p => p.State == ItemState.NotAssessed),
            ItemsNotCheckable = items.Count(p => p.State == ItemState.NotCheckable),
            Vetoed = vetoed,
        };
    }

    private static double Round(double value) => Math.Round(value, 1, MidpointRounding.AwayFromZero);
}
