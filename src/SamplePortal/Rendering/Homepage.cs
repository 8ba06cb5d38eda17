using System.Text;
using Monitor.SamplePortal.Generation;

namespace Monitor.SamplePortal.Rendering;

/// <summary>The homepage: navigation, a 要闻 block and a 通知公告 block, each entry with <c>span.date</c>.</summary>
internal static class Homepage
{
    public static string Render(IReadOnlyList<Article> news, IReadOnlyList<Article> notices)
    {
        var main = new StringBuilder(4096);
        main.Append("<div class=\"main home\">\n");
        Block(main, "yw", "要闻", SiteLayout.Dtyw, news);
        Block(main, "tzgg", "通知公告", SiteLayout.Tzgg, notices);
        main.Append("</div>");
        var metas = new[]
        {
            PageFrame.Meta("SiteName", SiteLayout.SiteName),
            PageFrame.Meta("SiteDomain", SiteLayout.SiteDomain),
            PageFrame.Meta("SiteIDCode", SiteLayout.SiteIdCode),
            PageFrame.Meta("ColumnName", "首页"),
            PageFrame.Meta("ColumnType", "首页"),
        };
        return PageFrame.Document(SiteLayout.SiteName, gbk: false, metas, main.ToString());
    }

    private static void Block(StringBuilder main, string cssClass, string heading, ColumnDefinition column, IReadOnlyList<Article> entries)
    {
        main.Append("<div class=\"").Append(cssClass).Append("\">\n<h2><a href=\"").Append(column.ListPath).Append("\">").Append(heading)
            .Append("</a></h2>\n<ul>\n");
        foreach (var article in entries)
        {
            main.Append("<li><a href=\"").Append(Html.Encode(article.Path)).Append("\" target=\"_blank\">").Append(Html.Encode(article.Title))
                .Append("</a><span class=\"date\">").Append(article.PublishDate.Iso()).Append("</span></li>\n");
        }

        main.Append("</ul>\n</div>\n");
    }
}
