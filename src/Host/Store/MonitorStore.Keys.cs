using System.Globalization;
using System.Data.Common;
using Monitor.Host.Api;

namespace Monitor.Host.Store;

/// <summary>
/// API keys and the API request log (tables of migration 6). A key row holds the SHA-256 of its secret, never the
/// secret; times are stored in UTC so text comparison in SQL is time comparison.
/// </summary>
internal sealed partial class MonitorStore
{
    /// <summary>What <see cref="RevokeApiKey"/> did.</summary>
    public enum KeyRevocation
    {
        /// <summary>The key was valid or expired and is now revoked.</summary>
        Revoked,

        /// <summary>It had been revoked before; nothing changed (<see cref="RevokedKey.RevokedAt"/> is the first revocation).</summary>
        AlreadyRevoked,

        /// <summary>No key has that id.</summary>
        Unknown,
    }

    /// <summary>The outcome of a revocation and the key as it is now (null when unknown).</summary>
    public sealed record RevokedKey(KeyRevocation Outcome, ApiKeyRecord? Key)
    {
        public DateTimeOffset? RevokedAt => Key?.RevokedAt;
    }

    /// <summary>One logged request with its sequence number (ascending in the order written).</summary>
    public sealed record LoggedApiRequest(long Seq, ApiRequestEntry Request);

    private const string KeyColumns = "id, name, secret_sha256, scopes, created_at, expires_at, revoked_at, rate_limit";

    /// <summary>Stores a new key. Throws when the id exists (a 48-bit random id repeating means something is badly wrong).</summary>
    public void InsertApiKey(ApiKeyRecord key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Execute($"""
            INSERT INTO api_keys ({KeyColumns}) VALUES (@id, @name, @sha, @scopes, @created, @expires, @revoked, @limit)
            """, null, ("@id", key.Id), ("@name", key.Name), ("@sha", key.SecretSha256), ("@scopes", key.ScopesText),
            ("@created", Utc(key.CreatedAt)), ("@expires", key.ExpiresAt is { } e ? Utc(e) : null),
            ("@revoked", key.RevokedAt is { } r ? Utc(r) : null), ("@limit", key.RateLimitPerMinute));
    }

    /// <summary>The key with this id, or null.</summary>
    public ApiKeyRecord? FindApiKey(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        using var command = Command($"SELECT {KeyColumns} FROM api_keys WHERE id = @id", null, [("@id", id)]);
        using var r = command.ExecuteReader();
        return r.Read() ? ReadKey(r) : null;
    }

    /// <summary>Every key, oldest first (secrets are not stored, so none can be listed).</summary>
    public IReadOnlyList<ApiKeyRecord> ApiKeyList()
    {
        using var command = Command($"SELECT {KeyColumns} FROM api_keys ORDER BY created_at, id", null, []);
        using var r = command.ExecuteReader();
        var keys = new List<ApiKeyRecord>();
        while (r.Read())
        {
            keys.Add(ReadKey(r));
        }

        return keys;
    }

    /// <summary>Revokes a key at <paramref name="now"/>; a second revocation changes nothing and says so.</summary>
    public RevokedKey RevokeApiKey(string id, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(id);
        using var tx = dialect.BeginWrite(connection);
        var changed = Execute("UPDATE api_keys SET revoked_at = @t WHERE id = @id AND revoked_at IS NULL", tx, ("@t", Utc(now)), ("@id", id));
        tx.Commit();
        var key = FindApiKey(id);
        return key is null ? new RevokedKey(KeyRevocation.Unknown, null)
            : new RevokedKey(changed == 1 ? KeyRevocation.Revoked : KeyRevocation.AlreadyRevoked, key);
    }

    /// <summary>Appends request-log rows, all in one transaction (either the whole batch is written or none of it).</summary>
    public void AppendApiRequests(IReadOnlyCollection<ApiRequestEntry> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
        {
            return;
        }

        using var tx = dialect.BeginWrite(connection);
        dialect.InsertRows(
            connection,
            tx,
            "api_requests",
            ["at", "key_id", "key_name", "method", "path", "query", "status", "outcome", "elapsed_ms", "bytes", "remote"],
            requests.Select(e => new object?[]
            {
                Utc(e.At), e.KeyId, e.KeyName, e.Method, e.Path, e.Query, (long)e.Status, e.Outcome, e.ElapsedMs, e.Bytes, e.Remote,
            }));
        tx.Commit();
    }

    /// <summary>Deletes request-log rows older than <paramref name="before"/>; returns how many.</summary>
    public int PruneApiRequests(DateTimeOffset before) =>
        Execute("DELETE FROM api_requests WHERE at < @before", null, ("@before", Utc(before)));

    /// <summary>
    /// The request log, newest first: optionally only one key's requests and only from <paramref name="since"/> on, at most
    /// <paramref name="limit"/> rows.
    /// </summary>
    public IReadOnlyList<LoggedApiRequest> ApiRequests(string? keyId = null, DateTimeOffset? since = null, int limit = 100)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        using var command = Command("""
            SELECT seq, at, key_id, key_name, method, path, query, status, outcome, elapsed_ms, bytes, remote FROM api_requests
            WHERE (CAST(@key AS TEXT) IS NULL OR key_id = @key) AND (CAST(@since AS TEXT) IS NULL OR at >= @since)
            ORDER BY at DESC, seq DESC LIMIT @limit
            """, null, [("@key", keyId), ("@since", since is { } s ? Utc(s) : null), ("@limit", limit)]);
        using var r = command.ExecuteReader();
        var rows = new List<LoggedApiRequest>();
        while (r.Read())
        {
            string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
            rows.Add(new LoggedApiRequest(r.GetInt64(0), new ApiRequestEntry(
                ParseTime(r.GetString(1)), Text(2), Text(3), r.GetString(4), r.GetString(5), Text(6), r.GetInt32(7), r.GetString(8),
                r.GetDouble(9), r.IsDBNull(10) ? null : r.GetInt64(10), Text(11))));
        }

        return rows;
    }

    private static ApiKeyRecord ReadKey(DbDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        r.GetString(2),
        ApiKeys.ScopesFromText(r.GetString(3)),
        ParseTime(r.GetString(4)),
        r.IsDBNull(5) ? null : ParseTime(r.GetString(5)),
        r.IsDBNull(6) ? null : ParseTime(r.GetString(6)),
        r.IsDBNull(7) ? null : Convert.ToInt32(r.GetInt64(7), CultureInfo.InvariantCulture));

}
