using System.Globalization;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.Host.Reports;

/// <summary>Everything one scan's report shows; the HTML report and the console summary render the same model.</summary>
/// <param name="SiteName">Name of the monitored site (门户网站).</param>
/// <param name="AsOf">The as-of time of the evaluation; shown in Asia/Shanghai.</param>
/// <param name="CatalogVersion">Version of the rule catalog the findings were evaluated with.</param>
/// <param name="Departments">Units of the deployment; findings and scores name them by id.</param>
/// <param name="Sources">Every source with whether it could be assessed.</param>
/// <param name="SourceNames">Source id → Chinese column name.</param>
/// <param name="Findings">Open findings at the as-of time.</param>
/// <param name="Scores">Scores of the period (site, department, town, area, item).</param>
/// <param name="Warnings">Caveats on the whole run, in Chinese (e.g. the holiday calendar is provisional).</param>
internal sealed record ReportModel(
    string SiteName,
    DateTimeOffset AsOf,
    string CatalogVersion,
    IReadOnlyList<DepartmentInfo> Departments,
    IReadOnlyList<SourceAssessment> Sources,
    IReadOnlyDictionary<string, string> SourceNames,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<Score> Scores,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The unit's name, or its id when the departments file does not know it (so nothing is hidden).</summary>
    public string DepartmentName(string departmentId) =>
        Departments.FirstOrDefault(d => d.Id == departmentId)?.Name ?? departmentId;

    /// <summary>The column's Chinese name, or its id when unnamed.</summary>
    public string SourceName(string sourceId) => SourceNames.TryGetValue(sourceId, out var name) ? name : sourceId;

    /// <summary>The site score, when the evaluation produced one (the first by key if several).</summary>
    public Score? SiteScore =>
        Scores.Where(s => s.Scope == ScoreScope.Site).OrderBy(s => s.Key, StringComparer.Ordinal).FirstOrDefault();

    /// <summary>A score as users read it: 92.5 when out of 100, else 46/50.</summary>
    public static string ScoreText(Score score) => score.Max == 100
        ? score.Value.ToString("0.#", CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{score.Value:0.#}/{score.Max:0.#}");

    /// <summary>Number of findings of a severity.</summary>
    public int Count(Severity severity) => Findings.Count(f => f.Severity == severity);
}
