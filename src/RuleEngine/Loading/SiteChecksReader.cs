using System.Text.Json.Nodes;
using Monitor.RuleEngine.Evaluation;
using Monitor.RuleEngine.Rules;

namespace Monitor.RuleEngine.Loading;

/// <summary>Typed reading of <c>rules/site-checks.yaml</c> and <c>rules/ruleset.yaml</c>.</summary>
internal static class SiteChecksReader
{
    private static readonly string[] Severities = ["notice", "warning", "alert", "veto"];

    public static SiteChecks? Read(RuleFileReader r)
    {
        var root = r.Object(r.Tree.Root, "", ["homepage", "columns", "blankColumn"]);
        if (root is null)
        {
            return null;
        }

        HomepageCheck? homepage = null;
        if (!root.ContainsKey("homepage"))
        {
            r.Error("/homepage", "缺少必填字段");
        }
        else if (r.Object(root["homepage"], "/homepage", ["maxAgeDays", "undatedIsStale", "severity", "basis"]) is { } h)
        {
            var maxAge = r.PositiveInt(h, "/homepage", "maxAgeDays", required: true);
            var undated = r.Bool(h, "/homepage", "undatedIsStale", required: false) ?? true;
            var severity = ReadSeverity(r, h, "/homepage", Severity.Veto);
            var basis = r.String(h, "/homepage", "basis", required: true);
            if (maxAge is not null && severity is not null && basis is not null)
            {
                homepage = new HomepageCheck(maxAge.Value, undated, severity.Value, basis);
            }
        }

        var columns = new List<ColumnFreshnessCheck>();
        var array = r.Array(root, "", "columns", required: true);
        var seenTypes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; array is not null && i < array.Count; i++)
        {
            var at = RuleFileReader.Child("/columns", i);
            if (r.Object(array[i], at, ["columnTypes", "maxAge", "severity", "basis"]) is not { } c)
            {
                continue;
            }

            var types = r.Strings(c, at, "columnTypes", required: true, nonEmpty: true);
            foreach (var (type, pointer) in types.Where(t => !seenTypes.Add(t.Value)))
            {
                r.Error(pointer, $"栏目类型“{type}”已在前面的规则中出现");
            }

            var severity = ReadSeverity(r, c, at, Severity.Alert);
            var basis = r.String(c, at, "basis", required: true);
            var mp = RuleFileReader.Child(at, "maxAge");
            int? amount = null;
            string? unit = null;
            if (!c.ContainsKey("maxAge"))
            {
                r.Error(mp, "缺少必填字段");
            }
            else if (r.Object(c["maxAge"], mp, ["amount", "unit"]) is { } m)
            {
                amount = r.PositiveInt(m, mp, "amount", required: true);
                unit = r.OneOf(m, mp, "unit", required: true, ["day", "month"]);
            }

            if (types.Count > 0 && severity is not null && basis is not null && amount is not null && unit is not null)
            {
                columns.Add(new ColumnFreshnessCheck(
                    types.Select(t => t.Value).ToList(), amount.Value, unit == "month" ? AgeUnit.Month : AgeUnit.Day, severity.Value, basis));
            }
        }

        BlankColumnCheck? blank = null;
        if (!root.ContainsKey("blankColumn"))
        {
            r.Error("/blankColumn", "缺少必填字段");
        }
        else if (r.Object(root["blankColumn"], "/blankColumn", ["enabled", "severity", "basis"]) is { } b)
        {
            var enabled = r.Bool(b, "/blankColumn", "enabled", required: true);
            var severity = ReadSeverity(r, b, "/blankColumn", Severity.Alert);
            var basis = r.String(b, "/blankColumn", "basis", required: true);
            if (enabled is not null && severity is not null && basis is not null)
            {
                blank = new BlankColumnCheck(enabled.Value, severity.Value, basis);
            }
        }

        return homepage is null || blank is null ? null : new SiteChecks(homepage, columns, blank);
    }

    private static Severity? ReadSeverity(RuleFileReader r, JsonObject obj, string at, Severity fallback)
    {
        if (!obj.ContainsKey("severity"))
        {
            return fallback;
        }

        return r.OneOf(obj, at, "severity", required: true, Severities) switch
        {
            "notice" => Severity.Notice,
            "warning" => Severity.Warning,
            "alert" => Severity.Alert,
            "veto" => Severity.Veto,
            _ => null,
        };
    }

    /// <summary>Reads <c>ruleset.yaml</c>: version, effective date, name, time zone.</summary>
    public static (string Version, DateOnly Effective, string Name, string TimeZone)? ReadHeader(RuleFileReader r)
    {
        var root = r.Object(r.Tree.Root, "", ["version", "effective", "name", "timeZone"]);
        if (root is null)
        {
            return null;
        }

        var version = r.String(root, "", "version", required: true);
        var effective = r.Date(root, "", "effective", required: true);
        var name = r.String(root, "", "name", required: true);
        var zone = r.OneOf(root, "", "timeZone", required: true, ["Asia/Shanghai"]);
        return version is null || effective is null || name is null || zone is null
            ? null
            : (version, effective.Value, name, zone);
    }
}
