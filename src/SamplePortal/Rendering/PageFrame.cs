using System.Text;
using Monitor.SamplePortal.Generation;

namespace Monitor.SamplePortal.Rendering;

/// <summary>The shell every HTML page shares: head with charset and meta tags, site header with navigation, footer.</summary>
internal static class PageFrame
{
    public static string Document(string title, bool gbk, IEnumerable<KeyValuePair<string, string>> metas, string main, string? headScript = null)
    {
        var html = new StringBuilder(4096);
        html.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n");
        html.Append(gbk
            ? "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\n"
            : "<meta charset=\"utf-8\">\n");
        html.Append("<title>").Append(Html.Encode(title)).Append("</title>\n");
        foreach (var (name, content) in metas)
        {
            html.Append("<meta name=\"").Append(name).Append("\" content=\"").Append(Html.Encode(content)).Append("\">\n");
        }

        if (headScript is not null)
        {
            html.Append("<script>").Append(headScript).Append("</script>\n");
        }

        html.Append("</head>\n<body>\n<div class=\"top\"><div class=\"logo\"><a href=\"/index.html\">")
            .Append(SiteLayout.SiteName).Append("</a></div>\n<ul class=\"nav\">\n");
        foreach (var source in SiteLayout.Sources)
        {
            html.Append("<li><a href=\"").Append(source.ListPath).Append("\">").Append(Html.Encode(source.Name)).Append("</a></li>\n");
        }

        html.Append("</ul></div>\n").Append(main).Append('\n');
        Footer(html);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    public static KeyValuePair<string, string> Meta(string name, string content) => new(name, content);

    // Every page carries the identity footer, as real government sites do; the site checks read it on the homepage.
    private static void Footer(StringBuilder html)
    {
        html.Append("<div class=\"footer\">\n<p>主办：").Append(SiteLayout.Szfb.Name)
            .Append("（示例站点） 联系电话：0579-00000000（示例号码）</p>\n<p>网站标识码：").Append(SiteLayout.SiteIdCode)
            .Append(" <span class=\"icp\">").Append(SiteLayout.IcpRecord)
            .Append("</span> <span class=\"gaba\">").Append(SiteLayout.PoliceRecord).Append("</span></p>\n")
            .Append("<p class=\"ident\"><a class=\"dzjg\" href=\"").Append(Html.Encode(SiteLayout.ConacUrl))
            .Append("\" target=\"_blank\"><img src=\"").Append(SiteLayout.ConacImagePath).Append("\" alt=\"党政机关\" width=\"48\" height=\"48\"></a> ")
            .Append("<a class=\"jiucuo\" href=\"").Append(Html.Encode(SiteLayout.JiucuoUrl)).Append("\" target=\"_blank\">我为政府网站找错</a></p>\n</div>\n");
    }
}

/// <summary>Minimal HTML escaping: only the five markup characters, so Chinese text stays literal on the page.</summary>
internal static class Html
{
    public static string Encode(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }
}
