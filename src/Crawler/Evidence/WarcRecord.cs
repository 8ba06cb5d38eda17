namespace Monitor.Crawler.Evidence;

/// <summary>One WARC record as read back: its named fields in order and its block (for request/response: the HTTP message).</summary>
public sealed record WarcRecord(string Version, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Block)
{
    /// <summary>The first value of a named field (names are case-insensitive), or null.</summary>
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)) is { Key: not null } h ? h.Value : null;

    /// <summary><c>warcinfo</c>, <c>request</c>, <c>response</c>, ….</summary>
    public string? Type => Header("WARC-Type");

    public string? RecordId => Header("WARC-Record-ID");

    public string? TargetUri => Header("WARC-Target-URI");

    public string? ConcurrentTo => Header("WARC-Concurrent-To");

    /// <summary>The HTTP head of a request/response block (start line and headers, without the blank line); null for other types.</summary>
    public string? HttpHead => SplitAt() is { } split ? System.Text.Encoding.UTF8.GetString(Block, 0, split - 4) : null;

    /// <summary>The HTTP body of a request/response block; the whole block for other record types.</summary>
    public byte[] Payload => SplitAt() is { } split ? Block[split..] : Block;

    private int? SplitAt()
    {
        if (Type is not ("request" or "response"))
            return null;
        var at = Block.AsSpan().IndexOf("\r\n\r\n"u8);
        return at < 0 ? null : at + 4;
    }
}
