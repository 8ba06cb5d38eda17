using System.Globalization;
using System.Text;
using Monitor.SamplePortal.Generation;

namespace Monitor.SamplePortal.Rendering;

/// <summary>Column list pages of both families, as docs/sample-portal.md describes them.</summary>
internal static class ListPages
{
    /// <summary>Entries per TRS list page.</summary>
    public const int TrsPageSize = 15;

    /// <summary>Records per Hanweb page, and pages per group (the column page embeds the first group).</summary>
    public const int HanwebPerPage = 10;
    public const int HanwebPagesPerGroup = 3;

    // Real TRS sites load this from a shared script; inline here so every list page works alone.
    // It builds the links through the DOM so that the page source holds no pseudo links.
    private const string CreatePageHtmlScript =
        "function createPageHTML(count, current, prefix, suffix) {\n" +
        "  if (count <= 1) { return; }\n" +
        "  var box = document.currentScript ? document.currentScript.parentNode : document.body;\n" +
        "  for (var i = 0; i < count; i++) {\n" +
        "    var a = document.createElement('a');\n" +
        "    a.setAttribute('href', i === 0 ? prefix + '.' + suffix : prefix + '_' + i + '.' + suffix);\n" +
        "    a.textContent = String(i + 1);\n" +
        "    if (i === current) { a.className = 'current'; }\n" +
        "    box.appendChild(a);\n" +
        "  }\n" +
        "}\n";

    public static int TrsPageCount(int entries) => Math.Max(1, (entries + TrsPageSize - 1) / TrsPageSize);

    public static string TrsPagePath(ColumnDefinition column, int pageIndex) =>
        pageIndex == 0 ? $"{column.Directory}/index.html" : string.Create(CultureInfo.InvariantCulture, $"{column.Directory}/index_{pageIndex}.html");

    /// <param name="newestFirst">All articles of the column, newest first.</param>
    public static string TrsPage(ColumnDefinition column, IReadOnlyList<Article> newestFirst, int pageIndex)
    {
        var pageCount = TrsPageCount(newestFirst.Count);
        var main = new StringBuilder(4096);
        main.Append("<div class=\"main\">\n<h2 class=\"col-title\">").Append(Html.Encode(column.Name)).Append("</h2>\n<ul class=\"list\">\n");
        foreach (var article in newestFirst.Skip(pageIndex * TrsPageSize).Take(TrsPageSize))
        {
            var title = Html.Encode(article.Title);
            main.Append("<li><a href=\"").Append(article.ListHref).Append("\" title=\"").Append(title).Append("\" target=\"_blank\">")
                .Append(title).Append("</a><span>").Append(article.PublishDate.Iso()).Append("</span></li>\n");
        }

        main.Append("</ul>\n<div class=\"page\"><script>")
            .Append(string.Create(CultureInfo.InvariantCulture, $"createPageHTML({pageCount}, {pageIndex}, \"index\", \"html\");"))
            .Append("</script></div>\n</div>");
        return PageFrame.Document($"{column.Name}_{SiteLayout.SiteName}", column.Gbk, ColumnMetas(column), main.ToString(), CreatePageHtmlScript);
    }

    /// <summary>One Hanweb record: an <c>&lt;li&gt;</c> fragment that goes into a CDATA section.</summary>
    public static string HanwebRecord(Article article)
    {
        var title = Html.Encode(article.Title);
        return $"<li><a href=\"{article.ListHref}\" title=\"{title}\">{title}</a><span>{article.PublishDate.Iso()}</span></li>";
    }

    public static int HanwebPageCount(int records, int perPage) => (records + perPage - 1) / perPage;

    public static string HanwebColumnPage(HanwebColumn column)
    {
        var id = column.Column.HanwebColumnId.ToString(CultureInfo.InvariantCulture);
        var main = new StringBuilder(8192);
        main.Append("<div class=\"main\">\n<h2 class=\"col-title\">").Append(Html.Encode(column.Column.Name)).Append("</h2>\n")
            .Append("<div id=\"").Append(id).Append("\">\n<script type=\"text/javascript\">var param_").Append(id)
            .Append(" = {col:1,appid:1,webid:3301,path:'/',columnid:").Append(id)
            .Append(",sourceContentType:1,unitid:3301,webname:'").Append(SiteLayout.SiteName).Append("',permissiontype:0};</script>\n")
            .Append("<script type=\"text/xml\">")
            .Append(Datastore(column.Records, 0, HanwebPerPage * HanwebPagesPerGroup, HanwebPerPage, xmlDeclaration: false))
            .Append("</script>\n</div>\n</div>");
        return PageFrame.Document($"{column.Column.Name}_{SiteLayout.SiteName}", column.Column.Gbk, ColumnMetas(column.Column), main.ToString());
    }

    /// <summary>A datastore holding <paramref name="count"/> records from 0-based <paramref name="first"/> (clipped at the end).</summary>
    public static string Datastore(IReadOnlyList<string> records, int first, int count, int perPage, bool xmlDeclaration)
    {
        var xml = new StringBuilder(4096);
        if (xmlDeclaration)
        {
            xml.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        }

        xml.Append("<datastore>\n")
            .Append(string.Create(CultureInfo.InvariantCulture, $"<totalrecord>{records.Count}</totalrecord>\n<totalpage>{HanwebPageCount(records.Count, perPage)}</totalpage>\n"))
            .Append("<recordset>\n");
        for (var i = Math.Max(0, first); i < Math.Min(records.Count, first + count); i++)
        {
            xml.Append("<record><![CDATA[").Append(records[i]).Append("]]></record>\n");
        }

        xml.Append("</recordset>\n</datastore>");
        return xml.ToString();
    }

    private static KeyValuePair<string, string>[] ColumnMetas(ColumnDefinition column) =>
    [
        PageFrame.Meta("SiteName", SiteLayout.SiteName),
        PageFrame.Meta("SiteDomain", SiteLayout.SiteDomain),
        PageFrame.Meta("SiteIDCode", SiteLayout.SiteIdCode),
        PageFrame.Meta("ColumnName", column.Name),
        PageFrame.Meta("ColumnType", column.ColumnType),
    ];
}
