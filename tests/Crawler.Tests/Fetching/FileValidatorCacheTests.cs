using Monitor.Crawler.Fetching;

namespace Monitor.Crawler.Tests.Fetching;

/// <summary>The validators file survives restarts, keeps the last entry per URL, and shrugs off a line torn by a crash.</summary>
public sealed class FileValidatorCacheTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(8));
    private readonly string _root = Path.Combine(Path.GetTempPath(), "validators-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }

    private static CachedValidators Entry(string url, string etag, char sha = 'a') =>
        new(url, etag, null, new string(sha, 64), "text/html", 200, At, 42);

    [Fact]
    public void Entries_are_read_back_by_a_new_instance_last_one_per_url_winning()
    {
        var cache = new FileValidatorCache(_root);
        cache.Remember(Entry("http://portal.test/a.html", "\"1\""));
        cache.Remember(Entry("http://portal.test/a.html", "\"2\"", 'b'));
        cache.Remember(Entry("http://portal.test/b.html", "\"x\""));

        var reopened = new FileValidatorCache(_root);

        Assert.Equal("\"2\"", reopened.Find(new Uri("http://portal.test/a.html"))!.ETag);
        Assert.Equal(new string('b', 64), reopened.Find(new Uri("http://portal.test/a.html"))!.Sha256);
        Assert.Equal("\"x\"", reopened.Find(new Uri("http://portal.test/b.html"))!.ETag);
        Assert.Null(reopened.Find(new Uri("http://portal.test/c.html")));
        Assert.Equal(Path.Combine(Path.GetFullPath(_root), "validators.jsonl"), reopened.FilePath);
    }

    [Fact]
    public void Unchanged_validators_are_not_written_again()
    {
        var cache = new FileValidatorCache(_root);
        cache.Remember(Entry("http://portal.test/a.html", "\"1\""));
        cache.Remember(Entry("http://portal.test/a.html", "\"1\"") with { FetchedAt = At.AddDays(1) });

        Assert.Single(File.ReadAllLines(cache.FilePath));
    }

    [Fact]
    public void A_torn_last_line_is_skipped_and_the_next_entry_lands_on_its_own_line()
    {
        var cache = new FileValidatorCache(_root);
        cache.Remember(Entry("http://portal.test/a.html", "\"1\""));
        File.AppendAllText(cache.FilePath, "{\"url\":\"http://portal.test/b.html\",\"eTa");

        var afterCrash = new FileValidatorCache(_root);
        afterCrash.Remember(Entry("http://portal.test/c.html", "\"3\""));
        var reopened = new FileValidatorCache(_root);

        Assert.Equal(1, afterCrash.SkippedLines);
        Assert.Equal("\"1\"", reopened.Find(new Uri("http://portal.test/a.html"))!.ETag);
        Assert.Null(reopened.Find(new Uri("http://portal.test/b.html")));
        Assert.Equal("\"3\"", reopened.Find(new Uri("http://portal.test/c.html"))!.ETag);
    }
}
