using System.Collections.Concurrent;

namespace Monitor.Crawler.Fetching;

/// <summary>Validators in memory: tests, and crawls without a state directory.</summary>
public sealed class InMemoryValidatorCache : IValidatorCache
{
    private readonly ConcurrentDictionary<string, CachedValidators> _entries = new(StringComparer.Ordinal);

    public CachedValidators? Find(Uri url) => _entries.GetValueOrDefault(url.AbsoluteUri);

    public void Remember(CachedValidators validators) => _entries[validators.Url] = validators;
}
