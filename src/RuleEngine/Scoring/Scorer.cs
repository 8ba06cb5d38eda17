using System.Globalization;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.RuleEngine.Scoring;

/// <summary>
/// Scores of one evaluation (method and worked example in docs/scoring.md): each assessed
/// (source, item) pair scores 100 / 70 / 50 / 0 for compliant / incomplete / late / missing; item,
/// area, department and town scores are the means of their pairs; the site scores 100 points made
/// of 60 for disclosure (60 × mean pair score / 100), 25 for column upkeep (−5 per stale or blank
/// column) and 15 for links (−1 per broken link), and 0 when any veto finding exists.
/// Pairs that are not assessed, not checkable or not due are left out of every maximum and counted.
/// </summary>
internal static class Scorer
{
    public const double DisclosurePoints = 60;
    public const double ColumnPoints = 25;
    public const double ColumnDeduction = 5;
    public const double LinkPoints = 15;
    public const double LinkDeduction = 1;

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
        IReadOnlyList<ItemStatus> items,
        IReadOnlyList<Finding> findings)
    {
        var period = asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var kinds = departments.ToDictionary(d => d.Id, d => d.Kind, StringComparer.Ordinal);
        var scores = new List<Score>();

        scores.Add(Site(period, items, findings));

        foreach (var group in items.GroupBy(i => i.DepartmentId, StringComparer.Ordinal))
        {
            var scope = kinds.TryGetValue(group.Key, out var kind) && kind == DepartmentKind.Town ? ScoreScope.Town : ScoreScope.Department;
            AddMean(scores, scope, group.Key, period, group);
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

    private static Score Site(string period, IReadOnlyList<ItemStatus> items, IReadOnlyList<Finding> findings)
    {
        var counted = items.Where(p => !double.IsNaN(PairScore(p.State))).ToList();
        var disclosure = counted.Count == 0 ? DisclosurePoints : DisclosurePoints * counted.Average(p => PairScore(p.State)) / 100;
        var columnFindings = findings.Count(f => f.Kind is FindingKind.StaleColumn or FindingKind.BlankColumn);
        var columns = Math.Max(0, ColumnPoints - (ColumnDeduction * columnFindings));
        var links = Math.Max(0, LinkPoints - (LinkDeduction * findings.Count(f => f.Kind == FindingKind.BrokenLink)));
        var vetoed = findings.Any(f => f.Severity == Severity.Veto);
        var value = vetoed ? 0 : Round(disclosure + columns + links);
        return new Score(ScoreScope.Site, "site", value, 100, period, counted.Count, counted.Count(p => p.State == ItemState.Compliant))
        {
            ItemsNotAssessed = items.Count(p => p.State == ItemState.NotAssessed),
            ItemsNotCheckable = items.Count(p => p.State == ItemState.NotCheckable),
            Vetoed = vetoed,
        };
    }

    private static double Round(double value) => Math.Round(value, 1, MidpointRounding.AwayFromZero);
}
