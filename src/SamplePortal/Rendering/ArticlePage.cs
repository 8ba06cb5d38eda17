using System.Text;
using Monitor.SamplePortal.Generation;

namespace Monitor.SamplePortal.Rendering;

/// <summary>Article pages: meta tags, the 信息公开 metadata table, title, date line, body between the ZJEG_RSS markers, attachments.</summary>
internal static class ArticlePage
{
    public static string Render(Article article)
    {
        var column = article.Column;
        var draft = article.Draft;
        var publisher = SiteLayout.DepartmentOf(column).Name;
        var hanweb = column.Family == ListFamily.Hanweb;
        var metas = new[]
        {
            PageFrame.Meta("SiteName", SiteLayout.SiteName),
            PageFrame.Meta("SiteDomain", SiteLayout.SiteDomain),
            PageFrame.Meta("SiteIDCode", SiteLayout.SiteIdCode),
            PageFrame.Meta("ColumnName", column.Name),
            PageFrame.Meta("ColumnType", column.ColumnType),
            PageFrame.Meta("ArticleTitle", draft.Title),
            PageFrame.Meta("PubDate", $"{draft.PublishDate.Iso()} {draft.PublishTime.Clock()}"),
            PageFrame.Meta("ContentSource", publisher),
        };

        var cells = new List<(string Label, string Value)>
        {
            ("索引号", article.IndexNumber),
            ("发布机构", publisher),
            ("成文日期", draft.WrittenDate.Iso()),
            ("发布日期", draft.PublishDate.Iso()),
        };
        if (draft.DocumentNumber is not null)
        {
            cells.Add(("文号", draft.DocumentNumber));
        }

        var main = new StringBuilder(8192);
        main.Append("<div class=\"main article\">\n<table class=\"xxgk-meta\">\n");
        for (var i = 0; i < cells.Count; i += 2)
        {
            main.Append("<tr>");
            foreach (var (label, value) in cells.Skip(i).Take(2))
            {
                main.Append(hanweb ? $"<th>{label}</th>" : $"<td class=\"t1\">{label}：</td>").Append("<td>").Append(Html.Encode(value)).Append("</td>");
            }

            main.Append("</tr>\n");
        }

        main.Append("</table>\n<h1>").Append(Html.Encode(draft.Title)).Append("</h1>\n<div class=\"info\">");
        main.Append(hanweb
            ? $"<span>发布时间：{draft.PublishDate.Iso()} {draft.PublishTime.Clock()}</span>"
            : $"<span>日期：{draft.PublishDate.Iso()}</span>");
        main.Append("<span>来源：").Append(Html.Encode(publisher)).Append("</span></div>\n");

        main.Append(hanweb ? "<div id=\"zoom\">" : "<div class=\"TRS_Editor\">").Append("<!--ZJEG_RSS.content.begin-->\n");
        foreach (var paragraph in draft.Paragraphs)
        {
            main.Append("<p>").Append(Html.Encode(paragraph)).Append("</p>\n");
        }

        if (draft.Link is { } link)
        {
            main.Append("<p>").Append(Html.Encode(link.Lead)).Append("<a href=\"").Append(Html.Encode(link.Href)).Append("\">")
                .Append(Html.Encode(link.Text)).Append("</a></p>\n");
        }

        main.Append("<!--ZJEG_RSS.content.end--></div>\n");
        if (article.Attachments.Count > 0)
        {
            main.Append("<div class=\"fj\">附件：");
            foreach (var attachment in article.Attachments)
            {
                main.Append("<p><a href=\"").Append(Html.Encode(attachment.Href)).Append("\">").Append(Html.Encode(attachment.Name)).Append("</a></p>");
            }

            main.Append("</div>\n");
        }

        main.Append("</div>");
        return PageFrame.Document(draft.Title, column.Gbk, metas, main.ToString());
    }
}
