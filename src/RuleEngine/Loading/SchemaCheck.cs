using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Monitor.RuleEngine.Loading;

/// <summary>
/// Evaluates a parsed rule file against its JSON Schema (embedded copies of <c>rules/schema/*.schema.json</c>)
/// and maps each failing instance location back to a line through the <see cref="YamlTree"/>.
/// </summary>
internal static class SchemaCheck
{
    private static readonly ConcurrentDictionary<string, JsonSchema> Schemas = new(StringComparer.Ordinal);

    private static readonly EvaluationOptions FlagOptions = new() { OutputFormat = OutputFormat.Flag };
    private static readonly EvaluationOptions ListOptions = new() { OutputFormat = OutputFormat.List };

    public static void Validate(RuleFileReader reader, string schemaName)
    {
        var schema = Schemas.GetOrAdd(schemaName, Build);
        var element = reader.Tree.Root is null
            ? JsonSerializer.SerializeToElement<JsonNode?>(new JsonObject())
            : JsonSerializer.SerializeToElement(reader.Tree.Root);
        // The common case is a valid file: the Flag format stops at the first failure and skips
        // collecting output, which keeps loading the whole rules directory well under 100 ms.
        if (schema.Evaluate(element, FlagOptions).IsValid)
        {
            return;
        }

        var results = schema.Evaluate(element, ListOptions);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var detail in results.Details ?? [])
        {
            // A failing "if" is a condition, not an error; List output still lists it.
            var path = detail.EvaluationPath.ToString();
            if (detail.Errors is null || detail.Errors.Count == 0 || path.Contains("/if", StringComparison.Ordinal))
            {
                continue;
            }

            var pointer = detail.InstanceLocation.ToString();
            foreach (var (keyword, text) in detail.Errors)
            {
                var message = Translate(keyword, text);
                if (seen.Add(pointer + "\n" + message))
                {
                    reader.Error(pointer, message);
                }
            }
        }
    }

    /// <summary>Chinese text for a failing keyword; the schema's own English text is kept in brackets for the specialist.</summary>
    private static string Translate(string keyword, string text)
    {
        var chinese = keyword switch
        {
            "required" => "缺少必填字段",
            "additionalProperties" or "falseSchema" or "false" or "unevaluatedProperties" => "未知字段",
            "type" => "类型不符合要求",
            "enum" or "const" => "取值不在允许范围内",
            "minimum" or "maximum" or "exclusiveMinimum" or "exclusiveMaximum" => "数值超出允许范围",
            "pattern" => "格式不符合要求",
            "minItems" => "列表不能为空",
            "minLength" => "不能为空",
            "minProperties" => "至少需要一个字段",
            _ => $"不符合 JSON Schema（{keyword}）",
        };
        return $"{chinese}（schema: {text}）";
    }

    private static JsonSchema Build(string name)
    {
        var assembly = typeof(SchemaCheck).Assembly;
        using var stream = assembly.GetManifestResourceStream($"schema/{name}")
            ?? throw new InvalidOperationException($"embedded schema {name} missing from {assembly.GetName().Name}");
        using var text = new StreamReader(stream);

        // A private registry: the schemas carry $id, and the global registry refuses a second registration.
        return JsonSchema.FromText(text.ReadToEnd(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }
}
