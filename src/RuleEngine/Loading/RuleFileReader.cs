using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Monitor.RuleEngine.Loading;

/// <summary>
/// Typed access to one parsed rule file. Every accessor reports what is wrong (with the line of the
/// offending key) and returns null instead of throwing, so one pass collects all errors of a file.
/// Objects are read with their allowed keys: anything else is an error, never silently dropped.
/// </summary>
internal sealed class RuleFileReader(string displayPath, YamlTree tree, List<RuleLoadError> errors)
{
    /// <summary>Gives the catalog item id for a pointer inside an item (set by the catalog reader).</summary>
    public Func<string, string?> RuleIdOf { get; set; } = _ => null;

    public string DisplayPath => displayPath;

    public YamlTree Tree => tree;

    public void Error(string pointer, string message)
    {
        // The line is that of the key itself or, when the key is missing, of its nearest parent.
        var location = tree.Locate(pointer);
        errors.Add(new RuleLoadError(displayPath, location.Line, location.Column, DisplayKey(pointer), RuleIdOf(pointer), message));
    }

    /// <summary>Turns <c>/items/3/deadline/days</c> into <c>items[3].deadline.days</c>.</summary>
    public static string DisplayKey(string pointer)
    {
        var result = "";
        foreach (var raw in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            result += int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out _)
                ? $"[{segment}]"
                : result.Length == 0 ? segment : "." + segment;
        }

        return result;
    }

    public static string Child(string pointer, string name) =>
        pointer + "/" + name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    public static string Child(string pointer, int index) => pointer + "/" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads a mapping, reporting keys outside <paramref name="allowed"/>.</summary>
    public JsonObject? Object(JsonNode? node, string pointer, IReadOnlyCollection<string> allowed)
    {
        if (node is not JsonObject obj)
        {
            Error(pointer, "必须是映射（键: 值）");
            return null;
        }

        foreach (var (name, _) in obj)
        {
            if (!allowed.Contains(name))
            {
                Error(Child(pointer, name), $"未知字段“{name}”（允许的字段：{string.Join("、", allowed)}）");
            }
        }

        return obj;
    }

    public JsonArray? Array(JsonObject obj, string pointer, string name, bool required, bool nonEmpty = false)
    {
        var at = Child(pointer, name);
        if (!obj.TryGetPropertyValue(name, out var node) || node is null)
        {
            if (required)
            {
                Error(at, "缺少必填字段");
            }

            return null;
        }

        if (node is not JsonArray array)
        {
            Error(at, "必须是列表");
            return null;
        }

        if (nonEmpty && array.Count == 0)
        {
            Error(at, "列表不能为空");
        }

        return array;
    }

    public string? String(JsonObject obj, string pointer, string name, bool required)
    {
        var at = Child(pointer, name);
        if (!obj.TryGetPropertyValue(name, out var node) || node is null)
        {
            if (required)
            {
                Error(at, "缺少必填字段");
            }

            return null;
        }

        return StringValue(node, at);
    }

    public string? StringValue(JsonNode? node, string at)
    {
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            var text = value.GetValue<string>();
            if (string.IsNullOrWhiteSpace(text))
            {
                Error(at, "不能为空");
                return null;
            }

            return text;
        }

        Error(at, "必须是字符串");
        return null;
    }

    public int? PositiveInt(JsonObject obj, string pointer, string name, bool required, int min = 1, int max = int.MaxValue)
    {
        var at = Child(pointer, name);
        if (!obj.TryGetPropertyValue(name, out var node) || node is null)
        {
            if (required)
            {
                Error(at, "缺少必填字段");
            }

            return null;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var number))
        {
            if (number < min || number > max)
            {
                Error(at, RangeMessage(min, max));
                return null;
            }

            return (int)number;
        }

        Error(at, RangeMessage(min, max));
        return null;
    }

    private static string RangeMessage(int min, int max) => (min, max) switch
    {
        (1, int.MaxValue) => "必须是正整数",
        (0, int.MaxValue) => "必须是非负整数",
        _ => $"必须是 {min} 到 {max} 之间的整数",
    };

    public bool? Bool(JsonObject obj, string pointer, string name, bool required)
    {
        var at = Child(pointer, name);
        if (!obj.TryGetPropertyValue(name, out var node) || node is null)
        {
            if (required)
            {
                Error(at, "缺少必填字段");
            }

            return null;
        }

        if (node is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetValue<bool>();
        }

        Error(at, "必须是 true 或 false");
        return null;
    }

    /// <summary>Reads a string that must be one of <paramref name="allowed"/>.</summary>
    public string? OneOf(JsonObject obj, string pointer, string name, bool required, IReadOnlyList<string> allowed)
    {
        var text = String(obj, pointer, name, required);
        if (text is not null && !allowed.Contains(text, StringComparer.Ordinal))
        {
            Error(Child(pointer, name), $"取值“{text}”无效，必须是以下之一：{string.Join("、", allowed)}");
            return null;
        }

        return text;
    }

    public DateOnly? Date(JsonObject obj, string pointer, string name, bool required)
    {
        var text = String(obj, pointer, name, required);
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Error(Child(pointer, name), $"日期“{text}”无效，格式应为 yyyy-MM-dd");
        return null;
    }

    /// <summary>
    /// Reads the optional <c>effective: {from, to}</c> of a rule (both dates optional and inclusive);
    /// <see cref="Rules.EffectivePeriod.Always"/> when absent, null when it is malformed.
    /// </summary>
    public Rules.EffectivePeriod? Effective(JsonObject obj, string pointer)
    {
        if (!obj.ContainsKey("effective"))
        {
            return Rules.EffectivePeriod.Always;
        }

        var at = Child(pointer, "effective");
        if (Object(obj["effective"], at, ["from", "to"]) is not { } e)
        {
            return null;
        }

        var from = Date(e, at, "from", required: false);
        var to = Date(e, at, "to", required: false);
        if ((e.ContainsKey("from") && from is null) || (e.ContainsKey("to") && to is null))
        {
            return null;
        }

        if (from is null && to is null)
        {
            Error(at, "effective 至少需要 from 或 to 之一");
            return null;
        }

        if (from > to)
        {
            Error(Child(at, "to"), $"结束日期 {to!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} 早于开始日期 {from!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
            return null;
        }

        return new Rules.EffectivePeriod(from, to);
    }

    /// <summary>A list of non-empty strings.</summary>
    public IReadOnlyList<(string Value, string Pointer)> Strings(JsonObject obj, string pointer, string name, bool required, bool nonEmpty)
    {
        var array = Array(obj, pointer, name, required, nonEmpty);
        var result = new List<(string, string)>();
        if (array is null)
        {
            return result;
        }

        for (var i = 0; i < array.Count; i++)
        {
            var at = Child(Child(pointer, name), i);
            if (StringValue(array[i], at) is { } text)
            {
                result.Add((text, at));
            }
        }

        return result;
    }
}
