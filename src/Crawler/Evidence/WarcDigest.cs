using System.Security.Cryptography;
using System.Text;

namespace Monitor.Crawler.Evidence;

/// <summary>
/// WARC digests: <c>sha256:</c> followed by the RFC 4648 base32 form (upper case, '=' padded) of the SHA-256,
/// as Python warcio and warcio.js write and verify them.
/// </summary>
public static class WarcDigest
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string Prefix = "sha256:";

    /// <summary>The digest header value of <paramref name="bytes"/>.</summary>
    public static string Of(ReadOnlySpan<byte> bytes) => Prefix + Base32(SHA256.HashData(bytes));

    /// <summary>The digest header value for a SHA-256 given in lower hex (the content address of an object).</summary>
    public static string FromHex(string sha256Hex) => Prefix + Base32(Convert.FromHexString(sha256Hex));

    /// <summary>
    /// The SHA-256 in lower hex named by a digest header value (base32 or hex after <c>sha256:</c>),
    /// or null when the value is not a SHA-256 digest.
    /// </summary>
    public static string? ToHex(string? digest)
    {
        if (digest is null || !digest.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            return null;
        var value = digest[Prefix.Length..].Trim();
        if (value.Length == 64 && value.All(Uri.IsHexDigit))
            return value.ToLowerInvariant();
        var bytes = FromBase32(value);
        return bytes is { Length: 32 } ? Convert.ToHexStringLower(bytes) : null;
    }

    /// <summary>RFC 4648 base32 with padding.</summary>
    public static string Base32(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder((bytes.Length + 4) / 5 * 8);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0)
            text.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        while (text.Length % 8 != 0)
            text.Append('=');
        return text.ToString();
    }

    /// <summary>Decodes RFC 4648 base32 (padding optional, case-insensitive); null when it is not base32.</summary>
    public static byte[]? FromBase32(string text)
    {
        var trimmed = text.TrimEnd('=');
        var bytes = new List<byte>(trimmed.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in trimmed)
        {
            var value = Alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
            if (value < 0)
                return null;
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
            buffer &= (1 << bits) - 1;
        }
        return [.. bytes];
    }
}
