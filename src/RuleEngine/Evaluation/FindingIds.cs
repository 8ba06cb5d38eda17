using System.Security.Cryptography;
using System.Text;

namespace Monitor.RuleEngine.Evaluation;

/// <summary>
/// Stable finding ids: "F" + the first 16 hex digits of SHA-256("kind|sourceId|itemId|documentKey|targetKey|period").
/// URLs enter as path + query only, so a portal moving host or port (the demo portal's port changes
/// every run) keeps its ids.
/// </summary>
internal static class FindingIds
{
    public static string Compute(FindingKind kind, string? sourceId, string? itemId, string? documentUrl, string? targetUrl, string? period)
    {
        var text = string.Join('|', kind.ToWire(), sourceId ?? "", itemId ?? "", UrlKey(documentUrl), UrlKey(targetUrl), period ?? "");
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return "F" + Convert.ToHexStringLower(hash)[..16];
    }

    /// <summary>Path and query of an absolute URL; a relative or malformed one is used as it stands.</summary>
    public static string UrlKey(string? url)
    {
        if (url is null)
        {
            return "";
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsAbsoluteUri ? uri.PathAndQuery : url;
    }
}
