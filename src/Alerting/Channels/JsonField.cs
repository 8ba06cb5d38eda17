using System.Globalization;
using System.Text.Json;

namespace Monitor.Alerting.Channels;

/// <summary>
/// Reads one field from a JSON answer by a dotted path (<c>data.result.0.id</c>; a leading <c>$.</c> is
/// allowed), so gateway options can name where the status and the message id are without code.
/// </summary>
internal static class JsonField
{
    /// <summary>The field as text (numbers and booleans as written, strings unquoted); null when absent or not JSON.</summary>
    public static string? Find(string json, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var current = document.RootElement;
            var trimmed = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
            foreach (var segment in trimmed.Split('.', StringSplitOptions.RemoveEmptyEntries))
            {
                if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var child))
                {
                    current = child;
                }
                else if (current.ValueKind == JsonValueKind.Array
                    && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                    && index < current.GetArrayLength())
                {
                    current = current[index];
                }
                else
                {
                    return null;
                }
            }

            return current.ValueKind switch
            {
                JsonValueKind.String => current.GetString(),
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                _ => current.GetRawText(),
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
