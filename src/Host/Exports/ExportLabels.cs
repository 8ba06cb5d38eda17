using Monitor.Alerting;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.Host.Exports;

/// <summary>
/// Chinese labels for the stable wire strings an <see cref="Assessments.Assessment"/> carries (finding kinds, severities,
/// item states, score scopes, unit kinds), shared by the CSV and XLSX exports. An unknown string is shown as it is, so a
/// newer stored assessment still exports.
/// </summary>
internal static class ExportLabels
{
    private static readonly Dictionary<string, FindingKind> Kinds =
        Enum.GetValues<FindingKind>().ToDictionary(k => k.ToWire(), StringComparer.Ordinal);

    private static readonly Dictionary<string, Severity> Severities =
        Enum.GetValues<Severity>().ToDictionary(s => s.ToWire(), StringComparer.Ordinal);

    /// <summary>The kind as a value, when the wire string names one.</summary>
    public static FindingKind? KindOf(string wire) => Kinds.TryGetValue(wire, out var k) ? k : null;

    /// <summary>The severity as a value, when the wire string names one.</summary>
    public static Severity? SeverityOf(string wire) => Severities.TryGetValue(wire, out var s) ? s : null;

    /// <summary>e.g. <c>missing-item</c> → 应公开未公开.</summary>
    public static string Kind(string wire) => KindOf(wire) is { } k ? FindingLabels.KindChinese(k) : wire;

    /// <summary>e.g. <c>veto</c> → 单项否决.</summary>
    public static string Severity(string wire) => SeverityOf(wire) is { } s ? s.ToChinese() : wire;

    /// <summary>The state of a (source, item) pair, e.g. <c>not-assessed</c> → 未评估.</summary>
    public static string ItemState(string wire) => wire switch
    {
        "compliant" => "合规",
        "late" => "超期公开",
        "missing" => "未公开",
        "incomplete" => "要素缺失",
        "not-assessed" => "未评估",
        "not-checkable" => "不可机检",
        "not-due" => "未到期",
        _ => wire,
    };

    /// <summary>A score scope, e.g. <c>town</c> → 镇街.</summary>
    public static string Scope(string wire) => wire switch
    {
        "site" => "全站",
        "department" => "部门",
        "town" => "镇街",
        "area" => "领域",
        "item" => "事项",
        _ => wire,
    };

    /// <summary>A unit kind, e.g. <c>town</c> → 镇街.</summary>
    public static string UnitKind(string wire) => wire switch
    {
        "department" => "部门",
        "town" => "镇街",
        "office" => "办公室",
        _ => wire,
    };

    /// <summary>是 / 否.</summary>
    public static string YesNo(bool value) => value ? "是" : "否";
}
