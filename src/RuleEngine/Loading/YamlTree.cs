using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Monitor.RuleEngine.Loading;

/// <summary>Where a node of a YAML file is: 1-based line/column and the display key path.</summary>
internal sealed record NodeLocation(int Line, int Column, string Key);

/// <summary>
/// A YAML file converted to a <see cref="JsonNode"/> (so the JSON Schema can evaluate it) together
/// with a JSON-pointer → location map, so that every error, from the schema or from the typed
/// reader, can name its line. Mapping entries are located at their key, sequence entries at the entry.
/// </summary>
internal sealed partial class YamlTree
{
    private readonly Dictionary<string, NodeLocation> locations;

    private YamlTree(JsonNode? root, Dictionary<string, NodeLocation> locations)
    {
        Root = root;
        this.locations = locations;
    }

    public JsonNode? Root { get; }

    /// <summary>The location of a pointer, or of its nearest located ancestor.</summary>
    public NodeLocation Locate(string pointer)
    {
        var p = pointer;
        while (true)
        {
            if (locations.TryGetValue(p, out var location))
            {
                return location;
            }

            if (p.Length == 0)
            {
                return new NodeLocation(1, 1, "");
            }

            p = p[..p.LastIndexOf('/')];
        }
    }

    /// <summary>Parses YAML text; a syntax error is returned as (line, column, message) instead of thrown.</summary>
    public static (YamlTree? Tree, (int Line, int Column, string Message)? Error) Parse(string text)
    {
        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(text));
        try
        {
            stream.Load(new Parser(scanner));
        }
        catch (YamlException e)
        {
            // YamlDotNet marks are 1-based already.
            var message = e.InnerException?.Message ?? e.Message;
            return (null, ((int)e.Start.Line, (int)e.Start.Column, $"YAML 语法错误：{Strip(message)}"));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner can fail this way on some malformed flow collections (e.g. an
            // unclosed "{"); the scanner's position is where it gave up.
            var at = scanner.CurrentPosition;
            return (null, ((int)at.Line, (int)at.Column, "YAML 语法错误：结构不完整（可能缺少右括号或引号）"));
        }

        var map = new Dictionary<string, NodeLocation>(StringComparer.Ordinal);
        if (stream.Documents.Count == 0)
        {
            return (new YamlTree(null, map), null);
        }

        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode.Start;
            return (null, ((int)second.Line, (int)second.Column, "一个文件只能包含一个 YAML 文档"));
        }

        var rootNode = stream.Documents[0].RootNode;
        map[""] = new NodeLocation((int)rootNode.Start.Line, (int)rootNode.Start.Column, "");
        try
        {
            var root = Convert(rootNode, "", "", map);
            return (new YamlTree(root, map), null);
        }
        catch (YamlException e)
        {
            return (null, ((int)e.Start.Line, (int)e.Start.Column, e.Message));
        }
    }

    private static JsonNode? Convert(YamlNode node, string pointer, string key, Dictionary<string, NodeLocation> map)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (k, v) in mapping.Children)
                {
                    if (k is not YamlScalarNode { Value: { } name })
                    {
                        throw new YamlException(k.Start, k.End, "映射的键必须是简单字符串");
                    }

                    var childPointer = pointer + "/" + name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
                    var childKey = key.Length == 0 ? name : key + "." + name;
                    map[childPointer] = new NodeLocation((int)k.Start.Line, (int)k.Start.Column, childKey);
                    obj[name] = Convert(v, childPointer, childKey, map);
                }

                return obj;

            case YamlSequenceNode sequence:
                var array = new JsonArray();
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    var child = sequence.Children[i];
                    var childPointer = pointer + "/" + i.ToString(CultureInfo.InvariantCulture);
                    var childKey = $"{key}[{i}]";
                    map[childPointer] = new NodeLocation((int)child.Start.Line, (int)child.Start.Column, childKey);
                    array.Add(Convert(child, childPointer, childKey, map));
                }

                return array;

            case YamlScalarNode scalar:
                return ConvertScalar(scalar);

            default:
                throw new YamlException(node.Start, node.End, "不支持的 YAML 节点（别名或标签）");
        }
    }

    /// <summary>YAML 1.2 core schema for plain scalars; quoted scalars are always strings.</summary>
    private static JsonValue? ConvertScalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain || !scalar.Tag.IsEmpty)
        {
            return JsonValue.Create(value);
        }

        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (IntegerPattern().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (FloatPattern().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(value);
    }

    private static string Strip(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: …): " — the location is reported separately.
        var i = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line", StringComparison.Ordinal) && i >= 0 ? message[(i + 3)..] : message;
    }

    [GeneratedRegex(@"^[-+]?\d+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\d+\.\d*|\.\d+)([eE][-+]?\d+)?$")]
    private static partial Regex FloatPattern();
}
