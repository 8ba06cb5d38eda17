using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Monitor.SamplePortal;

/// <summary>
/// Validators of the served pages (RFC 9110 §13): a strong ETag from the body's SHA-256 and the page's
/// Last-Modified. If-None-Match wins over If-Modified-Since when both are sent.
/// </summary>
internal static class ConditionalGet
{
    /// <summary>A strong entity tag: the first 128 bits of the body's SHA-256 in hex, quoted.</summary>
    public static string StrongETag(ReadOnlySpan<byte> body)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(body, hash);
        return "\"" + Convert.ToHexStringLower(hash[..16]) + "\"";
    }

    /// <summary>True when the request's validators say the client's copy is current (answer 304).</summary>
    public static bool NotModified(HttpRequest request, string etag, DateTimeOffset lastModified)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch;
        if (ifNoneMatch.Count > 0)
        {
            // Weak comparison, as If-None-Match requires: W/"x" matches "x".
            foreach (var header in ifNoneMatch)
            {
                foreach (var candidate in (header ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    var tag = candidate.StartsWith("W/", StringComparison.Ordinal) ? candidate[2..] : candidate;
                    if (tag == "*" || tag == etag)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        var ifModifiedSince = request.Headers.IfModifiedSince.ToString();
        if (ifModifiedSince.Length == 0
            || !DateTimeOffset.TryParseExact(ifModifiedSince, "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since))
        {
            return false;
        }

        // HTTP dates have whole seconds.
        var modified = lastModified.ToUniversalTime();
        modified = modified.AddTicks(-(modified.Ticks % TimeSpan.TicksPerSecond));
        return modified <= since;
    }
}
