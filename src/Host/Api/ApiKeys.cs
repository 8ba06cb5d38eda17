using System.Security.Cryptography;
using System.Text;

namespace Monitor.Host.Api;

/// <summary>
/// A stored API key: everything but the secret, of which only its SHA-256 is kept.
/// </summary>
/// <param name="Id">12 lowercase hex characters, random; public (it appears in the request log and in <c>keys list</c>).</param>
/// <param name="Name">Who holds the key (e.g. the assessor's organisation), as given to <c>keys create --name</c>.</param>
/// <param name="SecretSha256">SHA-256 of the secret's UTF-8 text, lowercase hex.</param>
/// <param name="Scopes">What the key may read.</param>
/// <param name="ExpiresAt">The instant from which the key is refused; null: it does not expire.</param>
/// <param name="RevokedAt">When it was revoked; null while it is not.</param>
/// <param name="RateLimitPerMinute">The key's own rate limit; null: <see cref="ApiOptions.RateLimitPerMinute"/>.</param>
internal sealed record ApiKeyRecord(
    string Id,
    string Name,
    string SecretSha256,
    IReadOnlyList<ApiScope> Scopes,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    int? RateLimitPerMinute)
{
    /// <summary>Whether the key is refused at <paramref name="now"/> because it expired.</summary>
    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } at && now >= at;

    /// <summary>The scopes as stored and shown: wire words joined by commas, in the enum's order.</summary>
    public string ScopesText => ApiKeys.ScopesText(Scopes);
}

/// <summary>A freshly made key: the text to hand over once, and the record to store.</summary>
/// <param name="Token">The whole key <c>mk_&lt;id&gt;_&lt;secret&gt;</c>; shown once and never stored.</param>
internal sealed record NewApiKey(string Token, ApiKeyRecord Record);

/// <summary>Why a presented key was accepted or refused.</summary>
internal enum ApiKeyOutcome
{
    /// <summary>Valid: known id, matching secret, not revoked, not expired.</summary>
    Ok,

    /// <summary>No key was presented.</summary>
    Missing,

    /// <summary>Not of the form <c>mk_&lt;12 hex&gt;_&lt;43 base64url&gt;</c>.</summary>
    Malformed,

    /// <summary>Well formed, but no key has that id.</summary>
    Unknown,

    /// <summary>The id is known, the secret is not its secret.</summary>
    BadSecret,

    /// <summary>The key was revoked.</summary>
    Revoked,

    /// <summary>The key's expiry has passed.</summary>
    Expired,
}

/// <summary>
/// The caller behind a valid key, as the API's handlers see it (<see cref="ApiAccess.GetApiCaller"/>).
/// </summary>
/// <param name="RateLimitPerMinute">The limit in force for this key (its own, else the deployment's).</param>
internal sealed record ApiCaller(string KeyId, string Name, IReadOnlyList<ApiScope> Scopes, int RateLimitPerMinute)
{
    /// <summary>Whether the key carries <paramref name="scope"/>.</summary>
    public bool Allows(ApiScope scope) => Scopes.Contains(scope);
}

/// <summary>
/// The result of checking a presented key: data, never an exception. <see cref="Caller"/> is set exactly when the
/// outcome is <see cref="ApiKeyOutcome.Ok"/>; refused keys carry no identity, so nothing downstream (the request log
/// included) can tell an unknown id from a wrong secret.
/// </summary>
internal sealed record ApiKeyCheck(ApiKeyOutcome Outcome, ApiCaller? Caller)
{
    public bool IsOk => Outcome == ApiKeyOutcome.Ok;

    public static ApiKeyCheck Refused(ApiKeyOutcome outcome) =>
        outcome == ApiKeyOutcome.Ok ? throw new ArgumentOutOfRangeException(nameof(outcome)) : new(outcome, null);
}

/// <summary>
/// API keys: <c>mk_&lt;id&gt;_&lt;secret&gt;</c>, where the id is 12 random lowercase hex characters (48 bits, used to find
/// the key) and the secret 32 random bytes from <see cref="RandomNumberGenerator"/> in base64url (43 characters, 256 bits).
/// <para>
/// Only SHA-256 of the secret is stored. A password hash (PBKDF2, Argon2, bcrypt) exists to slow down guessing of
/// low-entropy secrets that people choose; these secrets are machine-made with 256 bits of entropy, so a stolen
/// database cannot be brute-forced whatever the hash speed, and a fast hash keeps every API request cheap. The stored
/// hash is compared with <see cref="CryptographicOperations.FixedTimeEquals"/>, and an unknown id is compared against a
/// dummy hash, so a wrong secret and an unknown id take the same path and the same time.
/// </para>
/// </summary>
internal static class ApiKeys
{
    /// <summary>Every key starts with this.</summary>
    public const string Prefix = "mk_";

    /// <summary>Length of the id: 12 lowercase hex characters.</summary>
    public const int IdLength = 12;

    /// <summary>Random bytes in a secret: 32.</summary>
    public const int SecretBytes = 32;

    /// <summary>Length of the secret as base64url without padding: 43 characters.</summary>
    public const int SecretLength = 43;

    /// <summary>Length of a whole key: 59 characters.</summary>
    public const int TokenLength = 3 + IdLength + 1 + SecretLength;

    /// <summary>Compared against when the id is unknown, so that path costs what a wrong secret costs.</summary>
    private static readonly byte[] DummyHash = SHA256.HashData(RandomNumberGenerator.GetBytes(SecretBytes));

    /// <summary>A new random key for <paramref name="name"/>; the caller stores <see cref="NewApiKey.Record"/> and shows the token once.</summary>
    public static NewApiKey Create(string name, IReadOnlyList<ApiScope> scopes, DateTimeOffset createdAt, DateTimeOffset? expiresAt, int? rateLimitPerMinute)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(scopes);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdLength / 2));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(SecretBytes));
        var record = new ApiKeyRecord(id, name, HashSecret(secret), Normalise(scopes), createdAt, expiresAt, null, rateLimitPerMinute);
        return new NewApiKey(Prefix + id + "_" + secret, record);
    }

    /// <summary>SHA-256 of the secret's UTF-8 text, lowercase hex (what <c>api_keys.secret_sha256</c> holds).</summary>
    public static string HashSecret(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>
    /// Splits a presented key into id and secret; false when it is not of the exact form (length, prefix, lowercase hex
    /// id, separator, base64url secret). The secret itself may contain <c>_</c> and <c>-</c>, so the split is by position.
    /// </summary>
    public static bool TryParse(string? token, out string id, out string secret)
    {
        id = "";
        secret = "";
        if (token is null || token.Length != TokenLength || !token.StartsWith(Prefix, StringComparison.Ordinal) || token[Prefix.Length + IdLength] != '_')
        {
            return false;
        }

        var idPart = token.AsSpan(Prefix.Length, IdLength);
        var secretPart = token.AsSpan(Prefix.Length + IdLength + 1);
        foreach (var c in idPart)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        foreach (var c in secretPart)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                return false;
            }
        }

        id = idPart.ToString();
        secret = secretPart.ToString();
        return true;
    }

    /// <summary>
    /// Checks a presented key: parse, look up by id (<paramref name="find"/>), compare the secret's hash in constant time
    /// (against a dummy when the id is unknown), then revoked, expired. Scopes are the endpoint's business
    /// (<see cref="ApiCaller.Allows"/>).
    /// </summary>
    /// <param name="presented">The key as sent, or null when the request carried none.</param>
    /// <param name="find">Finds a stored key by id (null when none).</param>
    /// <param name="now">The time to judge expiry at (from the caller's <see cref="TimeProvider"/>).</param>
    /// <param name="defaultRateLimitPerMinute">The limit of keys without their own.</param>
    public static ApiKeyCheck Verify(string? presented, Func<string, ApiKeyRecord?> find, DateTimeOffset now, int defaultRateLimitPerMinute)
    {
        ArgumentNullException.ThrowIfNull(find);
        if (string.IsNullOrEmpty(presented))
        {
            return ApiKeyCheck.Refused(ApiKeyOutcome.Missing);
        }

        if (!TryParse(presented, out var id, out var secret))
        {
            return ApiKeyCheck.Refused(ApiKeyOutcome.Malformed);
        }

        var stored = find(id);
        var expected = stored is not null && TryDecodeHash(stored.SecretSha256, out var hash) ? hash : DummyHash;
        var matches = CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(secret)), expected);
        if (stored is null)
        {
            return ApiKeyCheck.Refused(ApiKeyOutcome.Unknown);
        }

        if (!matches)
        {
            return ApiKeyCheck.Refused(ApiKeyOutcome.BadSecret);
        }

        if (stored.RevokedAt is not null)
        {
            return ApiKeyCheck.Refused(ApiKeyOutcome.Revoked);
        }

        if (stored.IsExpired(now))
        {
            return ApiKeyCheck.Refused(ApiKeyOutcome.Expired);
        }

        return new ApiKeyCheck(ApiKeyOutcome.Ok, new ApiCaller(stored.Id, stored.Name, stored.Scopes, stored.RateLimitPerMinute ?? defaultRateLimitPerMinute));
    }

    /// <summary>
    /// Parses a scope list as typed on the command line: wire words separated by commas (<c>scores,findings</c>), or
    /// <c>all</c>. Returns the unknown words (empty when every word is known); duplicates are dropped.
    /// </summary>
    public static (IReadOnlyList<ApiScope> Scopes, IReadOnlyList<string> Unknown) ParseScopes(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var scopes = new List<ApiScope>();
        var unknown = new List<string>();
        foreach (var word in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (string.Equals(word, "all", StringComparison.OrdinalIgnoreCase))
            {
                scopes.AddRange(ApiScopes.All);
            }
            else if (ApiScopes.Parse(word.ToLowerInvariant()) is { } scope)
            {
                scopes.Add(scope);
            }
            else
            {
                unknown.Add(word);
            }
        }

        return (Normalise(scopes), unknown);
    }

    /// <summary>Wire words joined by commas, in the enum's order (<c>scores,findings</c>).</summary>
    public static string ScopesText(IEnumerable<ApiScope> scopes) => string.Join(',', Normalise(scopes).Select(s => s.ToWire()));

    /// <summary>Reads the stored form back; a word this build does not know is dropped (it grants nothing).</summary>
    public static IReadOnlyList<ApiScope> ScopesFromText(string text) =>
        Normalise(text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(ApiScopes.Parse).OfType<ApiScope>());

    private static ApiScope[] Normalise(IEnumerable<ApiScope> scopes) => [.. scopes.Distinct().Order()];

    /// <summary>A damaged row (not 64 hex characters) decodes to nothing: the key then matches no secret, never every secret.</summary>
    private static bool TryDecodeHash(string hex, out byte[] hash)
    {
        hash = new byte[SHA256.HashSizeInBytes];
        return hex.Length == 64 && Convert.FromHexString(hex, hash, out _, out var written) == System.Buffers.OperationStatus.Done && written == hash.Length;
    }

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
