using System.Globalization;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.RuleEngine.Tests.Support;

/// <summary>Hand-built observations: a portal on http://127.0.0.1:{port} whose documents are compliant unless a test says otherwise.</summary>
internal static class Some
{
    public static readonly DateTimeOffset AsOf = new(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(8));

    public static readonly IReadOnlyList<DepartmentInfo> Departments =
    [
        new("szfb", "市人民政府办公室", DepartmentKind.Office),
        new("cgw", "市城市管理委员会", DepartmentKind.Department),
        new("gtj", "市国土资源局", DepartmentKind.Department),
        new("jyj", "市教育局", DepartmentKind.Department),
        new("csjd", "城西街道办事处", DepartmentKind.Town),
    ];

    public static DateOnly D(string text) => DateOnly.Parse(text, CultureInfo.InvariantCulture);

    public static string Url(string path, int port = 18080) => $"http://127.0.0.1:{port}{path}";

    /// <summary>A fetched article; <paramref name="published"/> is both the PubDate (09:30 +08:00) and the list date.</summary>
    public static ObservedDocument Document(
        string path,
        string title,
        string published,
        string? written = null,
        string body = "",
        int port = 18080,
        bool fetched = true,
        string? documentNumber = null)
    {
        var date = D(published);
        return new ObservedDocument(
            Url(path, port),
            title,
            date,
            fetched ? new DateTimeOffset(date.Year, date.Month, date.Day, 9, 30, 0, TimeSpan.FromHours(8)) : null,
            fetched ? date : null,
            written is null ? null : D(written),
            fetched ? "义乌市城市管理委员会" : null,
            fetched ? "001008003/2026-00017" : null,
            documentNumber,
            fetched ? body : "",
            [],
            fetched,
            fetched ? null : "HTTP 500",
            fetched ? ["a1" + Hash(path)] : []);
    }

    public static SourceObservation Column(
        string id,
        string columnType,
        string department,
        IReadOnlyList<string> items,
        IReadOnlyList<ObservedDocument> documents,
        IReadOnlyList<ObservedLink>? links = null,
        int port = 18080) =>
        new(id, Url($"/{id}/index.html", port), department, SourceKind.Column, columnType, items, true, null, documents, null,
            links ?? [], ["b2" + Hash(id)]);

    public static SourceObservation Homepage(DateOnly? newest, int port = 18080) =>
        new("home", Url("/index.html", port), "szfb", SourceKind.Homepage, "首页", [], true, null, [], newest, [], ["c3" + Hash("home")]);

    public static SourceObservation Unreachable(SourceObservation source, string reason) =>
        source with { Assessed = false, NotAssessedReason = reason, Documents = [], Links = [] };

    public static ObservedLink BrokenLink(string pagePath, string targetPath, int port = 18080) =>
        new(Url(pagePath, port), Url(targetPath, port), 404, null, true, ["d4" + Hash(pagePath)]);

    public static EvaluationInput Input(params SourceObservation[] sources) => new(AsOf, sources, Departments);

    public static EvaluationInput Input(DateTimeOffset asOf, params SourceObservation[] sources) => new(asOf, sources, Departments);

    public const string ZcwjBody = "义城管〔2026〕5号 为规范保障性住房管理，制定本办法。本办法自2026年12月1日起施行。";
    public const string NdjhBody = "一、建设任务：新开工保障性住房1200套。二、资金安排：市财政安排资金3亿元。";
    public const string XxmlBody = "学校名称 学校地址 办学层次 办学类型 办公电话";
    public const string ZsjhBody = "各校本年度招生计划如下。";

    private static string Hash(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..62];
}
