using System.Text;
using System.Text.Json;

namespace Monitor.Crawler.Fetching;

/// <summary>
/// Validators on disk: one JSON line per remembered answer appended to <c>{evidenceRoot}/validators.jsonl</c>, read once
/// when the cache is opened (the last line for a URL wins). A line torn by a crash is skipped, and the next append starts
/// on a new line so it is not glued to the torn one. Appends are serialised by a lock; a line is only written when the
/// validators changed, so the file grows with the site's changes, not with the number of scans.
/// </summary>
public sealed class FileValidatorCache : IValidatorCache
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    private readonly Dictionary<string, CachedValidators> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private bool _needsNewLine;

    /// <summary>Opens (and reads) <c>{evidenceRoot}/validators.jsonl</c>; the folder is created when missing.</summary>
    public FileValidatorCache(string evidenceRoot)
    {
        Directory.CreateDirectory(evidenceRoot);
        FilePath = Path.Combine(Path.GetFullPath(evidenceRoot), "validators.jsonl");
        if (!File.Exists(FilePath))
            return;
        var text = File.ReadAllText(FilePath, Encoding.UTF8);
        _needsNewLine = text.Length > 0 && text[^1] != '\n';
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Parse(line) is { } entry)
                _entries[entry.Url] = entry;
            else
                SkippedLines++;
        }
    }

    /// <summary>Path of the validators file.</summary>
    public string FilePath { get; }

    /// <summary>Lines that could not be read when the file was opened (a torn last line after a crash).</summary>
    public int SkippedLines { get; }

    public CachedValidators? Find(Uri url)
    {
        lock (_lock)
            return _entries.GetValueOrDefault(url.AbsoluteUri);
    }

    public void Remember(CachedValidators validators)
    {
        var line = JsonSerializer.Serialize(validators, JsonOptions);
        lock (_lock)
        {
            // Same validators and body, fetched again: nothing new to write (the first capture time stays, it is as true).
            if (_entries.TryGetValue(validators.Url, out var known) && known with { FetchedAt = validators.FetchedAt } == validators)
                return;
            _entries[validators.Url] = validators;
            File.AppendAllText(FilePath, (_needsNewLine ? "\n" : "") + line + "\n", Encoding.UTF8);
            _needsNewLine = false;
        }
    }

    private static CachedValidators? Parse(string line)
    {
        try
        {
            var entry = JsonSerializer.Deserialize<CachedValidators>(line, JsonOptions);
            return entry is { Url.Length: > 0, Sha256.Length: > 0 } ? entry : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
