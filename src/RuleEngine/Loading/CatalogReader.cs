using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Monitor.RuleEngine.Rules;

namespace Monitor.RuleEngine.Loading;

/// <summary>Typed reading of one <c>rules/catalog/&lt;area&gt;.yaml</c> file (after its schema check).</summary>
internal static class CatalogReader
{
    private static readonly string[] TopKeys = ["area", "name", "guideline", "items"];

    private static readonly string[] ItemKeys =
    [
        "id", "level1", "level2", "level3", "status", "note", "elements", "basis", "deadline", "presence",
        "subject", "channels", "audience", "mode", "level", "machineCheckable", "match", "effective",
    ];

    private static readonly string[] ElementKeys = ["name", "required", "find"];
    private static readonly string[] FindKeys = ["patterns", "field"];
    private static readonly string[] ChannelKeys = ["name", "required"];
    private static readonly string[] MatchKeys = ["titles", "excludeTitles"];
    private static readonly string[] Events = ["formed", "changed", "approved", "decided", "received", "survey-finished"];
    private static readonly string[] Presences = ["standing", "per-period", "per-document"];
    private static readonly string[] Fields = ["title", "documentNumber", "publisher", "writtenDate", "publishedAt", "indexNumber", "body"];

    /// <summary>Regex used for titles and elements: culture-invariant, bounded in time because crawled text is untrusted.</summary>
    internal static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(250);

    public static CatalogArea? Read(RuleFileReader r, int firstOrder)
    {
        var root = r.Object(r.Tree.Root, "", TopKeys);
        if (root is null)
        {
            return null;
        }

        r.RuleIdOf = pointer => ItemIdAt(root, pointer);
        var area = r.String(root, "", "area", required: true);
        var name = r.String(root, "", "name", required: true);
        var guideline = r.String(root, "", "guideline", required: true);
        var items = new List<CatalogItem>();
        var array = r.Array(root, "", "items", required: true, nonEmpty: true);
        if (array is not null)
        {
            for (var i = 0; i < array.Count; i++)
            {
                if (ReadItem(r, array[i], RuleFileReader.Child("/items", i), area ?? "", firstOrder + items.Count) is { } item)
                {
                    items.Add(item);
                }
            }
        }

        return area is null || name is null || guideline is null ? null : new CatalogArea(area, name, guideline, r.DisplayPath, items);
    }

    private static string? ItemIdAt(JsonObject root, string pointer)
    {
        var parts = pointer.Split('/');
        if (parts.Length < 3 || parts[1] != "items" || !int.TryParse(parts[2], out var index))
        {
            return null;
        }

        return root["items"] is JsonArray items && index < items.Count && items[index] is JsonObject item
            && item["id"] is JsonValue id && id.TryGetValue<string>(out var text) ? text : null;
    }

    private static CatalogItem? ReadItem(RuleFileReader r, JsonNode? node, string at, string area, int order)
    {
        var obj = r.Object(node, at, ItemKeys);
        if (obj is null)
        {
            return null;
        }

        var id = r.String(obj, at, "id", required: true);
        var level1 = r.String(obj, at, "level1", required: true);
        var level2 = r.String(obj, at, "level2", required: true);
        var level3 = r.String(obj, at, "level3", required: false);
        var status = r.OneOf(obj, at, "status", required: true, ["verified", "derived"]);
        var note = r.String(obj, at, "note", required: false);
        if (status == "derived" && note is null)
        {
            r.Error(RuleFileReader.Child(at, "note"), "status 为 derived 时必须在 note 中说明推定理由");
        }

        var elements = ReadElements(r, obj, at);
        var basis = r.Strings(obj, at, "basis", required: true, nonEmpty: true).Select(b => b.Value).ToList();
        var deadline = ReadDeadline(r, obj, at);
        var presenceText = r.OneOf(obj, at, "presence", required: false, Presences);
        var subject = r.String(obj, at, "subject", required: true);
        var channels = ReadChannels(r, obj, at);
        var audience = r.OneOf(obj, at, "audience", required: true, ["全社会", "特定群体"]);
        var mode = r.OneOf(obj, at, "mode", required: true, ["主动", "依申请"]);
        var levels = r.Strings(obj, at, "level", required: true, nonEmpty: true);
        foreach (var (value, pointer) in levels.Where(l => l.Value is not ("县级" or "乡级")))
        {
            r.Error(pointer, $"取值“{value}”无效，必须是以下之一：县级、乡级");
        }

        var machineCheckable = r.Bool(obj, at, "machineCheckable", required: false) ?? true;
        var match = ReadMatch(r, obj, at);
        var effective = r.Effective(obj, at);

        if (id is null || level1 is null || level2 is null || status is null || deadline is null || subject is null
            || audience is null || mode is null || match is null || elements is null || effective is null)
        {
            return null;
        }

        var presence = presenceText switch
        {
            "standing" => Presence.Standing,
            "per-period" => Presence.PerPeriod,
            "per-document" => Presence.PerDocument,
            _ => deadline.DefaultPresence,
        };
        if (presence == Presence.PerPeriod && deadline is not (AnnualBy or Periodic))
        {
            r.Error(RuleFileReader.Child(at, "presence"), "per-period 只能用于 annual-by 或 periodic 期限");
            return null;
        }

        return new CatalogItem(
            id, area, order, level1, level2, level3,
            status == "derived" ? Provenance.Derived : Provenance.Verified,
            note, elements, basis, deadline, presence, subject, channels, audience, mode,
            levels.Select(l => l.Value).ToList(), machineCheckable, match)
        {
            Effective = effective,
        };
    }

    private static List<ItemElement>? ReadElements(RuleFileReader r, JsonObject obj, string at)
    {
        var array = r.Array(obj, at, "elements", required: true);
        if (array is null)
        {
            return null;
        }

        var result = new List<ItemElement>();
        var ok = true;
        for (var i = 0; i < array.Count; i++)
        {
            var ep = RuleFileReader.Child(RuleFileReader.Child(at, "elements"), i);
            var e = r.Object(array[i], ep, ElementKeys);
            if (e is null)
            {
                ok = false;
                continue;
            }

            var name = r.String(e, ep, "name", required: true);
            var required = r.Bool(e, ep, "required", required: true);
            var fp = RuleFileReader.Child(ep, "find");
            ElementFind? find = null;
            if (!e.ContainsKey("find"))
            {
                r.Error(fp, "缺少必填字段");
            }
            else if (r.Object(e["find"], fp, FindKeys) is { } f)
            {
                var patterns = f.ContainsKey("patterns") ? Regexes(r, f, fp, "patterns") : [];
                var fieldText = r.OneOf(f, fp, "field", required: false, Fields);
                if (!f.ContainsKey("patterns") && !f.ContainsKey("field"))
                {
                    r.Error(fp, "find 至少需要 patterns 或 field 之一");
                }
                else if (patterns is not null && (fieldText is not null || !f.ContainsKey("field")))
                {
                    find = new ElementFind(patterns, fieldText is null ? null : Enum.Parse<DocumentField>(fieldText, ignoreCase: true));
                }
            }

            if (name is null || required is null || find is null)
            {
                ok = false;
                continue;
            }

            result.Add(new ItemElement(name, required.Value, find));
        }

        return ok ? result : null;
    }

    private static List<Channel> ReadChannels(RuleFileReader r, JsonObject obj, string at)
    {
        var result = new List<Channel>();
        var array = r.Array(obj, at, "channels", required: true);
        for (var i = 0; array is not null && i < array.Count; i++)
        {
            var cp = RuleFileReader.Child(RuleFileReader.Child(at, "channels"), i);
            if (r.Object(array[i], cp, ChannelKeys) is { } c
                && r.String(c, cp, "name", required: true) is { } name
                && r.Bool(c, cp, "required", required: true) is { } required)
            {
                result.Add(new Channel(name, required));
            }
        }

        return result;
    }

    private static ItemMatch? ReadMatch(RuleFileReader r, JsonObject obj, string at)
    {
        var mp = RuleFileReader.Child(at, "match");
        if (!obj.ContainsKey("match"))
        {
            r.Error(mp, "缺少必填字段");
            return null;
        }

        var m = r.Object(obj["match"], mp, MatchKeys);
        if (m is null)
        {
            return null;
        }

        if (!m.ContainsKey("titles"))
        {
            r.Error(RuleFileReader.Child(mp, "titles"), "缺少必填字段");
            return null;
        }

        var titles = Regexes(r, m, mp, "titles");
        var excluded = m.ContainsKey("excludeTitles") ? Regexes(r, m, mp, "excludeTitles") : [];
        return titles is null || excluded is null ? null : new ItemMatch(titles, excluded);
    }

    private static List<Regex>? Regexes(RuleFileReader r, JsonObject obj, string at, string name)
    {
        var texts = r.Strings(obj, at, name, required: true, nonEmpty: true);
        var result = new List<Regex>();
        var ok = obj[name] is JsonArray array && texts.Count == array.Count && texts.Count > 0;
        foreach (var (text, pointer) in texts)
        {
            try
            {
                result.Add(new Regex(text, RegexOptions.CultureInvariant, RegexTimeout));
            }
            catch (ArgumentException e)
            {
                r.Error(pointer, $"正则表达式“{text}”无效：{e.Message}");
                ok = false;
            }
        }

        return ok ? result : null;
    }

    private static Deadline? ReadDeadline(RuleFileReader r, JsonObject obj, string at)
    {
        var dp = RuleFileReader.Child(at, "deadline");
        if (!obj.ContainsKey("deadline"))
        {
            r.Error(dp, "缺少必填字段");
            return null;
        }

        if (obj["deadline"] is not JsonObject d)
        {
            r.Error(dp, "必须是映射（键: 值）");
            return null;
        }

        var kind = r.String(d, dp, "kind", required: true);
        if (kind is null)
        {
            return null;
        }

        switch (kind)
        {
            case "working-days-after":
                r.Object(d, dp, ["kind", "days", "event"]);
                var days = r.PositiveInt(d, dp, "days", required: true);
                var ev = r.OneOf(d, dp, "event", required: true, Events);
                return days is null || ev is null ? null : new WorkingDaysAfter(days.Value, ev);

            case "days-after":
                r.Object(d, dp, ["kind", "days", "event"]);
                var calendarDays = r.PositiveInt(d, dp, "days", required: true);
                var calendarEvent = r.OneOf(d, dp, "event", required: true, Events);
                return calendarDays is null || calendarEvent is null ? null : new DaysAfter(calendarDays.Value, calendarEvent);

            case "display-at-least":
                r.Object(d, dp, ["kind", "days", "unit"]);
                var displayDays = r.PositiveInt(d, dp, "days", required: true);
                var unit = r.OneOf(d, dp, "unit", required: true, ["calendar", "working"]);
                return displayDays is null || unit is null
                    ? null
                    : new DisplayAtLeast(displayDays.Value, unit == "working" ? DayUnit.Working : DayUnit.Calendar);

            case "annual-by":
                r.Object(d, dp, ["kind", "month", "day"]);
                var month = r.PositiveInt(d, dp, "month", required: true, 1, 12);
                var day = r.PositiveInt(d, dp, "day", required: true, 1, 31);
                if (month is null || day is null)
                {
                    return null;
                }

                // 2 月 29 日 does not exist every year, so it cannot be a yearly due date.
                if (day > DateTime.DaysInMonth(2023, month.Value))
                {
                    r.Error(RuleFileReader.Child(dp, "day"), $"{month}月没有{day}日（每年都须存在的日期）");
                    return null;
                }

                return new AnnualBy(month.Value, day.Value);

            case "periodic":
                r.Object(d, dp, ["kind", "every", "withinWorkingDays"]);
                var every = r.OneOf(d, dp, "every", required: true, ["month", "quarter", "year"]);
                var within = r.PositiveInt(d, dp, "withinWorkingDays", required: true, 0);
                return every is null || within is null
                    ? null
                    : new Periodic(Enum.Parse<PeriodUnit>(every, ignoreCase: true), within.Value);

            case "with-publication":
                r.Object(d, dp, ["kind", "with"]);
                var with = r.String(d, dp, "with", required: true);
                return with is null ? null : new WithPublication(with);

            case "asap":
                r.Object(d, dp, ["kind"]);
                return new Asap();

            default:
                r.Error(RuleFileReader.Child(dp, "kind"), $"未知的期限类型“{kind}”（可用：{string.Join("、", Deadline.KindNames)}）");
                return null;
        }
    }
}
