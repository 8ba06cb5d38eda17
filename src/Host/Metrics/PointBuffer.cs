using System.Globalization;
using System.Text;

namespace Monitor.Host.Metrics;

/// <summary>One batch file waiting in the buffer.</summary>
/// <param name="Sequence">Order of arrival; batches are sent oldest first.</param>
/// <param name="Points">Lines (points) in the file, taken from its name so counting needs no read.</param>
internal sealed record BufferedBatch(long Sequence, int Points, string Path, long Bytes);

/// <summary>What an enqueue had to give up to stay within the bound.</summary>
internal sealed record BufferTrim(int DroppedBatches, long DroppedPoints);

/// <summary>
/// The bounded on-disk buffer of line-protocol batches (a folder under the state directory).
/// <para>
/// Every point is on disk before a write is tried and a batch file is deleted only after the server
/// acknowledged it. A crash between the acknowledgement and the delete therefore sends that batch
/// again on the next flush, which is harmless: InfluxDB (and VictoriaMetrics) keep one value per
/// measurement, tag set, field and timestamp, so a repeated point overwrites itself. A crash while a
/// batch is being written leaves only a <c>.tmp</c> file (the rename is the commit), which the next
/// open removes; that enqueue never returned, so nobody was told those points were kept.
/// </para>
/// <para>
/// The bound is both a byte size and a file count. Past either, the oldest batches are dropped,
/// their points are counted (returned, and added to <c>dropped.count</c> for the operator).
/// </para>
/// </summary>
internal sealed class PointBuffer
{
    private const string Extension = ".lp";
    private readonly string batches;
    private readonly string rejected;
    private readonly string droppedFile;
    private readonly long maxBytes;
    private readonly int maxBatches;
    private long next;

    public PointBuffer(string folder, long maxBytes, int maxBatches)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatches, 1);
        Folder = folder;
        batches = System.IO.Path.Combine(folder, "batches");
        rejected = System.IO.Path.Combine(folder, "rejected");
        droppedFile = System.IO.Path.Combine(folder, "dropped.count");
        this.maxBytes = maxBytes;
        this.maxBatches = maxBatches;
        Directory.CreateDirectory(batches);
        foreach (var partial in Directory.EnumerateFiles(batches, "*.tmp"))
        {
            File.Delete(partial);
        }

        next = Pending().Select(b => b.Sequence).DefaultIfEmpty(0).Max() + 1;
    }

    public string Folder { get; }

    /// <summary>Points dropped over the buffer's whole life (the bound was hit).</summary>
    public long DroppedTotal => File.Exists(droppedFile)
        ? long.Parse(File.ReadAllText(droppedFile).Trim(), CultureInfo.InvariantCulture)
        : 0;

    /// <summary>Batches waiting, oldest first.</summary>
    public IReadOnlyList<BufferedBatch> Pending() =>
        [.. Directory.EnumerateFiles(batches, "*" + Extension)
            .Select(Parse)
            .OfType<BufferedBatch>()
            .OrderBy(b => b.Sequence)];

    public long PendingPoints => Pending().Sum(b => (long)b.Points);

    /// <summary>Writes the lines as batch files of at most <paramref name="batchSize"/> points, then enforces the bound.</summary>
    public BufferTrim Enqueue(IReadOnlyList<string> lines, int batchSize)
    {
        for (var start = 0; start < lines.Count; start += batchSize)
        {
            var chunk = lines.Skip(start).Take(batchSize).ToList();
            var name = string.Create(CultureInfo.InvariantCulture, $"{next:D20}-{chunk.Count}{Extension}");
            next++;
            var temp = System.IO.Path.Combine(batches, name + ".tmp");
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                var bytes = Encoding.UTF8.GetBytes(string.Join('\n', chunk) + "\n");
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, System.IO.Path.Combine(batches, name));
        }

        return Trim();
    }

    public static IReadOnlyList<string> Read(BufferedBatch batch) =>
        [.. File.ReadAllLines(batch.Path, Encoding.UTF8).Where(l => l.Length > 0)];

    /// <summary>The server acknowledged the batch.</summary>
    public static void Complete(BufferedBatch batch) => File.Delete(batch.Path);

    /// <summary>The server refused the batch for good (HTTP 400): kept aside for an operator, out of the queue.</summary>
    public void Reject(BufferedBatch batch)
    {
        Directory.CreateDirectory(rejected);
        File.Move(batch.Path, System.IO.Path.Combine(rejected, System.IO.Path.GetFileName(batch.Path)), overwrite: true);
    }

    private BufferTrim Trim()
    {
        var pending = Pending().ToList();
        var bytes = pending.Sum(b => b.Bytes);
        int droppedBatches = 0;
        long droppedPoints = 0;
        while (pending.Count > 0 && (pending.Count > maxBatches || bytes > maxBytes))
        {
            var oldest = pending[0];
            pending.RemoveAt(0);
            File.Delete(oldest.Path);
            bytes -= oldest.Bytes;
            droppedBatches++;
            droppedPoints += oldest.Points;
        }

        if (droppedPoints > 0)
        {
            File.WriteAllText(droppedFile, (DroppedTotal + droppedPoints).ToString(CultureInfo.InvariantCulture));
        }

        return new BufferTrim(droppedBatches, droppedPoints);
    }

    private static BufferedBatch? Parse(string path)
    {
        var name = System.IO.Path.GetFileNameWithoutExtension(path);
        var dash = name.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0
            || !long.TryParse(name.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || !int.TryParse(name.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var points))
        {
            return null;
        }

        return new BufferedBatch(sequence, points, path, new FileInfo(path).Length);
    }
}
