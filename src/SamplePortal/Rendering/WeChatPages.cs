using System.Globalization;
using System.Text;
using Monitor.SamplePortal.Generation;

namespace Monitor.SamplePortal.Rendering;

/// <summary>
/// WeChat mirrors: article pages in mp.weixin.qq.com markup (disclosure-standards §4.5), the publisher-deleted,
/// blocked, migrated and captcha pages, RSS 2.0 and Atom feeds, and the mirror's HTML list page.
/// </summary>
internal static class WeChatPages
{
    /// <summary>Fixture pages linked from no feed (tests of the crawler's page-state classification).</summary>
    public const string BlockedPath = "/wechat/s/blocked.html";

    public const string MigratedPath = "/wechat/s/migrated.html";

    public const string VerifyPath = "/wechat/s/verify.html";

    public static string Article(WeChatAccount account, WeChatPost post)
    {
        var title = Html.Encode(post.Title);
        var canonical = Canonical(account, post);
        var html = new StringBuilder(8192);
        html.Append("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1.0,maximum-scale=1.0,user-scalable=0,viewport-fit=cover\">\n")
            .Append("<meta property=\"og:title\" content=\"").Append(title).Append("\">\n")
            .Append("<meta property=\"og:url\" content=\"").Append(Html.Encode(canonical)).Append("\">\n")
            .Append("<meta property=\"og:description\" content=\"").Append(Html.Encode(post.Summary)).Append("\">\n")
            .Append("<meta property=\"og:site_name\" content=\"微信公众平台\">\n<meta property=\"og:type\" content=\"article\">\n")
            .Append("<meta property=\"twitter:card\" content=\"summary\">\n")
            .Append("<title>").Append(title).Append("</title>\n</head>\n")
            .Append("<body id=\"activity-detail\" class=\"zh_CN wx_wap_page\">\n")
            .Append("<div id=\"js_article\" class=\"rich_media\">\n<div class=\"rich_media_inner\">\n<div id=\"page-content\" class=\"rich_media_area_primary\">\n")
            .Append("<div class=\"rich_media_area_primary_inner\">\n")
            .Append("<h1 class=\"rich_media_title\" id=\"activity-name\">\n").Append(title).Append("\n</h1>\n")
            .Append("<div id=\"meta_content\" class=\"rich_media_meta_list\">\n")
            .Append("<span class=\"rich_media_meta rich_media_meta_nickname\" id=\"profileBt\"><a href=\"javascript:void(0);\" class=\"wx_tap_link js_wx_tap_highlight weui-wa-hotarea\" id=\"js_name\">")
            .Append(Html.Encode(account.Nickname)).Append("</a></span>\n")
            .Append("<em id=\"publish_time\" class=\"rich_media_meta rich_media_meta_text\"></em>\n</div>\n")
            .Append("<div class=\"rich_media_content js_underline_content\" id=\"js_content\" style=\"visibility: hidden;\">\n");
        foreach (var paragraph in post.Paragraphs)
        {
            html.Append("<p style=\"text-indent: 2em;\"><span>").Append(Html.Encode(paragraph)).Append("</span></p>\n");
        }

        html.Append("</div>\n</div>\n</div>\n</div>\n</div>\n")
            .Append("<script type=\"text/javascript\" nonce=\"sample\">\n")
            .Append("var biz = \"").Append(account.Biz).Append("\" || \"\";\n")
            .Append("var sn = \"").Append(post.Sn).Append("\" || \"\";\n")
            .Append("var mid = \"").Append(post.Mid.ToString(CultureInfo.InvariantCulture)).Append("\" || \"\";\n")
            .Append("var idx = \"1\" || \"\";\n")
            .Append("var ct = \"").Append(post.Ct.ToString(CultureInfo.InvariantCulture)).Append("\";\n")
            .Append("var msg_title = '").Append(Js(post.Title)).Append("';\n")
            .Append("var msg_desc = \"").Append(Js(post.Summary)).Append("\";\n")
            .Append("var msg_link = \"").Append(Js(canonical)).Append("\";\n")
            .Append("var msg_source_url = '';\n")
            .Append("var nickname = \"").Append(Js(account.Nickname)).Append("\";\n")
            .Append("var user_name = \"").Append(account.UserName).Append("\";\n")
            .Append("var _ori_article_type = \"政务\";\n")
            // The real page formats ct into #publish_time; the crawler must read ct, not the empty element.
            .Append("var publishTime = document.getElementById('publish_time');\n")
            .Append("if (publishTime) { var d = new Date(parseInt(ct, 10) * 1000); publishTime.textContent = d.getFullYear() + '年' + (d.getMonth() + 1) + '月' + d.getDate() + '日'; }\n")
            .Append("document.getElementById('js_content').style.visibility = 'visible';\n")
            .Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>What mp.weixin.qq.com shows for a post its publisher deleted.</summary>
    public static string Deleted() => Message("该内容已被发布者删除", null, extra: null);

    public static string Blocked() => Message("此帐号已被屏蔽, 内容无法查看", "此帐号因违反相关法律法规或平台规范，已被屏蔽。", extra: null);

    public static string Migrated(string targetPath) => Message(
        "该公众号已迁移",
        "该公众号已迁移至新的帐号，原帐号已回收。若需访问原文章链接，请点击下方按钮。",
        $"<p class=\"weui-msg__desc\"><a id=\"js_transfer_target_link\" href=\"{Html.Encode(targetPath)}\">访问文章</a></p>\n"
        + $"<script type=\"text/javascript\">var transfer_target_link = \"{Js(targetPath)}\";</script>\n");

    public static string Verify() => Message(
        "环境异常",
        "当前环境异常，完成验证后即可继续访问。",
        "<div class=\"weui-msg__opr-area\"><a id=\"js_verify\" class=\"weui-btn weui-btn_primary\" href=\"javascript:;\">去验证</a></div>\n");

    public static string Rss(WeChatAccount account, IReadOnlyList<WeChatPost> newestFirst)
    {
        var xml = new StringBuilder(8192);
        xml.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">\n<channel>\n")
            .Append("<title>").Append(Xml(account.Nickname)).Append("</title>\n")
            .Append("<link>/</link>\n")
            .Append("<description>").Append(Xml(account.Nickname)).Append("微信公众号文章镜像</description>\n")
            .Append("<language>zh-cn</language>\n");
        if (newestFirst.Count > 0)
        {
            xml.Append("<lastBuildDate>").Append(Rfc822(newestFirst[0].PublishedAt)).Append("</lastBuildDate>\n");
        }

        foreach (var post in newestFirst)
        {
            xml.Append("<item>\n<title>").Append(Xml(post.Title)).Append("</title>\n")
                .Append("<link>").Append(Xml(post.Path)).Append("</link>\n")
                .Append("<guid isPermaLink=\"false\">").Append(Xml(Guid(account, post))).Append("</guid>\n")
                .Append("<pubDate>").Append(Rfc822(post.PublishedAt)).Append("</pubDate>\n")
                .Append("<description>").Append(Xml(post.Summary)).Append("</description>\n</item>\n");
        }

        xml.Append("</channel>\n</rss>\n");
        return xml.ToString();
    }

    public static string Atom(WeChatAccount account, IReadOnlyList<WeChatPost> newestFirst)
    {
        var xml = new StringBuilder(8192);
        xml.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n")
            .Append("<title>").Append(Xml(account.Nickname)).Append("</title>\n")
            .Append("<id>urn:sample:wechat:").Append(account.UserName).Append("</id>\n");
        if (account.ListPath is { } list)
        {
            xml.Append("<link rel=\"alternate\" type=\"text/html\" href=\"").Append(Xml(list)).Append("\"/>\n");
        }

        xml.Append("<link rel=\"self\" href=\"").Append(Xml(account.FeedPath)).Append("\"/>\n");
        if (newestFirst.Count > 0)
        {
            xml.Append("<updated>").Append(Iso(newestFirst[0].PublishedAt)).Append("</updated>\n");
        }

        xml.Append("<author><name>").Append(Xml(account.Nickname)).Append("</name></author>\n");
        foreach (var post in newestFirst)
        {
            xml.Append("<entry>\n<title>").Append(Xml(post.Title)).Append("</title>\n")
                .Append("<link rel=\"alternate\" type=\"text/html\" href=\"").Append(Xml(post.Path)).Append("\"/>\n")
                .Append("<id>").Append(Xml(Guid(account, post))).Append("</id>\n")
                .Append("<published>").Append(Iso(post.PublishedAt)).Append("</published>\n")
                .Append("<updated>").Append(Iso(post.PublishedAt)).Append("</updated>\n")
                .Append("<summary>").Append(Xml(post.Summary)).Append("</summary>\n</entry>\n");
        }

        xml.Append("</feed>\n");
        return xml.ToString();
    }

    /// <summary>The mirror's list page: the same posts as the feed, one <c>li</c> each with a date.</summary>
    public static string List(WeChatAccount account, IReadOnlyList<WeChatPost> newestFirst)
    {
        var main = new StringBuilder(4096);
        main.Append("<div class=\"main wechat\">\n<h2 class=\"col-title\">").Append(Html.Encode(account.Nickname)).Append(" 微信公众号</h2>\n<ul class=\"list\">\n");
        foreach (var post in newestFirst)
        {
            var title = Html.Encode(post.Title);
            main.Append("<li><a href=\"").Append(Html.Encode(post.Path)).Append("\" title=\"").Append(title).Append("\" target=\"_blank\">")
                .Append(title).Append("</a><span>").Append(DateOnly.FromDateTime(post.PublishedAt.DateTime).Iso()).Append("</span></li>\n");
        }

        main.Append("</ul>\n</div>");
        var metas = new[]
        {
            PageFrame.Meta("SiteName", SiteLayout.SiteName),
            PageFrame.Meta("SiteDomain", SiteLayout.SiteDomain),
            PageFrame.Meta("SiteIDCode", SiteLayout.SiteIdCode),
            PageFrame.Meta("ColumnName", account.Nickname),
            PageFrame.Meta("ColumnType", "新媒体"),
        };
        return PageFrame.Document($"{account.Nickname}_{SiteLayout.SiteName}", gbk: false, metas, main.ToString());
    }

    private static string Message(string title, string? description, string? extra)
    {
        var html = new StringBuilder(2048);
        html.Append("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1.0,maximum-scale=1.0,user-scalable=0\">\n")
            .Append("<title></title>\n</head>\n<body class=\"zh_CN\">\n")
            .Append("<div id=\"js_article\" class=\"weui-msg\">\n")
            .Append("<div class=\"weui-msg__icon-area\"><i class=\"weui-icon-warn weui-icon_msg\"></i></div>\n")
            .Append("<div class=\"weui-msg__text-area\">\n<h2 class=\"weui-msg__title\">").Append(Html.Encode(title)).Append("</h2>\n");
        if (description is not null)
        {
            html.Append("<p class=\"weui-msg__desc\">").Append(Html.Encode(description)).Append("</p>\n");
        }

        html.Append(extra).Append("</div>\n</div>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string Canonical(WeChatAccount account, WeChatPost post) =>
        string.Create(CultureInfo.InvariantCulture, $"http://mp.weixin.qq.com/s?__biz={account.Biz}&mid={post.Mid}&idx=1&sn={post.Sn}#rd");

    private static string Guid(WeChatAccount account, WeChatPost post) =>
        string.Create(CultureInfo.InvariantCulture, $"{account.UserName}:{post.Mid}:1");

    private static string Rfc822(DateTimeOffset time) => time.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture) + "+0800";

    private static string Iso(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss'+08:00'", CultureInfo.InvariantCulture);

    private static string Xml(string text) => SecurityElementEscape(text);

    private static string SecurityElementEscape(string text) => System.Security.SecurityElement.Escape(text);

    /// <summary>A JavaScript string literal body (either quote), safe inside a script element.</summary>
    private static string Js(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '\\' => "\\\\",
                '\'' => "\\x27",
                '"' => "\\x22",
                '<' => "\\x3c",
                '>' => "\\x3e",
                '\n' => "\\n",
                '\r' => "\\r",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }
}
