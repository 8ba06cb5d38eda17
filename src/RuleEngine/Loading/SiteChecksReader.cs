using System.Text.Json.Nodes;
using Monitor.RuleEngine.Evaluation;
using Monitor.RuleEngine.Rules;

namespace Monitor.RuleEngine.Loading;

/// <summary>Typed reading of <c>rules/site-checks.yaml</c> and <c>rules/ruleset.yaml</c>.</summary>
internal static class SiteChecksReader
{
    private static readonly string[] Severities = ["notice", "warning", "alert", "veto"];

    private static readonly string[] TopKeys =
        ["homepage", "columns", "blankColumn", "columnCounts", "availability", "newMedia", "brokenLinks", "dateMismatch", "identity", "metaTags"];

    /// <summary>Wire names of <see cref="IdentityElement"/> in the order of the enum.</summary>
    internal static readonly string[] IdentityNames = ["site-id-code", "icp", "public-security", "party-government-label", "find-error-entry"];

    public static SiteChecks? Read(RuleFileReader r)
    {
        var root = r.Object(r.Tree.Root, "", TopKeys);
        if (root is null)
        {
            return null;
        }

        var ok = true;
        HomepageCheck? homepage = null;
        if (Section(r, root, "homepage", required: true, ["maxAgeDays", "warningAgeDays", "undatedIsStale", "severity", "basis", "effective"]) is { } h)
        {
            const string at = "/homepage";
            var maxAge = r.PositiveInt(h, at, "maxAgeDays", required: true);
            var warningAge = r.PositiveInt(h, at, "warningAgeDays", required: false);
            var undated = r.Bool(h, at, "undatedIsStale", required: false) ?? true;
            var severity = ReadSeverity(r, h, at, Severity.Veto);
            var basis = r.String(h, at, "basis", required: true);
            var effective = r.Effective(h, at);
            if (warningAge is not null && maxAge is not null && warningAge >= maxAge)
            {
                r.Error(RuleFileReader.Child(at, "warningAgeDays"), $"预警线（{warningAge}天）必须低于否决线 maxAgeDays（{maxAge}天）");
                warningAge = null;
                ok = false;
            }

            if (maxAge is not null && severity is not null && basis is not null && effective is not null)
            {
                homepage = new HomepageCheck(maxAge.Value, undated, severity.Value, basis) { WarningAgeDays = warningAge, Effective = effective };
            }
        }

        var columns = new List<ColumnFreshnessCheck>();
        var array = r.Array(root, "", "columns", required: true);
        var seenTypes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; array is not null && i < array.Count; i++)
        {
            var at = RuleFileReader.Child("/columns", i);
            if (r.Object(array[i], at, ["columnTypes", "maxAge", "warningAge", "severity", "basis", "effective"]) is not { } c)
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
            var effective = r.Effective(c, at);
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

            // Optional early-warning line (预警线), below the limit: e.g. 10 of 14 days (reference §3.1 vendor practice).
            int? warningAmount = null;
            string? warningUnit = null;
            var wp = RuleFileReader.Child(at, "warningAge");
            if (c.ContainsKey("warningAge") && r.Object(c["warningAge"], wp, ["amount", "unit"]) is { } w)
            {
                warningAmount = r.PositiveInt(w, wp, "amount", required: true);
                warningUnit = r.OneOf(w, wp, "unit", required: true, ["day", "month"]);
                if (warningAmount is not null && warningUnit is not null && amount is not null && unit is not null
                    && ApproximateDays(warningAmount.Value, warningUnit) >= ApproximateDays(amount.Value, unit))
                {
                    r.Error(wp, "预警线必须低于上限 maxAge");
                }
            }

            if (types.Count > 0 && severity is not null && basis is not null && amount is not null && unit is not null && effective is not null)
            {
                columns.Add(new ColumnFreshnessCheck(
                    types.Select(t => t.Value).ToList(), amount.Value, unit == "month" ? AgeUnit.Month : AgeUnit.Day, severity.Value, basis)
                {
                    Effective = effective,
                    WarningAmount = warningAmount,
                    WarningUnit = warningUnit == "month" ? AgeUnit.Month : AgeUnit.Day,
                });
            }
        }

        BlankColumnCheck? blank = null;
        if (Section(r, root, "blankColumn", required: true, ["enabled", "severity", "basis", "effective"]) is { } b)
        {
            var enabled = r.Bool(b, "/blankColumn", "enabled", required: true);
            var severity = ReadSeverity(r, b, "/blankColumn", Severity.Alert);
            var basis = r.String(b, "/blankColumn", "basis", required: true);
            var effective = r.Effective(b, "/blankColumn");
            if (enabled is not null && severity is not null && basis is not null && effective is not null)
            {
                blank = new BlankColumnCheck(enabled.Value, severity.Value, basis) { Effective = effective };
            }
        }

        var counts = ReadColumnCounts(r, root, ref ok);
        var availability = ReadAvailability(r, root, ref ok);
        var newMedia = ReadNewMedia(r, root, ref ok);
        var links = ReadBrokenLinks(r, root, ref ok);
        var mismatch = ReadDateMismatch(r, root, ref ok);
        var identity = ReadIdentity(r, root, ref ok);
        var meta = ReadMetaTags(r, root, ref ok);

        return homepage is null || blank is null || !ok
            ? null
            : new SiteChecks(homepage, columns, blank)
            {
                ColumnCounts = counts,
                Availability = availability,
                NewMedia = newMedia,
                BrokenLinks = links,
                DateMismatch = mismatch,
                Identity = identity,
                MetaTags = meta,
            };
    }

    private static JsonObject? Section(RuleFileReader r, JsonObject root, string name, bool required, string[] keys)
    {
        if (!root.ContainsKey(name))
        {
            if (required)
            {
                r.Error("/" + name, "缺少必填字段");
            }

            return null;
        }

        return r.Object(root[name], "/" + name, keys);
    }

    /// <summary>Reads <c>warningAbove</c> / <c>vetoAtLeast</c>; the warning line must lie below the veto line.</summary>
    private static CountLines? ReadLines(RuleFileReader r, JsonObject obj, string at)
    {
        var warning = r.PositiveInt(obj, at, "warningAbove", required: false, min: 0);
        var veto = r.PositiveInt(obj, at, "vetoAtLeast", required: true);
        if ((obj.ContainsKey("warningAbove") && warning is null) || veto is null)
        {
            return null;
        }

        if (warning is not null && warning + 1 >= veto)
        {
            r.Error(RuleFileReader.Child(at, "warningAbove"), $"预警线（超过{warning}个）必须低于否决线（{veto}个）");
            return null;
        }

        return new CountLines(warning, veto.Value);
    }

    private static ColumnCountChecks? ReadColumnCounts(RuleFileReader r, JsonObject root, ref bool ok)
    {
        if (Section(r, root, "columnCounts", required: false, ["blank", "stale", "notUpdated"]) is not { } counts)
        {
            ok &= !root.ContainsKey("columnCounts");
            return null;
        }

        ColumnCountLine? blank = null;
        StaleColumnCountLine? stale = null;
        UnupdatedColumnCountLine? notUpdated = null;
        if (counts.ContainsKey("blank"))
        {
            const string at = "/columnCounts/blank";
            if (r.Object(counts["blank"], at, ["warningAbove", "vetoAtLeast", "basis", "effective"]) is { } o
                && ReadLines(r, o, at) is { } lines && r.String(o, at, "basis", required: true) is { } basis && r.Effective(o, at) is { } eff)
            {
                blank = new ColumnCountLine(lines, basis) { Effective = eff };
            }
            else
            {
                ok = false;
            }
        }

        if (counts.ContainsKey("stale"))
        {
            const string at = "/columnCounts/stale";
            if (r.Object(counts["stale"], at, ["columnTypes", "warningAbove", "vetoAtLeast", "basis", "effective"]) is { } o
                && r.Strings(o, at, "columnTypes", required: true, nonEmpty: true) is { Count: > 0 } types
                && ReadLines(r, o, at) is { } lines && r.String(o, at, "basis", required: true) is { } basis && r.Effective(o, at) is { } eff)
            {
                stale = new StaleColumnCountLine(types.Select(t => t.Value).ToList(), lines, basis) { Effective = eff };
            }
            else
            {
                ok = false;
            }
        }

        if (counts.ContainsKey("notUpdated"))
        {
            const string at = "/columnCounts/notUpdated";
            if (r.Object(counts["notUpdated"], at, ["includeBlank", "warningAbove", "vetoAtLeast", "basis", "effective"]) is { } o
                && ReadLines(r, o, at) is { } lines && r.String(o, at, "basis", required: true) is { } basis && r.Effective(o, at) is { } eff)
            {
                var includeBlank = r.Bool(o, at, "includeBlank", required: false) ?? true;
                notUpdated = new UnupdatedColumnCountLine(includeBlank, lines, basis) { Effective = eff };
            }
            else
            {
                ok = false;
            }
        }

        return new ColumnCountChecks(blank, stale, notUpdated);
    }

    private static AvailabilityCheck? ReadAvailability(RuleFileReader r, JsonObject root, ref bool ok)
    {
        const string at = "/availability";
        if (Section(r, root, "availability", required: false,
            ["probesPerDay", "timeoutSeconds", "windowDays", "warningPercent", "vetoPercent", "basis", "effective"]) is not { } a)
        {
            ok &= !root.ContainsKey("availability");
            return null;
        }

        var probes = r.PositiveInt(a, at, "probesPerDay", required: true);
        var timeout = r.PositiveInt(a, at, "timeoutSeconds", required: true);
        var window = r.PositiveInt(a, at, "windowDays", required: true);
        var warning = Percent(r, a, at, "warningPercent");
        var veto = Percent(r, a, at, "vetoPercent");
        var basis = r.String(a, at, "basis", required: true);
        var eff = r.Effective(a, at);
        if (warning is not null && veto is not null && warning >= veto)
        {
            r.Error(RuleFileReader.Child(at, "warningPercent"), $"预警线（{warning}%）必须低于否决线（{veto}%）");
            ok = false;
            return null;
        }

        if (probes is null || timeout is null || window is null || warning is null || veto is null || basis is null || eff is null)
        {
            ok = false;
            return null;
        }

        return new AvailabilityCheck(probes.Value, timeout.Value, window.Value, warning.Value, veto.Value, basis) { Effective = eff };
    }

    private static double? Percent(RuleFileReader r, JsonObject obj, string at, string name)
    {
        var pointer = RuleFileReader.Child(at, name);
        if (!obj.ContainsKey(name))
        {
            r.Error(pointer, "缺少必填字段");
            return null;
        }

        // The YAML tree keeps integers as long and decimals as double.
        if (obj[name] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number)
        {
            double? d = v.TryGetValue<long>(out var whole) ? whole : v.TryGetValue<double>(out var fraction) ? fraction : null;
            if (d is > 0 and <= 100)
            {
                return d;
            }
        }

        r.Error(pointer, "必须是 0 到 100 之间的百分数（不含 0）");
        return null;
    }

    private static NewMediaCheck? ReadNewMedia(RuleFileReader r, JsonObject root, ref bool ok)
    {
        const string at = "/newMedia";
        if (Section(r, root, "newMedia", required: false, ["platforms", "maxAgeDays", "warningAgeDays", "basis", "effective"]) is not { } n)
        {
            ok &= !root.ContainsKey("newMedia");
            return null;
        }

        var platforms = r.Strings(n, at, "platforms", required: true, nonEmpty: true);
        var maxAge = r.PositiveInt(n, at, "maxAgeDays", required: true);
        var warningAge = r.PositiveInt(n, at, "warningAgeDays", required: false);
        var basis = r.String(n, at, "basis", required: true);
        var eff = r.Effective(n, at);
        if (warningAge is not null && maxAge is not null && warningAge >= maxAge)
        {
            r.Error(RuleFileReader.Child(at, "warningAgeDays"), $"预警线（{warningAge}天）必须低于否决线 maxAgeDays（{maxAge}天）");
            ok = false;
            return null;
        }

        if (platforms.Count == 0 || maxAge is null || basis is null || eff is null || (n.ContainsKey("warningAgeDays") && warningAge is null))
        {
            ok = false;
            return null;
        }

        return new NewMediaCheck(platforms.Select(p => p.Value).ToList(), maxAge.Value, warningAge, basis) { Effective = eff };
    }

    private static BrokenLinkCheck? ReadBrokenLinks(RuleFileReader r, JsonObject root, ref bool ok)
    {
        const string at = "/brokenLinks";
        if (Section(r, root, "brokenLinks", required: false, ["homepageSeverity", "innerPageSeverity", "basis", "effective"]) is not { } b)
        {
            ok &= !root.ContainsKey("brokenLinks");
            return null;
        }

        var home = ReadSeverity(r, b, at, Severity.Notice, "homepageSeverity");
        var inner = ReadSeverity(r, b, at, Severity.Notice, "innerPageSeverity");
        var basis = r.String(b, at, "basis", required: true);
        var eff = r.Effective(b, at);
        if (home is null || inner is null || basis is null || eff is null)
        {
            ok = false;
            return null;
        }

        return new BrokenLinkCheck(home.Value, inner.Value, basis) { Effective = eff };
    }

    private static DateMismatchCheck? ReadDateMismatch(RuleFileReader r, JsonObject root, ref bool ok)
    {
        const string at = "/dateMismatch";
        if (Section(r, root, "dateMismatch", required: false, ["severity", "basis", "effective"]) is not { } d)
        {
            ok &= !root.ContainsKey("dateMismatch");
            return null;
        }

        var severity = ReadSeverity(r, d, at, Severity.Warning);
        var basis = r.String(d, at, "basis", required: true);
        var eff = r.Effective(d, at);
        if (severity is null || basis is null || eff is null)
        {
            ok = false;
            return null;
        }

        return new DateMismatchCheck(severity.Value, basis) { Effective = eff };
    }

    private static IdentityCheck? ReadIdentity(RuleFileReader r, JsonObject root, ref bool ok)
    {
        const string at = "/identity";
        if (Section(r, root, "identity", required: false, ["elements", "basis", "effective"]) is not { } i)
        {
            ok &= !root.ContainsKey("identity");
            return null;
        }

        var names = r.Strings(i, at, "elements", required: true, nonEmpty: true);
        var elements = new List<IdentityElement>();
        foreach (var (name, pointer) in names)
        {
            var index = Array.IndexOf(IdentityNames, name);
            if (index < 0)
            {
                r.Error(pointer, $"取值“{name}”无效，必须是以下之一：{string.Join("、", IdentityNames)}");
                ok = false;
            }
            else if (elements.Contains((IdentityElement)index))
            {
                r.Error(pointer, $"标识要素“{name}”重复");
                ok = false;
            }
            else
            {
                elements.Add((IdentityElement)index);
            }
        }

        var basis = r.String(i, at, "basis", required: true);
        var eff = r.Effective(i, at);
        if (elements.Count == 0 || basis is null || eff is null)
        {
            ok = false;
            return null;
        }

        return new IdentityCheck(elements, basis) { Effective = eff };
    }

    private static MetaTagCheck? ReadMetaTags(RuleFileReader r, JsonObject root, ref bool ok)
    {
        const string at = "/metaTags";
        if (Section(r, root, "metaTags", required: false, ["sitePages", "columnPages", "articlePages", "basis", "effective"]) is not { } m)
        {
            ok &= !root.ContainsKey("metaTags");
            return null;
        }

        var site = r.Strings(m, at, "sitePages", required: true, nonEmpty: true);
        var column = r.Strings(m, at, "columnPages", required: true, nonEmpty: true);
        var article = r.Strings(m, at, "articlePages", required: true, nonEmpty: true);
        var basis = r.String(m, at, "basis", required: true);
        var eff = r.Effective(m, at);
        if (site.Count == 0 || column.Count == 0 || article.Count == 0 || basis is null || eff is null)
        {
            ok = false;
            return null;
        }

        return new MetaTagCheck(site.Select(s => s.Value).ToList(), column.Select(s => s.Value).ToList(), article.Select(s => s.Value).ToList(), basis)
        {
            Effective = eff,
        };
    }

    private static Severity? ReadSeverity(RuleFileReader r, JsonObject obj, string at, Severity fallback, string key = "severity")
    {
        if (!obj.ContainsKey(key))
        {
            return fallback;
        }

        return r.OneOf(obj, at, key, required: true, Severities) switch
        {
            "notice" => Severity.Notice,
            "warning" => Severity.Warning,
            "alert" => Severity.Alert,
            "veto" => Severity.Veto,
            _ => null,
        };
    }

    /// <summary>Reads <c>ruleset.yaml</c>: version, effective date, name, time zone and the version history.</summary>
    public static RuleSetHeader? ReadHeader(RuleFileReader r)
    {
        var root = r.Object(r.Tree.Root, "", ["version", "effective", "name", "timeZone", "versions"]);
        if (root is null)
        {
            return null;
        }

        var version = r.String(root, "", "version", required: true);
        var effective = r.Date(root, "", "effective", required: true);
        var name = r.String(root, "", "name", required: true);
        var zone = r.OneOf(root, "", "timeZone", required: true, ["Asia/Shanghai"]);
        var history = new List<RuleSetVersion>();
        var ok = true;
        var array = r.Array(root, "", "versions", required: false, nonEmpty: true);
        for (var i = 0; array is not null && i < array.Count; i++)
        {
            var at = RuleFileReader.Child("/versions", i);
            if (r.Object(array[i], at, ["version", "effective", "notes"]) is { } v
                && r.String(v, at, "version", required: true) is { } ver
                && r.Date(v, at, "effective", required: true) is { } eff
                && r.String(v, at, "notes", required: true) is { } notes)
            {
                if (history.Count > 0 && eff <= history[^1].Effective)
                {
                    r.Error(RuleFileReader.Child(at, "effective"), "版本必须按生效日期从早到晚排列，且生效日期不能相同");
                    ok = false;
                }

                if (history.Any(h => h.Version == ver))
                {
                    r.Error(RuleFileReader.Child(at, "version"), $"版本“{ver}”重复");
                    ok = false;
                }

                history.Add(new RuleSetVersion(ver, eff, notes));
            }
            else
            {
                ok = false;
            }
        }

        if (version is null || effective is null || name is null || zone is null || !ok)
        {
            return null;
        }

        if (array is null)
        {
            // No history written: the header is the only version.
            history.Add(new RuleSetVersion(version, effective.Value, name));
        }
        else if (history.Count > 0 && (history[^1].Version != version || history[^1].Effective != effective))
        {
            r.Error("/versions", $"最后一个版本必须是当前版本 {version}（生效日期 {Evaluator.D(effective.Value)}）");
            return null;
        }

        return new RuleSetHeader(version, effective.Value, name, zone, history);
    }

    /// <summary>Days of an age for comparing lines of different units (a month counts as 30 days).</summary>
    private static int ApproximateDays(int amount, string unit) => unit == "month" ? amount * 30 : amount;
}

/// <summary>The header of <c>ruleset.yaml</c>.</summary>
internal sealed record RuleSetHeader(string Version, DateOnly Effective, string Name, string TimeZone, IReadOnlyList<RuleSetVersion> Versions);
