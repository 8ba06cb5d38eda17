using System.Globalization;
using System.Text;
using Monitor.SamplePortal.Generation;

namespace Monitor.SamplePortal.Rendering;

/// <summary>Bodies of the fault-mode list pages: a plain list, broken HTML, the endless pagination and the huge page.</summary>
internal static class FaultPages
{
    /// <summary>Smallest size of <c>/faults/huge/index.html</c>: 20 MiB.</summary>
    public const long HugeMinimumBytes = 20L * 1024 * 1024;

    /// <summary>Entries per endless page.</summary>
    public const int EndlessPerPage = 10;

    /// <summary>A plain generic list (ul > li > a + span date), optionally with a 下一页 link.</summary>
    public static string List(ColumnDefinition column, IEnumerable<(string Href, string Title, DateOnly Date)> entries, string? nextHref = null)
    {
        var main = new StringBuilder(4096);
        main.Append("<div class=\"main\">\n<h2 class=\"col-title\">").Append(Html.Encode(column.Name)).Append("</h2>\n<ul class=\"list\">\n");
        foreach (var (href, title, date) in entries)
        {
            var encoded = Html.Encode(title);
            main.Append("<li><a href=\"").Append(Html.Encode(href)).Append("\" title=\"").Append(encoded).Append("\">")
                .Append(encoded).Append("</a><span>").Append(date.Iso()).Append("</span></li>\n");
        }

        main.Append("</ul>\n");
        if (nextHref is not null)
        {
            main.Append("<div class=\"page\"><a href=\"").Append(Html.Encode(nextHref)).Append("\">下一页</a></div>\n");
        }

        main.Append("</div>");
        return PageFrame.Document($"{column.Name}_{SiteLayout.SiteName}", gbk: false, Metas(column), main.ToString());
    }

    public static IEnumerable<(string Href, string Title, DateOnly Date)> Entries(IReadOnlyList<Article> newestFirst) =>
        newestFirst.Select(a => (a.ListHref, a.Title, a.PublishDate));

    /// <summary>
    /// Broken HTML a lenient parser still reads: unclosed tags, stray end tags, a NUL byte and an unterminated
    /// comment at the very end (which swallows nothing before it). The three links sit before all damage that could hide them.
    /// </summary>
    public static byte[] Malformed(ColumnDefinition column, IReadOnlyList<Article> newestFirst)
    {
        var html = new StringBuilder(4096);
        html.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Html.Encode(column.Name))
            .Append("</title>\n<body>\n</div></div>\n<div class=\"main\"><table><tr><td>\n<ul class=\"list\">\n");
        foreach (var article in newestFirst)
        {
            // Unclosed li and span, as sloppy templates emit.
            html.Append("<li><a href=\"").Append(article.ListHref).Append("\" title=\"").Append(Html.Encode(article.Title)).Append("\">")
                .Append(Html.Encode(article.Title)).Append("</a><span>").Append(article.PublishDate.Iso()).Append('\n');
        }

        html.Append("</ul></td></tr></div></table>\n<p>栏目说明<b><i>未闭合标签\n</div>\n<p>\0</p>\n<!-- 未结束的注释 ");
        return Encoding.UTF8.GetBytes(html.ToString());
    }

    /// <summary>A list page in GBK bytes without any meta charset (the header wrongly says UTF-8).</summary>
    public static byte[] Charset(ColumnDefinition column, IReadOnlyList<Article> newestFirst)
    {
        var html = new StringBuilder(4096);
        html.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<title>").Append(Html.Encode(column.Name)).Append("</title>\n</head>\n<body>\n")
            .Append("<div class=\"main\">\n<h2 class=\"col-title\">").Append(Html.Encode(column.Name)).Append("</h2>\n<ul class=\"list\">\n");
        foreach (var article in newestFirst)
        {
            var title = Html.Encode(article.Title);
            html.Append("<li><a href=\"").Append(article.ListHref).Append("\" title=\"").Append(title).Append("\">")
                .Append(title).Append("</a><span>").Append(article.PublishDate.Iso()).Append("</span></li>\n");
        }

        html.Append("</ul>\n</div>\n</body>\n</html>\n");
        return GbkText.Encoding.GetBytes(html.ToString());
    }

    /// <summary>
    /// Page <paramref name="page"/> (0 = index.html) of the endless column: new titles on every page, all linking to
    /// the one article <paramref name="articleHref"/>, dated within the last 30 days so no date cut-off ends the walk.
    /// </summary>
    public static string Endless(ColumnDefinition column, int seed, DateOnly asOf, long page, string articleHref)
    {
        var entries = new List<(string, string, DateOnly)>(EndlessPerPage);
        for (var i = 0; i < EndlessPerPage; i++)
        {
            var n = (page * EndlessPerPage) + i;
            var mix = unchecked(((ulong)n * 0x9E3779B97F4A7C15UL) ^ (uint)seed);
            var title = string.Create(CultureInfo.InvariantCulture, $"无尽分页第{page + 1}页第{i + 1}条：{Topics[(int)(mix % (ulong)Topics.Length)]}工作动态");
            entries.Add((articleHref, title, asOf.AddDays(-1 - (int)(n % 30))));
        }

        var next = string.Create(CultureInfo.InvariantCulture, $"index_{page + 1}.html");
        return List(column, entries, next);
    }

    /// <summary>The huge page as prefix, a repeated filler block and suffix; their total is at least <see cref="HugeMinimumBytes"/>.</summary>
    public static HugePage Huge(ColumnDefinition column, IReadOnlyList<Article> newestFirst)
    {
        var frame = List(column, Entries(newestFirst));
        var split = frame.IndexOf("</ul>", frame.IndexOf("<ul class=\"list\">", StringComparison.Ordinal), StringComparison.Ordinal) + "</ul>\n".Length;
        var prefix = Encoding.UTF8.GetBytes(frame[..split] + "<div class=\"filler\">\n");
        var suffix = Encoding.UTF8.GetBytes("</div>\n" + frame[split..]);
        var block = FillerBlock();
        var repeats = (int)((HugeMinimumBytes - prefix.Length - suffix.Length + block.Length - 1) / block.Length);
        return new HugePage(prefix, block, repeats, suffix);
    }

    private static byte[] FillerBlock()
    {
        var paragraph = Encoding.UTF8.GetBytes("<p>这是一个用于测试超大页面的填充段落，内容重复，不含链接和日期。</p>\n");
        var block = new byte[paragraph.Length * 640];
        for (var i = 0; i < 640; i++)
        {
            paragraph.CopyTo(block, i * paragraph.Length);
        }

        return block;
    }

    private static readonly string[] Topics = ["政务公开", "安全生产", "营商环境", "民生实事", "基层治理", "防汛防台", "垃圾分类"];

    private static KeyValuePair<string, string>[] Metas(ColumnDefinition column) =>
    [
        PageFrame.Meta("SiteName", SiteLayout.SiteName),
        PageFrame.Meta("ColumnName", column.Name),
        PageFrame.Meta("ColumnType", column.ColumnType),
    ];
}

/// <summary>A page streamed as <see cref="Prefix"/>, <see cref="Repeats"/> × <see cref="Block"/>, <see cref="Suffix"/>.</summary>
internal sealed record HugePage(byte[] Prefix, byte[] Block, int Repeats, byte[] Suffix)
{
    public long Length => Prefix.Length + ((long)Block.Length * Repeats) + Suffix.Length;
}

/// <summary>The strict GBK encoding (throws on characters without a GBK form).</summary>
internal static class GbkText
{
    public static Encoding Encoding
    {
        get
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("GBK", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        }
    }
}
