namespace Monitor.SamplePortal.Generation;

/// <summary>How a WeChat account is mirrored on the portal.</summary>
internal enum WeChatMirror
{
    /// <summary>An RSS 2.0 feed at <c>/wechat/{slug}/feed.xml</c>.</summary>
    Rss,

    /// <summary>An Atom feed at <c>/wechat/{slug}/atom.xml</c> and a list page at <c>/wechat/{slug}/index.html</c>.</summary>
    AtomAndList,
}

/// <summary>
/// A WeChat public account mirrored by the sample portal. <paramref name="NumericId"/> is the account number whose
/// base64 form is the pages' <c>biz</c>; <paramref name="Slug"/> names its folder under <c>/wechat/</c>.
/// </summary>
internal sealed record WeChatAccount(
    string Id,
    string Nickname,
    string UserName,
    string NumericId,
    string DepartmentId,
    string Slug,
    WeChatMirror Mirror)
{
    /// <summary>The <c>var biz</c> value: base64 of the numeric account id, as on mp.weixin.qq.com.</summary>
    public string Biz => Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(NumericId));

    public string FeedPath => Mirror == WeChatMirror.Rss ? $"/wechat/{Slug}/feed.xml" : $"/wechat/{Slug}/atom.xml";

    /// <summary>The mirror's HTML list page, or null for a feed-only account.</summary>
    public string? ListPath => Mirror == WeChatMirror.AtomAndList ? $"/wechat/{Slug}/index.html" : null;

    /// <summary>Manifest family: <c>wechat-feed</c> (the feed is the source) or <c>wechat-list</c>.</summary>
    public string FamilyName => Mirror == WeChatMirror.Rss ? "wechat-feed" : "wechat-list";
}
