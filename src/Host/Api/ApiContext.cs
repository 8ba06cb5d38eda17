using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Monitor.Host.Assessments;
using Monitor.Host.Configuration;
using Monitor.Host.Store;
using Monitor.RuleEngine.Rules;

namespace Monitor.Host.Api;

/// <summary>
/// What the API's endpoints read: the deployment (sources, units, <c>api:</c> options), the rules in force, the store
/// (through <see cref="StorePool"/>), the evidence folder (<c>STATE/evidence</c>) and the clock. One per host.
/// </summary>
internal sealed class ApiContext
{
    /// <param name="deployment">The deployment served; its <c>api:</c> section gives URL, paging limits and rate limit.</param>
    /// <param name="rules">The loaded rule set (catalog and version history for <c>/catalog</c> and <c>/rules</c>).</param>
    /// <param name="pool">Store connections, one leased per request.</param>
    /// <param name="evidenceDirectory">The evidence folder (<c>STATE/evidence</c>: objects/ and warc/).</param>
    /// <param name="time">The clock (the access layer's expiry and rate limit, WARC export times).</param>
    public ApiContext(Deployment deployment, RuleSet rules, StorePool pool, string evidenceDirectory, TimeProvider time)
    {
        Deployment = deployment;
        Rules = rules;
        Pool = pool;
        EvidenceDirectory = Path.GetFullPath(evidenceDirectory);
        Time = time;
        LinkBase = deployment.Api.LinkBase;
    }

    public Deployment Deployment { get; }

    public RuleSet Rules { get; }

    public StorePool Pool { get; }

    public string EvidenceDirectory { get; }

    public TimeProvider Time { get; }

    public ApiOptions Options => Deployment.Api;

    /// <summary>
    /// The base of links in answers (evidence downloads): <c>api.publicUrl</c>, else <c>api.url</c>; when that names port 0,
    /// the address actually bound, set once the server has started.
    /// </summary>
    public Uri LinkBase { get; internal set; }

    /// <summary>Parsed assessments by id, with answers rendered from them, kept while their SHA-256 is unchanged.</summary>
    public AssessmentCache Assessments { get; } = new();

    /// <summary>
    /// The assessment <paramref name="period"/> (<c>live</c> or a frozen period's id), or the 404 to answer when there is none.
    /// </summary>
    public (AssessmentCache.Entry? Entry, IResult? Error) Period(MonitorStore store, string period)
    {
        var entry = Assessments.Get(store, period);
        if (entry is not null)
        {
            return (entry, null);
        }

        return (null, ApiProblem.NotFound(period == Assessment.LiveId
            ? "尚无实时评估：服务还没有完成任何一次采集"
            : $"没有评估期 {period}（可用的评估期见 GET {ApiLinks.Prefix}/periods）"));
    }
}

/// <summary>
/// Assessments parsed once per stored version: a request first asks the store for the SHA-256 only (one indexed row),
/// and parses the document again only when it changed (the live one after each pass). Each entry also keeps the
/// answers already rendered from it (by path and query), so repeated reads of a period cost one small query.
/// </summary>
internal sealed class AssessmentCache
{
    /// <summary>Rendered answers kept per assessment before the oldest set is dropped: 1024.</summary>
    public const int MaxBodiesPerEntry = 1024;

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    /// <summary>The current version of assessment <paramref name="id"/>, or null when the store has none.</summary>
    public Entry? Get(MonitorStore store, string id)
    {
        var sha = store.AssessmentSha256(id);
        if (sha is null)
        {
            entries.TryRemove(id, out _);
            return null;
        }

        if (entries.TryGetValue(id, out var cached) && cached.Sha256 == sha)
        {
            return cached;
        }

        if (store.AssessmentJson(id) is not { } text)
        {
            return null;
        }

        var entry = new Entry(text.Sha256, Assessment.FromJson(text.Json));
        entries[id] = entry;
        return entry;
    }

    /// <summary>One stored version of an assessment.</summary>
    public sealed class Entry(string sha256, Assessment assessment)
    {
        private readonly ConcurrentDictionary<string, ApiBody> bodies = new(StringComparer.Ordinal);

        public string Sha256 { get; } = sha256;

        public Assessment Assessment { get; } = assessment;

        /// <summary>The answer rendered for <paramref name="key"/> (path and query), rendering it on first use.</summary>
        public ApiBody Body(string key, Func<Assessment, ApiBody> render)
        {
            if (bodies.TryGetValue(key, out var body))
            {
                return body;
            }

            if (bodies.Count >= MaxBodiesPerEntry)
            {
                bodies.Clear();
            }

            return bodies.GetOrAdd(key, _ => render(Assessment));
        }
    }
}
