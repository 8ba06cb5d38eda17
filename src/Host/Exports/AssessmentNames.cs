using Monitor.Host.Assessments;

namespace Monitor.Host.Exports;

/// <summary>
/// Names of an assessment's units and sources looked up by id in constant time (an export row needs them for every
/// finding and item); an unknown id is shown as it is, as <see cref="Assessment.DepartmentName"/> does.
/// </summary>
internal sealed class AssessmentNames(Assessment a)
{
    private readonly Dictionary<string, string> units = a.Departments.GroupBy(d => d.Id, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);

    private readonly Dictionary<string, string> sources = a.Sources.GroupBy(s => s.Id, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);

    /// <summary>The unit's name, or its id.</summary>
    public string Unit(string id) => units.GetValueOrDefault(id, id);

    /// <summary>The source's (column's) name, or its id; null stays null.</summary>
    public string? Source(string? id) => id is null ? null : sources.GetValueOrDefault(id, id);
}
