using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Monitor.Crawler.Extraction;

/// <summary>
/// Fields of a WeChat public-account article page (mp.weixin.qq.com markup, or a mirror's copy of it): the inline
/// script variables (<c>var ct</c> publish time in Unix seconds, <c>msg_title</c>, <c>nickname</c>, <c>user_name</c>,
/// <c>msg_source_url</c>), DOM fallbacks (<c>#js_content</c>, <c>h1.rich_media_title</c>, <c>#js_name</c>), and the
/// error pages WeChat shows instead of an article (deleted, violation, account blocked or migrated, captcha).
/// Error phrases are looked for outside the article body only, so an article quoting 该内容已被发布者删除 stays
/// normal. Pure: DOM in, fields out.
/// </summary>
internal static partial class WeChatArticleExtractor
{
    // Most specific first: an account-level state wins over an article-level one on the same page.
    private static readonly (ArticlePageState State, string[] Phrases)[] StatePhrases =
    [
        (ArticlePageState.AccountMigrated, ["该公众号已迁移", "帐号迁移流程中", "账号迁移流程中"]),
        (ArticlePageState.AccountClosed, ["此帐号已被屏蔽", "此账号已被屏蔽", "此帐号已自主注销", "此账号已自主注销"]),
        (ArticlePageState.Removed, ["该内容已被发布者删除", "此内容因违规无法查看", "涉嫌侵权", "链接已过期", "不实信息"]),
        (ArticlePageState.Unavailable, ["访问过于频繁", "环境异常", "去验证", "参数错误"]),
    ];

    [GeneratedRegex(@"(?:\bvar\s+|\bwindow\.|\bd\.)ct\s*=\s*[""']?(?<v>\d{9,11})")]
    private static partial Regex CtVar();

    [GeneratedRegex(@"\bcreate_time\s*[:=]\s*(?:JsDecode\()?[""']?(?<v>\d{9,11})")]
    private static partial Regex CreateTime();

    [GeneratedRegex(@"transfer_target_link\s*[:=]\s*[""'](?<v>[^""']+)[""']")]
    private static partial Regex TransferTarget();

    [GeneratedRegex(@"\\(?:x(?<x>[0-9A-Fa-f]{2})|u(?<u>[0-9A-Fa-f]{4})|u\{(?<cp>[0-9A-Fa-f]{1,6})\}|(?<c>.))", RegexOptions.Singleline)]
    private static partial Regex JsEscape();

    /// <summary>
    /// True for WeChat article markup (<c>var ct</c>, <c>#js_content</c>, <c>rich_media</c>) and for WeChat's
    /// error pages (a recognised error phrase, <c>page_rumor</c>, <c>transfer_target_link</c>).
    /// </summary>
    public static bool Recognizes(IDocument doc) =>
        doc.QuerySelector("#js_content, .rich_media_content, .rich_media_title, #activity-name, [class*='rich_media']") is not null
        || CtVar().IsMatch(Scripts(doc))
        || Classify(doc).State != ArticlePageState.Normal;

    public static ExtractedArticle Extract(IDocument doc, Uri url)
    {
        var scripts = Scripts(doc);
        var (state, message) = Classify(doc, scripts);
        var baseUrl = GenericListAdapter.BaseUrl(doc);
        var content = doc.QuerySelector("#js_content") ?? doc.QuerySelector(".rich_media_content");

        var title = JsVar(scripts, "msg_title")
            ?? Visible(doc.QuerySelector("h1.rich_media_title"))
            ?? Visible(doc.QuerySelector("#activity-name"))
            ?? NonEmpty(DateText.Normalize(doc.QuerySelector("meta[property='og:title']")?.GetAttribute("content")))
            ?? JsVar(scripts, "title");
        var nickname = JsVar(scripts, "nickname")
            ?? JsVar(scripts, "nick_name")
            ?? Visible(doc.QuerySelector("#js_name"))
            ?? Visible(doc.QuerySelector(".profile_nickname"))
            ?? Visible(doc.QuerySelector(".wx_follow_nickname"));
        var userName = JsVar(scripts, "user_name");

        var pubDate = PublishTime(scripts);
        var shown = Visible(doc.QuerySelector("#publish_time")) ?? Visible(doc.QuerySelector("#post-date"));
        var displayed = (shown is null ? null : DateText.FindFirst(shown))
            ?? (pubDate is { } p ? DateOnly.FromDateTime(p.ToOffset(DateText.ShanghaiOffset).DateTime) : null);

        // An error page has no body; its message is what the reader sees, kept as the body text (the How of a removal).
        var body = state == ArticlePageState.Normal
            ? (content is null ? "" : DomText.Visible(content))
            : message ?? "";
        var links = content is null || state != ArticlePageState.Normal
            ? []
            : ArticleExtractor.Links(content.QuerySelectorAll("a[href]"), baseUrl).ToList();
        var attachments = links.Where(l => l.IsAttachment).ToList();

        return new ExtractedArticle(
            url,
            title,
            pubDate,
            displayed,
            null,
            nickname,
            null,
            null,
            JsVar(scripts, "msg_source_url"),
            null,
            body,
            attachments,
            links)
        {
            MetaNames = ArticleExtractor.MetaNames(doc),
            PageState = state,
            AccountName = nickname,
            AccountUserName = userName,
        };
    }

    /// <summary>The page's state and the phrase that decided it (null for a normal page).</summary>
    public static (ArticlePageState State, string? Message) Classify(IDocument doc) => Classify(doc, Scripts(doc));

    private static (ArticlePageState State, string? Message) Classify(IDocument doc, string scripts)
    {
        var content = doc.QuerySelector("#js_content");
        var outside = doc.Body is null ? "" : DomText.Visible(doc.Body, content);
        foreach (var (state, phrases) in StatePhrases)
        {
            foreach (var phrase in phrases)
            {
                if (outside.Contains(phrase, StringComparison.Ordinal))
                    return (state, MessageAround(doc, content, phrase));
            }
        }
        if (TransferTarget().IsMatch(scripts) || doc.QuerySelector("#transfer_target_link, .transfer_target_link") is not null)
            return (ArticlePageState.AccountMigrated, "该公众号已迁移");
        if (doc.QuerySelector("#page_rumor, .page_rumor") is not null || scripts.Contains("page_rumor", StringComparison.Ordinal))
            return (ArticlePageState.Removed, "不实信息");
        return (ArticlePageState.Normal, null);
    }

    /// <summary>The text of the smallest element outside the body that states <paramref name="phrase"/> (the error title).</summary>
    private static string MessageAround(IDocument doc, IElement? content, string phrase)
    {
        IElement? best = null;
        foreach (var element in doc.Body!.QuerySelectorAll("*"))
        {
            if (DomText.IsInvisible(element) || (content is not null && (ReferenceEquals(element, content) || content.Contains(element))))
                continue;
            if (element.TextContent.Contains(phrase, StringComparison.Ordinal)
                && (best is null || element.TextContent.Length < best.TextContent.Length))
                best = element;
        }
        var text = best is null ? phrase : DomText.Visible(best);
        return text.Length is > 0 and <= 200 ? text : phrase;
    }

    private static DateTimeOffset? PublishTime(string scripts)
    {
        var m = CtVar().Match(scripts);
        if (!m.Success)
            m = CreateTime().Match(scripts);
        if (!m.Success || !long.TryParse(m.Groups["v"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return null;
        return DateTimeOffset.FromUnixTimeSeconds(seconds).ToOffset(DateText.ShanghaiOffset);
    }

    /// <summary>
    /// The value of a script variable as WeChat writes them: <c>var name = "…"</c>, <c>var name = '…'.html(false)</c>,
    /// <c>var name = htmlDecode("…")</c>, <c>window.name = …</c>, <c>d.name = …</c>, <c>name: '…'</c>; the first
    /// non-empty quoted value, with JS escapes (<c>\x26</c>, <c>\u…</c>) and then HTML entities decoded.
    /// </summary>
    public static string? JsVar(string scripts, string name)
    {
        var pattern = $@"(?:\bvar\s+|\bwindow\.|\bd\.|[{{,]\s*|^\s*)(?:{Regex.Escape(name)})\s*[:=]\s*(?:[A-Za-z_.]+\(\s*)?(?<q>[""'])(?<v>(?:\\.|(?!\k<q>)[^\\\r\n])*)\k<q>";
        foreach (Match m in Regex.Matches(scripts, pattern, RegexOptions.Multiline, TimeSpan.FromSeconds(1)))
        {
            var value = NonEmpty(DateText.Normalize(WebUtility.HtmlDecode(UnescapeJs(m.Groups["v"].Value))));
            if (value is not null)
                return value;
        }
        return null;
    }

    /// <summary>Decodes JavaScript string escapes: <c>\xHH</c>, <c>\uHHHH</c>, <c>\u{H…}</c>, <c>\n</c>, <c>\'</c> ….</summary>
    public static string UnescapeJs(string value)
    {
        if (!value.Contains('\\', StringComparison.Ordinal))
            return value;
        return JsEscape().Replace(value, m =>
        {
            if (m.Groups["x"].Success)
                return ((char)int.Parse(m.Groups["x"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString();
            if (m.Groups["u"].Success)
                return ((char)int.Parse(m.Groups["u"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString();
            if (m.Groups["cp"].Success)
            {
                var cp = int.Parse(m.Groups["cp"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                return cp <= 0x10FFFF && cp is < 0xD800 or > 0xDFFF ? char.ConvertFromUtf32(cp) : "";
            }
            return m.Groups["c"].Value switch
            {
                "n" => "\n",
                "r" => "\r",
                "t" => "\t",
                "b" => "\b",
                "f" => "\f",
                "v" => "\v",
                "0" => "\0",
                var other => other,
            };
        });
    }

    private static string Scripts(IDocument doc)
    {
        var text = new StringBuilder();
        foreach (var script in doc.QuerySelectorAll("script"))
        {
            if (script.GetAttribute("src") is null)
                text.Append(script.TextContent).Append('\n');
        }
        return text.ToString();
    }

    private static string? Visible(IElement? e) => e is null ? null : NonEmpty(DomText.Visible(e));

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
