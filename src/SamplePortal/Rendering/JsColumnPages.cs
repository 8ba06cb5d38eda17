using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Monitor.SamplePortal.Generation;

namespace Monitor.SamplePortal.Rendering;

/// <summary>
/// A column whose list is built in the browser: the HTML has an empty <c>ul#list</c> and a script that fetches
/// <c>data.json</c> and appends <c>&lt;li&gt;&lt;a href title&gt;…&lt;/a&gt;&lt;span&gt;date&lt;/span&gt;&lt;/li&gt;</c> items.
/// </summary>
internal static class JsColumnPages
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        // Chinese stays literal; the file is served as application/json, never inlined into HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    public static string ListPage(ColumnDefinition column)
    {
        var main = new StringBuilder(2048);
        main.Append("<div class=\"main\">\n<h2 class=\"col-title\">").Append(Html.Encode(column.Name)).Append("</h2>\n")
            .Append("<ul id=\"list\" class=\"list\"></ul>\n")
            .Append("<script>\n(function () {\n")
            .Append("  var list = document.getElementById('list');\n")
            .Append("  fetch('").Append(column.DataPath).Append("', { credentials: 'same-origin' })\n")
            .Append("    .then(function (response) { return response.json(); })\n")
            .Append("    .then(function (items) {\n")
            .Append("      items.forEach(function (item) {\n")
            .Append("        var li = document.createElement('li');\n")
            .Append("        var a = document.createElement('a');\n")
            .Append("        a.setAttribute('href', item.url);\n")
            .Append("        a.setAttribute('title', item.title);\n")
            .Append("        a.setAttribute('target', '_blank');\n")
            .Append("        a.textContent = item.title;\n")
            .Append("        var date = document.createElement('span');\n")
            .Append("        date.textContent = item.date;\n")
            .Append("        li.appendChild(a);\n")
            .Append("        li.appendChild(date);\n")
            .Append("        list.appendChild(li);\n")
            .Append("      });\n")
            .Append("    });\n")
            .Append("})();\n</script>\n</div>");
        var metas = new[]
        {
            PageFrame.Meta("SiteName", SiteLayout.SiteName),
            PageFrame.Meta("SiteDomain", SiteLayout.SiteDomain),
            PageFrame.Meta("SiteIDCode", SiteLayout.SiteIdCode),
            PageFrame.Meta("ColumnName", column.Name),
            PageFrame.Meta("ColumnType", column.ColumnType),
        };
        return PageFrame.Document($"{column.Name}_{SiteLayout.SiteName}", column.Gbk, metas, main.ToString());
    }

    /// <summary>The list as JSON: <c>[{"title","url","date":"YYYY-MM-DD"}]</c>, newest first.</summary>
    public static string Data(IReadOnlyList<Article> newestFirst) =>
        JsonSerializer.Serialize(newestFirst.Select(a => new JsEntry(a.Title, a.Path, a.PublishDate.Iso())).ToList(), JsonOptions) + "\n";

    private sealed record JsEntry(
        [property: System.Text.Json.Serialization.JsonPropertyName("title")] string Title,
        [property: System.Text.Json.Serialization.JsonPropertyName("url")] string Url,
        [property: System.Text.Json.Serialization.JsonPropertyName("date")] string Date);
}
