namespace Monitor.Crawler.Evidence;

/// <summary>
/// What an export wrote. <paramref name="Records"/> counts every record in the file (the warcinfo record included);
/// <paramref name="Captures"/> the request+response pairs copied; <paramref name="WithoutRecords"/> the asked-for
/// SHA-256s for which the evidence has no WARC record (captured before WARC writing, or its file is damaged).
/// </summary>
public sealed record WarcExportResult(string File, int Records, int Captures, IReadOnlyList<string> Found, IReadOnlyList<string> WithoutRecords);

/// <summary>
/// Copies the exact request/response records of chosen captures out of the evidence WARC files into one new
/// <c>.warc.gz</c> (its own warcinfo first). Bytes are copied as stored, by the offsets in the index, and every
/// copied pair is read back and its payload digest checked against the SHA-256 it was asked for before it is kept.
/// </summary>
public static class WarcExport
{
    /// <param name="evidenceRoot">The evidence folder (holding <c>warc/</c>).</param>
    /// <param name="sha256s">Lower-hex SHA-256s of the objects whose captures are wanted.</param>
    /// <param name="outFile">The file to write; written to a temporary name first and moved into place.</param>
    /// <param name="at">The time for the export's warcinfo record.</param>
    /// <param name="description">Extra warcinfo fields (e.g. which finding the export is for).</param>
    public static async Task<WarcExportResult> WriteAsync(
        string evidenceRoot, IReadOnlyCollection<string> sha256s, string outFile, DateTimeOffset at,
        IEnumerable<KeyValuePair<string, string>> description, CancellationToken ct)
    {
        var warcDirectory = FileEvidenceStore.WarcDirectoryOf(evidenceRoot);
        var wanted = new HashSet<string>(sha256s, StringComparer.Ordinal);
        var entries = (await WarcIndex.ReadAsync(warcDirectory, ct).ConfigureAwait(false))
            .Where(e => wanted.Contains(e.Sha256))
            .DistinctBy(e => (e.File, e.Offset))
            .OrderBy(e => e.FetchedAt).ThenBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Offset)
            .ToList();

        var outPath = Path.GetFullPath(outFile);
        Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
        var temp = outPath + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var found = new HashSet<string>(StringComparer.Ordinal);
        var captures = 0;
        try
        {
            await using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                await output.WriteAsync(WarcRecordWriter.Warcinfo(Path.GetFileName(outPath), at, description), ct).ConfigureAwait(false);
                foreach (var entry in entries)
                {
                    var pair = await ReadPairAsync(warcDirectory, entry, ct).ConfigureAwait(false);
                    if (pair is null)
                        continue;
                    await output.WriteAsync(pair, ct).ConfigureAwait(false);
                    found.Add(entry.Sha256);
                    captures++;
                }
            }
            File.Move(temp, outPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }

        return new WarcExportResult(
            outPath, 1 + (2 * captures), captures,
            [.. sha256s.Where(found.Contains).Distinct()],
            [.. sha256s.Where(s => !found.Contains(s)).Distinct()]);
    }

    /// <summary>The stored bytes of one pair, or null when the file is missing or the bytes are not that capture's records.</summary>
    private static async Task<byte[]?> ReadPairAsync(string warcDirectory, WarcIndexEntry entry, CancellationToken ct)
    {
        var path = Path.Combine(warcDirectory, entry.File);
        if (!File.Exists(path) || entry.Length > int.MaxValue)
            return null;
        var bytes = new byte[entry.Length];
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            if (entry.Offset < 0 || entry.Offset + entry.Length > file.Length)
                return null;
            file.Seek(entry.Offset, SeekOrigin.Begin);
            await file.ReadExactlyAsync(bytes, ct).ConfigureAwait(false);
        }
        var read = WarcReader.Read(bytes);
        var ok = !read.TruncatedTail && read.Records is [{ Type: "request" }, { Type: "response" } response]
            && WarcDigest.ToHex(response.Header("WARC-Payload-Digest")) == entry.Sha256
            && ContentHash.Sha256Hex(response.Payload) == entry.Sha256;
        return ok ? bytes : null;
    }
}
