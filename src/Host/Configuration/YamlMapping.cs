using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Monitor.Host.Configuration;

/// <summary>A config file problem, named by file, line and key so an operator can fix it at once.</summary>
internal sealed record ConfigError(string File, int Line, int Column, string Key, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Key}: {Message}";
}

/// <summary>Thrown when a deployment's config cannot be loaded; carries every error found, not just the first.</summary>
internal sealed class ConfigException(IReadOnlyList<ConfigError> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<ConfigError> Errors { get; } = errors;
}

/// <summary>
/// Strict reading of one YAML mapping: every key must be consumed, so a misspelt or unknown key is
/// an error with its line instead of being silently dropped.
/// </summary>
internal sealed class YamlMapping
{
    private readonly YamlMappingNode node;
    private readonly string file;
    private readonly string path;
    private readonly List<ConfigError> errors;
    private readonly HashSet<string> consumed = new(StringComparer.Ordinal);

    public YamlMapping(YamlMappingNode node, string file, string path, List<ConfigError> errors)
    {
        this.node = node;
        this.file = file;
        this.path = path;
        this.errors = errors;
    }

    public static YamlMapping? LoadFile(string fullPath, string displayName, List<ConfigError> errors)
    {
        if (!File.Exists(fullPath))
        {
            errors.Add(new ConfigError(displayName, 0, 0, "(file)", "文件不存在"));
            return null;
        }

        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(fullPath);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            errors.Add(new ConfigError(displayName, (int)e.Start.Line, (int)e.Start.Column, "(syntax)", "YAML 语法错误：" + e.Message));
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            errors.Add(new ConfigError(displayName, 1, 1, "(root)", "文件顶层必须是键值映射"));
            return null;
        }

        return new YamlMapping(root, displayName, "", errors);
    }

    public string FileName => file;

    private string KeyPath(string key) => path.Length == 0 ? key : $"{path}.{key}";

    private YamlNode? Get(string key)
    {
        consumed.Add(key);
        return node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
    }

    private void Error(YamlNode at, string key, string message) =>
        errors.Add(new ConfigError(file, (int)at.Start.Line, (int)at.Start.Column, KeyPath(key), message));

    private void Missing(string key) =>
        errors.Add(new ConfigError(file, (int)node.Start.Line, (int)node.Start.Column, KeyPath(key), "缺少必填项"));

    public string? String(string key, bool required = false)
    {
        var value = Get(key);
        if (value is null)
        {
            if (required)
            {
                Missing(key);
            }

            return null;
        }

        if (value is not YamlScalarNode scalar || scalar.Value is null)
        {
            Error(value, key, "应为文本");
            return null;
        }

        if (required && string.IsNullOrWhiteSpace(scalar.Value))
        {
            Error(value, key, "不能为空");
            return null;
        }

        return scalar.Value;
    }

    public int? Int(string key, int min, int max)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            Error(node.Children[new YamlScalarNode(key)], key, $"应为 {min} 到 {max} 之间的整数");
            return null;
        }

        return value;
    }

    public bool? Bool(string key)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        if (!bool.TryParse(text, out var value))
        {
            Error(node.Children[new YamlScalarNode(key)], key, "应为 true 或 false");
            return null;
        }

        return value;
    }

    /// <summary>A duration written as <c>15s</c>, <c>500ms</c>, <c>2m</c>, <c>1h</c> or <c>hh:mm:ss</c>.</summary>
    public TimeSpan? Duration(string key)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        if (TryParseDuration(text, out var value))
        {
            return value;
        }

        Error(node.Children[new YamlScalarNode(key)], key, "应为时长，例如 15s、500ms、2m 或 00:00:15");
        return null;
    }

    public T? Enum<T>(string key, IReadOnlyDictionary<string, T> values, bool required = false)
        where T : struct
    {
        var text = String(key, required);
        if (text is null)
        {
            return null;
        }

        if (values.TryGetValue(text, out var value))
        {
            return value;
        }

        Error(node.Children[new YamlScalarNode(key)], key, $"取值应为 {string.Join(" / ", values.Keys)} 之一");
        return null;
    }

    public IReadOnlyList<string> Strings(string key)
    {
        var value = Get(key);
        if (value is null)
        {
            return [];
        }

        if (value is not YamlSequenceNode sequence)
        {
            Error(value, key, "应为列表");
            return [];
        }

        var list = new List<string>();
        foreach (var item in sequence)
        {
            if (item is YamlScalarNode { Value: { } text } && text.Length > 0)
            {
                list.Add(text);
            }
            else
            {
                Error(item, key, "列表项应为文本");
            }
        }

        return list;
    }

    public YamlMapping? Mapping(string key, bool required = false)
    {
        var value = Get(key);
        if (value is null)
        {
            if (required)
            {
                Missing(key);
            }

            return null;
        }

        if (value is not YamlMappingNode mapping)
        {
            Error(value, key, "应为键值映射");
            return null;
        }

        return new YamlMapping(mapping, file, KeyPath(key), errors);
    }

    public IReadOnlyList<YamlMapping> Mappings(string key, bool required = false)
    {
        var value = Get(key);
        if (value is null)
        {
            if (required)
            {
                Missing(key);
            }

            return [];
        }

        if (value is not YamlSequenceNode sequence)
        {
            Error(value, key, "应为列表");
            return [];
        }

        var list = new List<YamlMapping>();
        var index = 0;
        foreach (var item in sequence)
        {
            if (item is YamlMappingNode mapping)
            {
                list.Add(new YamlMapping(mapping, file, $"{KeyPath(key)}[{index}]", errors));
            }
            else
            {
                Error(item, $"{key}[{index}]", "列表项应为键值映射");
            }

            index++;
        }

        return list;
    }

    /// <summary>Reports every key of this mapping that no reader asked for.</summary>
    public void RejectUnknownKeys()
    {
        foreach (var (key, _) in node.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "?";
            if (!consumed.Contains(name))
            {
                errors.Add(new ConfigError(file, (int)key.Start.Line, (int)key.Start.Column, KeyPath(name), "未知配置项（拼写错误？）"));
            }
        }
    }

    public void AddError(string key, string message) =>
        errors.Add(new ConfigError(file, (int)node.Start.Line, (int)node.Start.Column, KeyPath(key), message));

    internal static bool TryParseDuration(string text, out TimeSpan value)
    {
        text = text.Trim();
        (string suffix, double factorMs)[] units = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)];
        foreach (var (suffix, factor) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                && number >= 0)
            {
                value = TimeSpan.FromMilliseconds(number * factor);
                return true;
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;
    }
}
