using System.Globalization;
using System.Security.Cryptography;

namespace Monitor.Crawler.Evidence;

/// <summary>
/// Appends captures to <c>.warc.gz</c> files in one folder and indexes each in <see cref="WarcIndex"/>.
/// <list type="bullet">
/// <item>Files: <c>monitor-{yyyyMMdd}-{writer}-{serial}.warc.gz</c>; a new one when the UTC day of the capture changes or the
/// current file has reached the size limit. Each starts with a <c>warcinfo</c> record.</item>
/// <item>Crash safety: a writer never appends to a file it did not create (every writer starts its own file), so a member
/// torn by a crash can only be the tail of an old file, which readers skip. After a failed write the writer abandons
/// the file and starts a new one.</item>
/// <item>Concurrency: records are compressed outside the lock; a pair and its index line are written under one lock,
/// so pairs never interleave and the index order is the file order. The file is opened per append (no handle is held
/// between fetches, so the store needs no disposal).</item>
/// </list>
/// </summary>
internal sealed class WarcWriter
{
    private readonly string _directory;
    private readonly long _maxFileBytes;
    private readonly string _writerId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    private readonly SemaphoreSlim _lock = new(1, 1);
    private string? _fileName;
    private DateOnly _fileDay;
    private long _fileLength;
    private int _serial;

    public WarcWriter(string directory, long maxFileBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFileBytes, 1);
        _directory = directory;
        _maxFileBytes = maxFileBytes;
        Directory.CreateDirectory(directory);
    }

    public async Task<WarcIndexEntry> AppendAsync(CaptureInfo capture, string sha256, byte[] body, CancellationToken ct)
    {
        var (pair, _, _) = WarcRecordWriter.Pair(capture, sha256, body);
        var day = DateOnly.FromDateTime(capture.FetchedAt.UtcDateTime);
        await _lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            // From here on no cancellation: a pair is written whole, or its file is abandoned.
            if (_fileName is null || _fileDay != day || _fileLength >= _maxFileBytes)
                StartFile(day, capture.FetchedAt);
            var offset = _fileLength;
            try
            {
                await using var file = new FileStream(Path.Combine(_directory, _fileName!), FileMode.Open, FileAccess.Write, FileShare.Read);
                if (file.Length != offset)
                    throw new IOException($"WARC 文件 {_fileName} 的长度（{file.Length}）与写入位置（{offset}）不符");
                file.Seek(offset, SeekOrigin.Begin);
                await file.WriteAsync(pair, CancellationToken.None).ConfigureAwait(false);
                await file.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (IOException)
            {
                _fileName = null;
                throw;
            }
            _fileLength = offset + pair.LongLength;
            var entry = new WarcIndexEntry(sha256, capture.Url, capture.FetchedAt, _fileName!, offset, pair.LongLength, capture.Method, capture.Status);
            await WarcIndex.AppendAsync(_directory, entry).ConfigureAwait(false);
            return entry;
        }
        finally
        {
            _lock.Release();
        }
    }

    private void StartFile(DateOnly day, DateTimeOffset at)
    {
        while (true)
        {
            _serial++;
            var name = string.Create(CultureInfo.InvariantCulture, $"monitor-{day:yyyyMMdd}-{_writerId}-{_serial:D5}.warc.gz");
            var path = Path.Combine(_directory, name);
            var warcinfo = WarcRecordWriter.Warcinfo(name, at);
            FileStream file;
            try
            {
                file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
            }
            catch (IOException) when (File.Exists(path))
            {
                continue; // the name is taken (a writer with the same random id, long ago): take the next serial
            }
            using (file)
            {
                file.Write(warcinfo);
                file.Flush();
            }
            (_fileName, _fileDay, _fileLength) = (name, day, warcinfo.LongLength);
            return;
        }
    }
}
