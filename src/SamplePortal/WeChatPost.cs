namespace Monitor.SamplePortal;

/// <summary>
/// One article of a mirrored WeChat account, as the generator planted it (ground truth for tests and diagnostics).
/// </summary>
/// <param name="AccountId">Source id of the account (<c>wx-ywfb</c>, <c>wx-ywjy</c>).</param>
/// <param name="Title">The article title (<c>msg_title</c>).</param>
/// <param name="Path">Article page path, <c>/wechat/s/{token}.html</c>.</param>
/// <param name="PublishedAt">Publication time (<c>var ct</c>), offset +08:00.</param>
/// <param name="Summary">The feed description (<c>msg_desc</c>).</param>
/// <param name="Deleted">The page says the publisher deleted it (the removed-document fault).</param>
public sealed record WeChatPost(string AccountId, string Title, string Path, DateTimeOffset PublishedAt, string Summary, bool Deleted)
{
    /// <summary>The article's message id (<c>var mid</c>).</summary>
    public required long Mid { get; init; }

    /// <summary>The article's signature (<c>var sn</c>, 32 hex digits).</summary>
    public required string Sn { get; init; }

    /// <summary>Body paragraphs (inside <c>#js_content</c>).</summary>
    public required IReadOnlyList<string> Paragraphs { get; init; }

    /// <summary><c>var ct</c>: <see cref="PublishedAt"/> in Unix seconds.</summary>
    public long Ct => PublishedAt.ToUnixTimeSeconds();
}
