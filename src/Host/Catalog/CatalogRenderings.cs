using System.Globalization;
using System.Text;
using Monitor.Alerting;
using Monitor.Host.Exports;

namespace Monitor.Host.Catalog;

/// <summary>
/// The catalog table as Markdown (for review in a repository or wiki), as one self-contained HTML page
/// (inline CSS, A4 landscape print styles, no script, every text encoded) and as a workbook with one
/// worksheet per area. All three depend on the table only, so the same rules give the same bytes
/// (the workbook's zip container aside).
/// </summary>
internal static class CatalogRenderings
{
    public static string Markdown(CatalogTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var md = new StringBuilder();
        md.Append("# ").Append(MdText(table.Title)).Append("\n\n");
        md.Append(MdText(table.Subtitle)).Append("。\n\n");
        md.Append(MdText(CatalogTable.Legend)).Append('\n');
        foreach (var area in table.Areas)
        {
            md.Append("\n## ").Append(MdText(area.Heading)).Append("\n\n");
            md.Append(CultureInfo.InvariantCulture, $"领域编号 `{area.Area.Id}`；依据指引：{MdText(area.Area.Guideline)}；共 {area.Rows.Count} 项。\n\n");
            md.Append("| ").Append(string.Join(" | ", area.Headers.Select(MdText))).Append(" |\n");
            md.Append('|').Append(string.Concat(area.Columns.Select(_ => " --- |"))).Append('\n');
            foreach (var row in area.Rows)
            {
                md.Append("| ").Append(string.Join(" | ", row.Cells.Select(lines => string.Join("<br>", lines.Select(MdText))))).Append(" |\n");
            }
        }

        return md.ToString();
    }

    public static string Html(CatalogTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(SafeHtml.Text(table.Title)).Append("</title>\n")
            .Append("<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n");
        html.Append("<header>\n<h1>").Append(SafeHtml.Text(table.Title)).Append("</h1>\n")
            .Append("<p class=\"meta\">").Append(SafeHtml.Text(table.Subtitle)).Append("</p>\n")
            .Append("<p class=\"legend\">").Append(SafeHtml.Text(CatalogTable.Legend)).Append("</p>\n</header>\n");
        foreach (var area in table.Areas)
        {
            html.Append("<section class=\"area\" id=\"area-").Append(SafeHtml.Text(area.Area.Id)).Append("\">\n<h2>")
                .Append(SafeHtml.Text(area.Heading)).Append("</h2>\n<p class=\"meta\">")
                .Append(SafeHtml.Text(string.Create(CultureInfo.InvariantCulture, $"依据指引：{area.Area.Guideline}；共 {area.Rows.Count} 项")))
                .Append("</p>\n<table>\n<thead>\n<tr>");
            foreach (var column in area.Columns)
            {
                html.Append("<th class=\"c-").Append(ClassOf(column)).Append("\">").Append(SafeHtml.Text(column.Header())).Append("</th>");
            }

            html.Append("</tr>\n</thead>\n<tbody>\n");
            foreach (var row in area.Rows)
            {
                html.Append("<tr id=\"item-").Append(SafeHtml.Text(row.Item.Id)).Append("\">");
                for (var i = 0; i < area.Columns.Count; i++)
                {
                    html.Append("<td class=\"c-").Append(ClassOf(area.Columns[i])).Append("\">")
                        .Append(string.Join("<br>", row.Cells[i].Select(SafeHtml.Text)))
                        .Append("</td>");
                }

                html.Append("</tr>\n");
            }

            html.Append("</tbody>\n</table>\n</section>\n");
        }

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>One worksheet per area, named by the area, with the table's title above the header row.</summary>
    public static IReadOnlyList<XlsxSheet> Worksheets(CatalogTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return
        [
            .. table.Areas.Select(area => new XlsxSheet(
                area.Area.Name,
                [.. area.Columns.Select(c => new XlsxColumn(c.Header(), c.Width()))],
                area.Rows.Select(row => (IReadOnlyList<XlsxCell>)[.. row.Cells.Select((lines, i) => area.Columns[i] == CatalogColumn.Number
                    ? XlsxCell.Number(row.Number)
                    : XlsxCell.Text(string.Join("\n", lines)))]))
            {
                Title = $"{area.Heading}（{table.Subtitle}）",
                Landscape = true,
            }),
        ];
    }

    private const string Style = """
        :root { color-scheme: light; }
        body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif; font-size: 13px; color: #222; margin: 24px; }
        h1 { font-size: 20px; margin: 0 0 4px; }
        h2 { font-size: 16px; border-bottom: 2px solid #1f5fa8; padding-bottom: 4px; margin-top: 28px; }
        .meta, .legend { color: #555; margin: 0 0 8px; }
        table { border-collapse: collapse; width: 100%; }
        th, td { border: 1px solid #999; padding: 3px 5px; text-align: left; vertical-align: top; }
        th { background: #e8eef7; text-align: center; vertical-align: middle; }
        td.c-number, td.c-status, td.c-checkable, td.c-mode, td.c-audience, td.c-level { text-align: center; }
        td.c-basis, td.c-note { font-size: 12px; }
        @page { size: A4 landscape; margin: 10mm; }
        @media print {
          body { margin: 0; font-size: 8.5pt; }
          h2 { break-after: avoid; }
          section.area + section.area { break-before: page; }
          thead { display: table-header-group; }
          tr { break-inside: avoid; }
        }
        """;

    private static string ClassOf(CatalogColumn column) => column.ToString().ToLowerInvariant();

    /// <summary>Markdown cell text: characters with table or inline meaning escaped, line breaks flattened.</summary>
    private static string MdText(string text)
    {
        var md = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\' or '|' or '*' or '_' or '`' or '[' or ']' or '#':
                    md.Append('\\').Append(c);
                    break;
                case '<':
                    md.Append("&lt;");
                    break;
                case '>':
                    md.Append("&gt;");
                    break;
                case '&':
                    md.Append("&amp;");
                    break;
                case '\r' or '\n':
                    md.Append(' ');
                    break;
                default:
                    if (!char.IsControl(c))
                    {
                        md.Append(c);
                    }

                    break;
            }
        }

        return md.ToString();
    }
}
