using Monitor.RuleEngine.Evaluation;

namespace Monitor.Host.Reports;

/// <summary>One unit's line in the ranking: its score (if scored), its rank among scored units and its findings by severity.</summary>
/// <param name="Rank">Competition rank by score ratio (equal ratios share a rank: 1, 1, 3); null when the unit has no score.</param>
internal sealed record DepartmentStanding(DepartmentInfo Department, Score? Score, int? Rank, IReadOnlyDictionary<Severity, int> Counts)
{
    /// <summary>Score as a fraction of its maximum (0 when the maximum is 0).</summary>
    public double? Ratio => Score is { } s ? (s.Max > 0 ? s.Value / s.Max : 0) : null;

    /// <summary>
    /// The ranking: every unit with a department or town score, best first, then units that have
    /// findings but no score. Scores and findings naming a unit missing from the departments list
    /// still appear (under their id), so a configuration gap cannot hide a result.
    /// </summary>
    public static IReadOnlyList<DepartmentStanding> From(ReportModel model)
    {
        var known = model.Departments.ToDictionary(d => d.Id);
        var scores = model.Scores
            .Where(s => s.Scope is ScoreScope.Department or ScoreScope.Town)
            .GroupBy(s => s.Key)
            .ToDictionary(g => g.Key, g => g.OrderBy(s => s.Period, StringComparer.Ordinal).Last());

        var ids = scores.Keys.Concat(model.Findings.Select(f => f.DepartmentId)).Distinct().ToList();
        var unranked = ids.Select(id => new
        {
            Department = known.TryGetValue(id, out var d)
                ? d
                : new DepartmentInfo(id, id, scores.TryGetValue(id, out var s) && s.Scope == ScoreScope.Town ? DepartmentKind.Town : DepartmentKind.Department),
            Score = scores.GetValueOrDefault(id),
            Counts = FindingCounts(model.Findings.Where(f => f.DepartmentId == id)),
        }).ToList();

        var scored = unranked
            .Where(u => u.Score is not null)
            .Select(u => new DepartmentStanding(u.Department, u.Score, null, u.Counts))
            .OrderByDescending(s => s.Ratio)
            .ThenBy(s => s.Department.Name, StringComparer.Ordinal)
            .ThenBy(s => s.Department.Id, StringComparer.Ordinal)
            .ToList();

        var ranked = new List<DepartmentStanding>(unranked.Count);
        for (var i = 0; i < scored.Count; i++)
        {
            var rank = i > 0 && scored[i].Ratio == scored[i - 1].Ratio ? ranked[i - 1].Rank : i + 1;
            ranked.Add(scored[i] with { Rank = rank });
        }

        ranked.AddRange(unranked
            .Where(u => u.Score is null)
            .OrderBy(u => u.Department.Id, StringComparer.Ordinal)
            .Select(u => new DepartmentStanding(u.Department, null, null, u.Counts)));
        return ranked;
    }

    private static Dictionary<Severity, int> FindingCounts(IEnumerable<Finding> findings)
    {
        var counts = Enum.GetValues<Severity>().ToDictionary(s => s, _ => 0);
        foreach (var f in findings)
        {
            counts[f.Severity]++;
        }

        return counts;
    }
}
