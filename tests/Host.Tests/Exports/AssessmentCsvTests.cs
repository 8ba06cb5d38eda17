using Monitor.Host.Assessments;
using Monitor.Host.Exports;
using Monitor.Host.Output;

namespace Monitor.Host.Tests.Exports;

/// <summary>
/// The three CSV tables of an assessment: Chinese headers and labels, every row read back by a standard reader, and the
/// crawled text (finding messages, titles, source names) neutralised so it cannot run as a formula in Excel.
/// </summary>
public sealed class AssessmentCsvTests
{
    [Fact]
    public void The_scores_table_has_chinese_headers_and_names_each_scope_and_key()
    {
        var rows = Read(CsvTable.Scores);

        Assert.Equal(AssessmentCsv.ScoreHeaders, rows[0]);
        Assert.Equal(["范围", "范围代码", "键", "名称", "得分", "满分"], rows[0].Take(6));
        var byKey = rows.Skip(1).ToDictionary(r => r[2]);
        Assert.Equal(["全站", "site", "yiwu", "义乌市人民政府", "80", "100", "80", "40", "30", "2026-12"], byKey["yiwu"]);
        Assert.Equal(["部门", "department", "zjj", "市住建局", "70.5", "100", "70.5", "10", "7", "2026-12"], byKey["zjj"]);
        Assert.Equal("镇街", byKey["ftjd"][0]);
        Assert.Equal("福田街道", byKey["ftjd"][3]);
        Assert.Equal("保障性住房", byKey["bzxzf"][3]);
        Assert.Equal("保障性住房／分配结果", byKey["bzxzf-fp"][3]);
        Assert.Equal(HostileAssessment.Build().Scores.Count + 1, rows.Count);
    }

    [Fact]
    public void The_findings_table_keeps_chinese_labels_beside_the_wire_codes_and_lists_every_evidence_digest()
    {
        var rows = Read(CsvTable.Findings);

        Assert.Equal(AssessmentCsv.FindingHeaders, rows[0]);
        var late = rows.Single(r => r[0] == "f-late");
        var column = Columns(rows[0]);
        Assert.Equal("超期公开", late[column["类型"]]);
        Assert.Equal("late-publication", late[column["类型代码"]]);
        Assert.Equal("告警", late[column["严重程度"]]);
        Assert.Equal("市住建局", late[column["部门"]]);
        Assert.Equal("保障性住房", late[column["领域"]]);
        Assert.Equal("2026-11-20", late[column["截止日期"]]);
        Assert.Equal("2026-12-01T00:00:00+08:00", late[column["发现时间"]]);
        Assert.Equal("《政府信息公开条例》第二十六条", late[column["依据"]]);
        Assert.Equal("2026.1", late[column["规则版本"]]);
        Assert.Equal($"sha256:{HostileAssessment.ShaA} sha256:{HostileAssessment.ShaB}", late[column["证据 SHA-256"]]);
        Assert.Equal("http://portal.example/zfj/a.html?x=1,2", late[column["文档链接"]]);
        Assert.Equal("单项否决", rows.Single(r => r[0] == "f-veto")[column["严重程度"]]);
        Assert.Equal(5, rows.Count);
    }

    [Fact]
    public void Crawled_text_that_would_run_as_a_formula_is_neutralised_and_the_rest_is_kept_verbatim()
    {
        var rows = Read(CsvTable.Findings);
        var message = Columns(rows[0])["问题描述"];

        Assert.Equal("'" + HostileAssessment.EvilMessage, rows.Single(r => r[0] == "f-late")[message]);
        Assert.Equal("'+x 缺少要素：发布机构", rows.Single(r => r[0] == "f-element")[message]);
        Assert.Equal("'-x 首页 15 天未更新", rows.Single(r => r[0] == "f-veto")[message]);
        Assert.Equal("'@x 即将到期，\"引号\",逗号\n换行", rows.Single(r => r[0] == "f-due")[message]);
        Assert.Equal("'" + HostileAssessment.EvilSource, rows.Single(r => r[0] == "f-late")[Columns(rows[0])["栏目"]]);
        Assert.DoesNotContain(rows.SelectMany(r => r), cell => cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r');
    }

    [Fact]
    public void The_items_table_shows_the_catalog_names_and_the_chinese_state_of_each_source_and_item()
    {
        var rows = Read(CsvTable.Items);

        Assert.Equal(["领域", "一级事项", "二级事项", "三级事项", "事项编号", "栏目", "栏目编号", "部门", "部门编号", "状态", "状态代码", "说明", "文档数"], rows[0]);
        Assert.Equal(["保障性住房", "保障性住房", "分配结果", "", "bzxzf-fp", "'" + HostileAssessment.EvilSource, "zf-bzf", "市住建局", "zjj", "超期公开", "late", "'\t制表开头 =1+1", "2"], rows[1]);
        Assert.Equal(["义务教育", "招生", "招生计划", "小学", "yw-zs", "教育信息", "jy-xx", "市教育局", "jyj", "合规", "compliant", "按时公开", "3"], rows[2]);
        Assert.Equal("未公开", rows[3][9]);
        Assert.Equal(4, rows.Count);
    }

    [Fact]
    public void The_same_assessment_always_gives_the_same_bytes()
    {
        var a = HostileAssessment.Build();
        foreach (var table in Enum.GetValues<CsvTable>())
        {
            Assert.Equal(Bytes(a, table), Bytes(Assessment.FromJson(a.ToJson()), table));
        }
    }

    [Theory]
    [InlineData("scores", CsvTable.Scores)]
    [InlineData("Findings", CsvTable.Findings)]
    [InlineData("ITEMS", CsvTable.Items)]
    [InlineData("sources", null)]
    [InlineData(null, null)]
    public void Table_names_parse_from_their_wire_spelling(string? name, CsvTable? table) => Assert.Equal(table, AssessmentCsv.ParseTable(name));

    private static Dictionary<string, int> Columns(IReadOnlyList<string> header) =>
        header.Select((h, i) => (h, i)).ToDictionary(p => p.h, p => p.i);

    private static IReadOnlyList<IReadOnlyList<string>> Read(CsvTable table) => CsvReader.Parse(Bytes(HostileAssessment.Build(), table));

    private static byte[] Bytes(Assessment a, CsvTable table)
    {
        using var stream = new MemoryStream();
        AssessmentCsv.Write(a, table, stream);
        return stream.ToArray();
    }
}

/// <summary>A small assessment whose crawled texts try formulas, markup and quoting tricks, with Chinese everywhere.</summary>
internal static class HostileAssessment
{
    public const string ShaA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    public const string ShaB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    public const string ShaC = "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc";

    /// <summary>A finding message as a hostile page could make it (it quotes the document title).</summary>
    public const string EvilMessage = "=HYPERLINK(\"http://evil\")<script>alert(1)</script>《保障性住房分配结果》超期公开";

    /// <summary>A source (column) name taken from a hostile page title.</summary>
    public const string EvilSource = "=HYPERLINK(\"http://evil\",\"点击\")保障房公告";

    public static Assessment Build(string id = Assessment.LiveId, string kind = Assessment.LiveKind) => new(
        id,
        kind,
        kind == Assessment.FrozenKind ? "2026-10-01" : null,
        kind == Assessment.FrozenKind ? "2026-12-31" : null,
        "2026-12-01T00:00:00+08:00",
        null,
        null,
        "2026.1",
        "yiwu-2026.1",
        null,
        7,
        new FindingsJson.SiteDto("yiwu", "义乌市人民政府", "http://portal.example/"),
        [],
        [
            new("jyj", "市教育局", "department"),
            new("zjj", "市住建局", "department"),
            new("ftjd", "福田街道", "town"),
            new("gkb", "政务公开办", "office"),
        ],
        [
            new("jy-xx", "教育信息", "http://portal.example/jy/", "jyj", "市教育局", "assessed", null, []),
            new("zf-bzf", EvilSource, "http://portal.example/zf/", "zjj", "市住建局", "assessed", null, []),
        ],
        [
            new("f-late", "late-publication", "alert", "bzxzf-fp", "bzxzf", "zf-bzf", "zjj", "市住建局", "http://portal.example/zfj/a.html?x=1,2", null,
                null, "2026-11-20", false, "2026-12-01T00:00:00+08:00", EvilMessage, "《政府信息公开条例》第二十六条", "2026.1", ["sha256:" + ShaA, "sha256:" + ShaB]),
            new("f-element", "missing-element", "warning", "yw-zs", "yw", "jy-xx", "jyj", "市教育局", "javascript:alert(1)", null,
                null, null, false, "2026-12-01T00:00:00+08:00", "+x 缺少要素：发布机构", null, "2026.1", ["sha256:" + ShaC]),
            new("f-veto", "stale-homepage", "veto", null, null, null, "ftjd", "福田街道", null, null,
                null, null, false, "2026-12-01T00:00:00+08:00", "-x 首页 15 天未更新", null, "2026.1", []),
            new("f-due", "due-soon", "notice", "yw-zs", "yw", "jy-xx", "jyj", "市教育局", null, null,
                null, "2026-12-10", true, "2026-12-01T00:00:00+08:00", "@x 即将到期，\"引号\",逗号\n换行", null, "2026.1", []),
        ],
        [
            new("site", "yiwu", 80, 100, "2026-12", 40, 30),
            new("department", "jyj", 90, 100, "2026-12", 20, 18),
            new("department", "zjj", 70.5, 100, "2026-12", 10, 7),
            new("town", "ftjd", 45, 50, "2026-12", 10, 9),
            new("area", "bzxzf", 75, 100, "2026-12", 8, 6),
            new("item", "bzxzf-fp", 50, 100, "2026-12", 2, 1),
        ],
        [
            new("zf-bzf", "bzxzf-fp", "bzxzf", "保障性住房", "保障性住房", "分配结果", null, "zjj", "late", "\t制表开头 =1+1", 2),
            new("jy-xx", "yw-zs", "yw", "义务教育", "招生", "招生计划", "小学", "jyj", "compliant", "按时公开", 3),
            new("zf-bzf", "bzxzf-sq", "bzxzf", "保障性住房", "保障性住房", "申请条件", null, "zjj", "missing", "未找到", 0),
        ],
        [],
        [new("2026-11-01T00:00:00+08:00", 78, 100)]);
}
