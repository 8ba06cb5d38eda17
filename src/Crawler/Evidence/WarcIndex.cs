using System.Text;
using System.Text.Json;

namespace Monitor.Crawler.Evidence;

/// <summary>
/// One line of <c>{root}/warc/index.jsonl</c>: where the request+response records of one capture sit.
/// <paramref name="File"/> is the file name inside the warc folder; <paramref name="Offset"/> and
/// <paramref name="Length"/> are byte positions in the compressed file, covering both gzip members.
/// </summary>
public sealed record WarcIndexEntry(
    string Sha256, string Url, DateTimeOffset FetchedAt, string File, long Offset, long Length, string Method, int Status);

/// <summary>
/// The capture index of the WARC files. Appends take an exclusive lock on the file (other stores in this or
/// another process wait, at most <see cref="LockTimeout"/>), and a torn last line left by a crash is closed
/// before the next line is written, so one crash costs at most that one line; reading skips what does not parse.
/// </summary>
public static class WarcIndex
{
    /// <summary>Name of the index file inside the warc folder.</summary>
    public const string FileName = "index.jsonl";

    /// <summary>How long an append waits for another writer's lock on the index (10 s).</summary>
    public static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(10);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Every readable entry of the index in <paramref name="warcDirectory"/>, in file order (none when absent). Waits, at most
    /// <see cref="LockTimeout"/>, while a writer holds the index for an append.
    /// </summary>
    public static async Task<IReadOnlyList<WarcIndexEntry>> ReadAsync(string warcDirectory, CancellationToken ct = default)
    {
        var path = Path.Combine(warcDirectory, FileName);
        if (!System.IO.File.Exists(path))
            return [];
        using var timeout = new CancellationTokenSource(LockTimeout);
        string text;
        while (true)
        {
            try
            {
                // Read (not ReadWrite) share: a shared lock, refused only while an append holds the exclusive one.
                await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
                using var reader = new StreamReader(stream, Encoding.UTF8);
                text = await reader.ReadToEndAsync(ct).ConfigureAwait(false);
                break;
            }
            catch (IOException) when (!timeout.IsCancellationRequested && System.IO.File.Exists(path))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(5), ct).ConfigureAwait(false);
            }
        }
        var entries = new List<WarcIndexEntry>();
        foreach (var line in text.Split('\n'))
        {
            if (TryParse(line) is { } entry)
                entries.Add(entry);
        }
        return entries;
    }

    internal static async Task AppendAsync(string warcDirectory, WarcIndexEntry entry)
    {
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(entry, JsonOptions) + "\n");
        var path = Path.Combine(warcDirectory, FileName);
        using var timeout = new CancellationTokenSource(LockTimeout);
        await using var stream = await OpenLockedAsync(path, timeout.Token).ConfigureAwait(false);
        if (stream.Length > 0)
        {
            stream.Seek(-1, SeekOrigin.End);
            if (stream.ReadByte() != '\n')
                stream.WriteByte((byte)'\n');
        }
        stream.Seek(0, SeekOrigin.End);
        await stream.WriteAsync(line).ConfigureAwait(false);
        await stream.FlushAsync().ConfigureAwait(false);
    }

    private static WarcIndexEntry? TryParse(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
            return null;
        try
        {
            var entry = JsonSerializer.Deserialize<WarcIndexEntry>(line, JsonOptions);
            return entry is { Sha256: not null, File: not null, Url: not null } && ContentHash.IsValid(entry.Sha256) && entry.Length > 0
                   && entry.File == Path.GetFileName(entry.File) ? entry : null;
        }
        catch (JsonException)
        {
            // A line torn by a crash (or damaged by hand) is not an entry; the lines around it still are.
            return null;
        }
    }

    /// <summary>FileShare.None is an exclusive advisory lock on Unix (flock), honoured by every store that appends here.</summary>
    private static async Task<FileStream> OpenLockedAsync(string path, CancellationToken timeout)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (!timeout.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(5), CancellationToken.None).ConfigureAwait(false);
            }
        }
    }
}
