using System.Globalization;
using System.Text;
using Monitor.Host.Configuration;
using Monitor.RuleEngine.Rules;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Monitor.Host.Catalog;

/// <summary>
/// How a deployment covers the catalog: which items no source expects (per area; machine-checkable ones
/// are the gaps that matter, the others only count), which 公开主体 no department takes, and which
/// departments' subjects no item uses. Sources that expect an item or area the catalog does not have are
/// errors: such a source would be checked against nothing and its gap would go unnoticed.
/// </summary>
/// <param name="Errors">Cross-reference errors, each naming sources.yaml, line and key.</param>
/// <param name="UnclaimedSubjects">Catalog subjects that no department takes (see <see cref="IsClaimed"/>), with the items that name them.</param>
/// <param name="UnusedSubjects">A department's subject that no catalog item names (a warning: a typo or an area not yet in the catalog).</param>
internal sealed record CoverageReport(
    string ConfigDirectory,
    IReadOnlyList<AreaCoverage> Areas,
    IReadOnlyList<SourceCoverage> Sources,
    IReadOnlyList<ConfigError> Errors,
    IReadOnlyList<SubjectGap> UnclaimedSubjects,
    IReadOnlyList<DepartmentSubject> UnusedSubjects)
{
    public static CoverageReport Build(RuleSet rules, Deployment deployment)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(deployment);
        var sourcesFile = Path.Combine(deployment.Directory, "sources.yaml");
        var locator = new SourceLocator(sourcesFile);
        var errors = new List<ConfigError>();
        var areaIds = rules.Areas.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);

        var sources = new List<SourceCoverage>();
        var expectedBy = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var s = 0; s < deployment.Sources.Count; s++)
        {
            var source = deployment.Sources[s];
            var expected = new List<string>();
            for (var j = 0; j < source.ItemIds.Count; j++)
            {
                var id = source.ItemIds[j];
                if (rules.FindItem(id) is null)
                {
                    errors.Add(locator.Error(source.Id, s, "items", j, id, $"事项编号“{id}”不在规则目录中（来源 {source.Id}）"));
                }
                else
                {
                    expected.Add(id);
                }
            }

            for (var j = 0; j < source.Areas.Count; j++)
            {
                var area = source.Areas[j];
                if (!areaIds.Contains(area))
                {
                    errors.Add(locator.Error(source.Id, s, "areas", j, area, $"领域“{area}”不在规则目录中（来源 {source.Id}；已有领域：{string.Join("、", areaIds.Order(StringComparer.Ordinal))}）"));
                }
                else
                {
                    expected.AddRange(rules.Items.Where(i => i.Area == area).Select(i => i.Id));
                }
            }

            var distinct = expected.Distinct(StringComparer.Ordinal).ToList();
            foreach (var id in distinct)
            {
                if (!expectedBy.TryGetValue(id, out var list))
                {
                    expectedBy[id] = list = [];
                }

                list.Add(source.Id);
            }

            sources.Add(new SourceCoverage(source, distinct));
        }

        var areas = rules.Areas.Select(a => new AreaCoverage(
            a,
            [.. a.Items.Where(i => expectedBy.ContainsKey(i.Id))],
            [.. a.Items.Where(i => !expectedBy.ContainsKey(i.Id) && i.MachineCheckable)],
            [.. a.Items.Where(i => !expectedBy.ContainsKey(i.Id) && !i.MachineCheckable)],
            expectedBy.Where(kv => a.Items.Any(i => i.Id == kv.Key)).ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value, StringComparer.Ordinal))).ToList();

        var taken = deployment.Departments.SelectMany(d => d.Subjects).ToHashSet(StringComparer.Ordinal);
        var unclaimed = rules.Items
            .GroupBy(i => i.Subject, StringComparer.Ordinal)
            .Where(g => !IsClaimed(g.Key, taken))
            .Select(g => new SubjectGap(g.Key, [.. g]))
            .ToList();
        var used = rules.Items.SelectMany(i => Names(i.Subject)).ToHashSet(StringComparer.Ordinal);
        var unused = deployment.Departments
            .SelectMany(d => d.Subjects.Where(s => !used.Contains(s)).Select(s => new DepartmentSubject(d, s)))
            .ToList();

        return new CoverageReport(deployment.Directory, areas, sources, errors, unclaimed, unused);
    }

    /// <summary>The report in Chinese for the terminal; errors are not included (they go to stderr).</summary>
    public string Render()
    {
        var text = new StringBuilder();
        text.Append("覆盖情况（").Append(ConfigDirectory).Append("）：\n\n");
        string[] header = ["领域编号", "领域", "事项", "已覆盖", "未覆盖·可机检", "未覆盖·不可机检"];
        var rows = Areas.Select(a => new[]
        {
            a.Area.Id, a.Area.Name, Number(a.Area.Items.Count), Number(a.Covered.Count), Number(a.UncoveredCheckable.Count), Number(a.UncoveredNotCheckable.Count),
        }).ToList();
        rows.Add(["合计", "", Number(Areas.Sum(a => a.Area.Items.Count)), Number(Areas.Sum(a => a.Covered.Count)), Number(Areas.Sum(a => a.UncoveredCheckable.Count)), Number(Areas.Sum(a => a.UncoveredNotCheckable.Count))]);
        text.Append(TextTable.Render(header, rows, numericFrom: 2, totalsLast: true));

        text.Append("\n各来源预期事项：\n");
        foreach (var source in Sources)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {source.Source.Id}（{source.Source.Name}，{source.Source.DepartmentId}）：");
            text.Append(source.ItemIds.Count == 0 ? "无（只检查栏目更新）" : string.Join("、", source.ItemIds)).Append('\n');
        }

        var gaps = Areas.Where(a => a.UncoveredCheckable.Count > 0).ToList();
        text.Append("\n没有来源覆盖的可机检事项（需在 sources.yaml 中指定栏目）：");
        if (gaps.Count == 0)
        {
            text.Append("无\n");
        }
        else
        {
            text.Append('\n');
            foreach (var area in gaps)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {area.Area.Name}（{area.UncoveredCheckable.Count} 项）：")
                    .Append(string.Join("、", area.UncoveredCheckable.Select(Label))).Append('\n');
            }
        }

        var offline = Areas.Where(a => a.UncoveredNotCheckable.Count > 0).ToList();
        if (offline.Count > 0)
        {
            text.Append("没有来源覆盖的不可机检事项（依申请或线下公开，只计入覆盖统计）：\n");
            foreach (var area in offline)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {area.Area.Name}（{area.UncoveredNotCheckable.Count} 项）：")
                    .Append(string.Join("、", area.UncoveredNotCheckable.Select(Label))).Append('\n');
            }
        }

        text.Append("\n没有部门承担的公开主体（需在 departments.yaml 的 subjects 中指定）：");
        if (UnclaimedSubjects.Count == 0)
        {
            text.Append("无\n");
        }
        else
        {
            text.Append('\n');
            foreach (var gap in UnclaimedSubjects)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {gap.Subject}（{gap.Items.Count} 项：{string.Join("、", gap.Items.Select(i => i.Id))}）\n");
            }
        }

        foreach (var unused in UnusedSubjects)
        {
            text.Append(CultureInfo.InvariantCulture, $"警告：部门 {unused.Department.Id}（{unused.Department.Name}）的公开主体“{unused.Subject}”未被任何事项使用\n");
        }

        return text.ToString();
    }

    /// <summary>
    /// Whether departments take a subject. Catalog subjects are often joint (县级扶贫部门、县级财政部门) or
    /// qualified (乡镇人民政府（街道办事处）), and some names contain 、 themselves (市、县级人民政府). So a
    /// subject is taken when a department lists it as written, or when each of its 、-separated parts is
    /// listed as written, by its name before the parenthesis, or by all the names inside it (the concrete
    /// bodies: 县级人民政府（住房保障行政主管部门、民政部门）, 乡镇人民政府（街道办事处）). Splitting only adds
    /// ways to match: a name like 市、县级人民政府 still matches when listed whole.
    /// </summary>
    internal static bool IsClaimed(string subject, IReadOnlySet<string> taken) =>
        taken.Contains(subject) || SubjectParts(subject).All(p => taken.Contains(p) || taken.Contains(Head(p)) || (Inner(p) is { Count: > 0 } inner && inner.All(taken.Contains)));

    /// <summary>Every name a department may list to take (part of) this subject: the whole, its parts, their heads and inner names.</summary>
    internal static IEnumerable<string> Names(string subject) =>
        SubjectParts(subject).SelectMany(p => Inner(p).Prepend(Head(p)).Prepend(p)).Prepend(subject);

    /// <summary>The 、-separated parts of a subject, not splitting inside （…） or (…).</summary>
    internal static IReadOnlyList<string> SubjectParts(string subject)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < subject.Length; i++)
        {
            switch (subject[i])
            {
                case '（' or '(':
                    depth++;
                    break;
                case '）' or ')':
                    depth = Math.Max(0, depth - 1);
                    break;
                case '、' when depth == 0:
                    parts.Add(subject[start..i].Trim());
                    start = i + 1;
                    break;
            }
        }

        parts.Add(subject[start..].Trim());
        return [.. parts.Where(p => p.Length > 0)];
    }

    /// <summary>The names inside a part's parenthesis: 县级人民政府（住房保障行政主管部门、民政部门） → both departments.</summary>
    private static IReadOnlyList<string> Inner(string part)
    {
        var open = part.IndexOfAny(['（', '(']);
        var close = part.LastIndexOfAny(['）', ')']);
        return open >= 0 && close > open ? SubjectParts(part[(open + 1)..close]) : [];
    }

    /// <summary>A part's name before its parenthesis: 乡镇人民政府（街道办事处） → 乡镇人民政府.</summary>
    private static string Head(string part)
    {
        var cut = part.IndexOfAny(['（', '(']);
        return cut > 0 ? part[..cut].Trim() : part;
    }

    private static string Label(CatalogItem item) => $"{item.Id} {item.DisplayName}";

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Finds the line of a list entry in sources.yaml. The deployment model keeps no positions, so the file
    /// is read once more; when it cannot be (it changed meanwhile), the error still names file and key.
    /// </summary>
    private sealed class SourceLocator
    {
        private readonly string file;
        private readonly YamlSequenceNode? sources;

        public SourceLocator(string file)
        {
            this.file = file;
            try
            {
                var stream = new YamlStream();
                using var reader = new StreamReader(file);
                stream.Load(reader);
                if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode root
                    && root.Children.TryGetValue(new YamlScalarNode("sources"), out var node))
                {
                    sources = node as YamlSequenceNode;
                }
            }
            catch (Exception e) when (e is IOException or YamlException)
            {
                sources = null;
            }
        }

        public ConfigError Error(string sourceId, int sourceIndex, string key, int entryIndex, string value, string message)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"sources[{sourceIndex}].{key}[{entryIndex}]");
            var source = sources?.Children.OfType<YamlMappingNode>().FirstOrDefault(m =>
                m.Children.TryGetValue(new YamlScalarNode("id"), out var id) && id is YamlScalarNode { Value: { } v } && v == sourceId);
            YamlNode? at = source;
            if (source is not null && source.Children.TryGetValue(new YamlScalarNode(key), out var list) && list is YamlSequenceNode sequence)
            {
                at = sequence.Children.OfType<YamlScalarNode>().FirstOrDefault(n => n.Value == value) ?? (YamlNode)sequence;
            }

            return at is null
                ? new ConfigError(file, 0, 0, path, message)
                : new ConfigError(file, (int)at.Start.Line, (int)at.Start.Column, path, message);
        }
    }
}

/// <summary>One area's coverage: items some source expects, and the uncovered ones split by machine-checkability.</summary>
/// <param name="SourcesByItem">For each covered item id, the sources expecting it.</param>
internal sealed record AreaCoverage(
    CatalogArea Area,
    IReadOnlyList<CatalogItem> Covered,
    IReadOnlyList<CatalogItem> UncoveredCheckable,
    IReadOnlyList<CatalogItem> UncoveredNotCheckable,
    IReadOnlyDictionary<string, IReadOnlyList<string>> SourcesByItem);

/// <summary>A source and the known catalog items it is expected to carry (its <c>items</c> plus its <c>areas</c>' items).</summary>
internal sealed record SourceCoverage(SourceConfig Source, IReadOnlyList<string> ItemIds);

/// <summary>A 公开主体 no department takes, with the items naming it.</summary>
internal sealed record SubjectGap(string Subject, IReadOnlyList<CatalogItem> Items);

/// <summary>A subject a department takes that no catalog item names.</summary>
internal sealed record DepartmentSubject(DepartmentConfig Department, string Subject);
