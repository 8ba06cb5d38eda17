using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using Monitor.Host.Api;
using Monitor.Host.Exports;

namespace Monitor.Host.Tests.Exports;

/// <summary>
/// The assessment workbook read back with the Open XML SDK: its three sheets and their title rows, the ranking order, the
/// 标准目录 rows, real hyperlinks to the API's evidence URLs, and crawled text kept as neutralised text, never a formula.
/// </summary>
public sealed class AssessmentWorkbookTests
{
    private static readonly Uri LinkBase = new("https://gkjc.example.gov.cn/");

    [Fact]
    public void The_workbook_has_the_ranking_the_catalog_and_the_findings_sheets_in_that_order()
    {
        var book = Read(Write());

        Assert.Equal(["部门排名", "标准目录", "问题清单"], book.Sheets.Select(s => s.Name));
    }

    [Fact]
    public void Every_sheet_has_a_title_row_naming_site_period_as_of_rule_and_catalog_versions()
    {
        var book = Read(Write());

        foreach (var sheet in book.Sheets)
        {
            var title = sheet.Texts(1).Single()!;
            Assert.Contains("义乌市人民政府", title, StringComparison.Ordinal);
            Assert.Contains(sheet.Name, title, StringComparison.Ordinal);
            Assert.Contains("实时评估", title, StringComparison.Ordinal);
            Assert.Contains("2026-12-01 00:00", title, StringComparison.Ordinal);
            Assert.Contains("规则版本：2026.1", title, StringComparison.Ordinal);
            Assert.Contains("目录版本：yiwu-2026.1", title, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_frozen_period_is_named_with_its_dates_in_the_title()
    {
        var book = Read(Write(HostileAssessment.Build("2026-Q4", "frozen")));

        Assert.Contains("2026-Q4（2026-10-01 至 2026-12-31）", book.Sheets[0].Texts(1).Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Departments_and_towns_are_ranked_by_score_with_equal_scores_sharing_a_rank_and_listed_by_name()
    {
        var ranking = Read(Write()).Sheets[0];

        Assert.Equal(["名次", "单位", "类型", "得分", "满分", "得分率（%）", "单项否决", "已评事项", "合规事项", "单项否决问题", "告警", "预警", "提示", "问题合计"], ranking.Texts(2));
        Assert.Equal(5, ranking.Rows.Count);
        Assert.Equal(["1", "市教育局", "部门", "90", "100", "90", "否", "20", "18", "0", "0", "1", "1", "2"], ranking.Texts(3));
        Assert.Equal(["1", "福田街道", "镇街", "45", "50", "90", "是", "10", "9", "1", "0", "0", "0", "1"], ranking.Texts(4));
        Assert.Equal(["3", "市住建局", "部门", "70.5", "100", "70.5", "否", "10", "7", "0", "1", "0", "0", "1"], ranking.Texts(5));
    }

    [Fact]
    public void The_catalog_sheet_lists_each_source_and_item_grouped_by_area_with_state_and_reason()
    {
        var catalog = Read(Write()).Sheets[1];

        Assert.Equal(["序号", "领域", "一级事项", "二级事项", "三级事项", "事项编号", "公开主体", "公开栏目", "状态", "说明", "文档数", "问题数"], catalog.Texts(2));
        Assert.Equal(5, catalog.Rows.Count);
        Assert.Equal(["1", "保障性住房", "保障性住房", "分配结果", "", "bzxzf-fp", "市住建局", "'" + HostileAssessment.EvilSource, "超期公开", "'\t制表开头 =1+1", "2", "1"], catalog.Texts(3));
        Assert.Equal(["2", "保障性住房", "保障性住房", "申请条件", "", "bzxzf-sq", "市住建局", "'" + HostileAssessment.EvilSource, "未公开", "未找到", "0", "0"], catalog.Texts(4));
        Assert.Equal(["3", "义务教育", "招生", "招生计划", "小学", "yw-zs", "市教育局", "教育信息", "合规", "按时公开", "3", "2"], catalog.Texts(5));
    }

    [Fact]
    public void Catalog_rows_of_one_first_level_item_stand_together_within_their_area()
    {
        var a = HostileAssessment.Build() with
        {
            Items =
            [
                new("s1", "x-1", "x", "领域甲", "规划计划", "年度计划", null, "jyj", "compliant", "", 1),
                new("s1", "x-2", "x", "领域甲", "政策文件", "规范性文件", null, "jyj", "compliant", "", 1),
                new("s2", "y-1", "y", "领域乙", "招生", "招生计划", null, "jyj", "compliant", "", 1),
                new("s2", "x-3", "x", "领域甲", "规划计划", "专项规划", null, "jyj", "missing", "", 0),
                new("s3", "x-1", "x", "领域甲", "规划计划", "年度计划", null, "zjj", "late", "", 1),
            ],
        };

        var catalog = Read(Write(a)).Sheets[1];

        Assert.Equal(["x-1", "x-1", "x-3", "x-2", "y-1"], catalog.Rows.Skip(2).Select(r => r[5].Value));
        Assert.Equal(["合规", "超期公开"], catalog.Rows.Skip(2).Take(2).Select(r => r[8].Value));
    }

    [Fact]
    public void The_same_assessment_gives_the_same_sheets_and_link_relationships()
    {
        static IReadOnlyList<string> Parts(byte[] bytes)
        {
            using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bytes));
            return [.. zip.Entries.OrderBy(e => e.FullName, StringComparer.Ordinal).Select(e =>
            {
                using var reader = new StreamReader(e.Open());
                return e.FullName + "\n" + reader.ReadToEnd();
            })];
        }

        Assert.Equal(Parts(Write()), Parts(Write()));
    }

    [Fact]
    public void Findings_are_listed_most_serious_first_with_chinese_labels_and_the_message_neutralised()
    {
        var findings = Read(Write()).Sheets[2];
        var header = findings.Texts(2);
        int Column(string name) => header.ToList().IndexOf(name);

        Assert.Equal(["f-veto", "f-late", "f-element", "f-due"], findings.Rows.Skip(2).Select(r => r[Column("问题编号")].Value));
        var late = findings.Texts(4);
        Assert.Equal("告警", late[Column("严重程度")]);
        Assert.Equal("超期公开", late[Column("类型")]);
        Assert.Equal("保障性住房／分配结果", late[Column("事项")]);
        Assert.Equal("'" + HostileAssessment.EvilMessage, late[Column("问题描述")]);
        Assert.Equal($"sha256:{HostileAssessment.ShaA}\nsha256:{HostileAssessment.ShaB}", late[Column("全部证据 SHA-256")]);
        Assert.Equal(new DateTime(2026, 11, 20), DateTime.FromOADate(double.Parse(late[Column("截止日期")]!, CultureInfo.InvariantCulture)));
        Assert.Equal("无证据", findings.Texts(3)[Column("证据")]);
    }

    [Fact]
    public void Evidence_cells_are_hyperlinks_to_the_api_evidence_url_and_document_links_only_point_at_web_addresses()
    {
        using var stream = new MemoryStream(Write());
        using var document = SpreadsheetDocument.Open(stream, false);
        var part = SheetPart(document, "问题清单");
        var links = part.Worksheet.Descendants<Hyperlink>()
            .ToDictionary(h => h.Reference!.Value!, h => part.HyperlinkRelationships.Single(r => r.Id == h.Id!.Value).Uri);

        var header = Read(Write()).Sheets[2].Texts(2).ToList();
        string Cell(string column, int row) => XlsxWriter.ColumnName(header.IndexOf(column) + 1) + row.ToString(CultureInfo.InvariantCulture);

        Assert.Equal(ApiLinks.Evidence(LinkBase, HostileAssessment.ShaA), links[Cell("证据", 4)]);
        Assert.Equal(new Uri($"https://gkjc.example.gov.cn/api/v1/evidence/{HostileAssessment.ShaA}"), links[Cell("证据", 4)]);
        Assert.Equal(ApiLinks.Evidence(LinkBase, HostileAssessment.ShaC), links[Cell("证据", 5)]);
        Assert.Equal(new Uri("http://portal.example/zfj/a.html?x=1,2"), links[Cell("文档链接", 4)]);
        Assert.False(links.ContainsKey(Cell("文档链接", 5)), "a javascript: address became a hyperlink");
        Assert.All(links.Values, uri => Assert.Contains(uri.Scheme, new[] { "http", "https" }));
        Assert.Equal(3, links.Count);
        Assert.All(part.HyperlinkRelationships, r => Assert.True(r.IsExternal));
    }

    [Fact]
    public void No_cell_is_a_formula_and_no_text_cell_starts_like_one()
    {
        using var stream = new MemoryStream(Write());
        using var document = SpreadsheetDocument.Open(stream, false);

        Assert.Empty(document.WorkbookPart!.WorksheetParts.SelectMany(p => p.Worksheet.Descendants<CellFormula>()));
        var texts = Read(Write()).Sheets.SelectMany(s => s.Rows).SelectMany(r => r)
            .Where(c => c.Type == CellValues.SharedString).Select(c => c.Value!).ToList();
        Assert.DoesNotContain(texts, t => t.Length > 0 && t[0] is '=' or '+' or '-' or '@' or '\t' or '\r');
        Assert.Contains("'" + HostileAssessment.EvilMessage, texts);
        Assert.Contains(texts, t => t.Contains("<script>", StringComparison.Ordinal));
    }

    [Fact]
    public void The_workbook_is_valid_office_open_xml_with_a4_page_setup()
    {
        using var stream = new MemoryStream(Write());
        using var document = SpreadsheetDocument.Open(stream, false);

        Assert.Empty(new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}"));
        Assert.All(document.WorkbookPart!.WorksheetParts, p => Assert.Equal(9u, p.Worksheet.Descendants<PageSetup>().Single().PaperSize!.Value));
    }

    [Fact]
    public void A_link_base_that_is_not_a_web_address_is_refused()
    {
        using var stream = new MemoryStream();

        Assert.Throws<ArgumentException>(() => AssessmentWorkbook.Write(HostileAssessment.Build(), new Uri("file:///etc/"), stream));
        Assert.Throws<ArgumentException>(() => XlsxCell.Link("x", new Uri("javascript:alert(1)")));
    }

    private static WorkbookContent Read(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return WorkbookContent.Read(stream);
    }

    private static byte[] Write(Monitor.Host.Assessments.Assessment? a = null)
    {
        using var stream = new MemoryStream();
        AssessmentWorkbook.Write(a ?? HostileAssessment.Build(), LinkBase, stream);
        return stream.ToArray();
    }

    private static WorksheetPart SheetPart(SpreadsheetDocument document, string name)
    {
        var sheet = document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == name);
        return (WorksheetPart)document.WorkbookPart.GetPartById(sheet.Id!);
    }
}
