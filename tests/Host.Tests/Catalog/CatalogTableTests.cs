using Monitor.Host.Catalog;
using Monitor.Host.Exports;
using Monitor.Host.Tests.Exports;
using Monitor.Host.Tests.Support;
using Monitor.RuleEngine.Loading;
using Monitor.RuleEngine.Rules;

namespace Monitor.Host.Tests.Catalog;

/// <summary>The catalog in the 标准目录 layout: every item once, in catalog order, in every format; text escaped.</summary>
public sealed class CatalogTableTests
{
    private static readonly Lazy<RuleSet> Shipped = new(() =>
    {
        var loaded = RuleSetLoader.Load(RepoPaths.Rules);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Errors));
        return loaded.RuleSet!;
    });

    [Fact]
    public void Every_item_is_one_row_of_its_area_in_catalog_order()
    {
        var table = CatalogTable.From(Shipped.Value)!;

        Assert.Equal(Shipped.Value.Areas.Select(a => a.Id), table.Areas.Select(a => a.Area.Id));
        Assert.Equal(Shipped.Value.Items.Select(i => i.Id), table.Areas.SelectMany(a => a.Rows).Select(r => r.Item.Id));
        foreach (var area in table.Areas)
        {
            Assert.Equal(Enumerable.Range(1, area.Rows.Count), area.Rows.Select(r => r.Number));
        }
    }

    [Fact]
    public void Columns_follow_the_official_layout_then_status_checkability_and_note()
    {
        var area = CatalogTable.From(WithoutLevel3(Shipped.Value))!.Areas[0];

        Assert.Equal(
            ["序号", "一级事项", "二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体", "公开对象", "公开方式", "公开层级", "状态", "可机检", "备注"],
            area.Headers);
    }

    [Fact]
    public void A_third_level_column_appears_only_in_an_area_where_some_item_has_one()
    {
        var rules = WithoutLevel3(Shipped.Value);
        var first = rules.Areas[0];
        rules = rules with { Areas = [first with { Items = [first.Items[0] with { Level3 = "三级测试" }, .. first.Items.Skip(1)] }, .. rules.Areas.Skip(1)] };

        var table = CatalogTable.From(rules)!;

        Assert.Equal("三级事项", table.Areas[0].Headers.ElementAt(3));
        Assert.Equal(["三级测试"], table.Areas[0].Rows[0].Cells[3]);
        Assert.Equal([""], table.Areas[0].Rows[1].Cells[3]);
        Assert.All(table.Areas.Skip(1), a => Assert.DoesNotContain("三级事项", a.Headers));
    }

    [Fact]
    public void Elements_and_channels_carry_the_required_and_optional_marks()
    {
        var item = Shipped.Value.FindItem("bzxzf-zcwj")!;
        var row = CatalogTable.From(Shipped.Value, "bzxzf")!.Areas.Single().Rows.Single(r => r.Item.Id == item.Id);
        var columns = CatalogTable.From(Shipped.Value, "bzxzf")!.Areas.Single().Columns.ToList();

        var elements = row.Cells[columns.IndexOf(CatalogColumn.Elements)];
        Assert.Equal(item.Elements.Select(e => (e.Required ? "● " : "〇 ") + e.Name), elements);
        Assert.Contains("● 文号", elements);
        Assert.Contains("〇 文件名称", elements);
        Assert.Equal(item.Channels.Select(c => (c.Required ? "■ " : "□ ") + c.Name), row.Cells[columns.IndexOf(CatalogColumn.Channels)]);
        Assert.Equal(["信息形成或者变更之日起20个工作日内"], row.Cells[columns.IndexOf(CatalogColumn.Deadline)]);
        Assert.Equal(["核实"], row.Cells[columns.IndexOf(CatalogColumn.Status)]);
        Assert.Equal(["是"], row.Cells[columns.IndexOf(CatalogColumn.Checkable)]);
    }

    [Fact]
    public void An_area_is_chosen_by_id_or_by_chinese_name_and_an_unknown_one_gives_null()
    {
        Assert.Equal("zdbc", CatalogTable.From(Shipped.Value, "zdbc")!.Areas.Single().Area.Id);
        Assert.Equal("zdbc", CatalogTable.From(Shipped.Value, "征地补偿")!.Areas.Single().Area.Id);
        Assert.Null(CatalogTable.From(Shipped.Value, "no-such-area"));
    }

    [Fact]
    public void Markdown_has_a_heading_per_area_and_a_row_per_item()
    {
        var md = CatalogRenderings.Markdown(CatalogTable.From(Shipped.Value)!);

        foreach (var area in Shipped.Value.Areas)
        {
            Assert.Contains($"\n## {area.Name}领域政务公开标准目录\n", md);
            for (var i = 0; i < area.Items.Count; i++)
            {
                Assert.Contains($"\n| {i + 1} | {area.Items[i].Level1} | {area.Items[i].Level2} |", md);
            }
        }
    }

    [Fact]
    public void Markdown_escapes_table_and_markup_characters()
    {
        var md = CatalogRenderings.Markdown(CatalogTable.From(Hostile(Shipped.Value), "bzxzf")!);

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", md);
        Assert.Contains(@"甲\|乙", md);
        Assert.DoesNotContain("<script>", md);
    }

    [Fact]
    public void Html_has_every_item_encodes_text_and_has_no_script()
    {
        var html = CatalogRenderings.Html(CatalogTable.From(Hostile(Shipped.Value))!);

        foreach (var item in Shipped.Value.Items)
        {
            Assert.Contains($"<tr id=\"item-{item.Id}\">", html);
        }

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("&lt;b&gt;领域&amp;", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("@page { size: A4 landscape", html);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" src=", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Worksheets_are_valid_one_per_area_with_numbers_and_multi_line_cells()
    {
        using var stream = new MemoryStream();
        XlsxWriter.Write(stream, CatalogRenderings.Worksheets(CatalogTable.From(Shipped.Value)!));
        stream.Position = 0;
        using (var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(stream, false))
        {
            Assert.Empty(new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(document).Select(e => e.Description));
        }

        stream.Position = 0;
        var book = WorkbookContent.Read(stream);

        Assert.Equal(Shipped.Value.Areas.Select(a => a.Name), book.Sheets.Select(s => s.Name));
        var bzxzf = book.Sheets[Shipped.Value.Areas.ToList().FindIndex(a => a.Id == "bzxzf")];
        var zcwj = bzxzf.Rows.Skip(2).Single(r => r[2].Value == Shipped.Value.FindItem("bzxzf-zcwj")!.Level2);
        Assert.Null(zcwj[0].Type);
        Assert.Contains("● 文号\n● 实施日期", zcwj[3].Value);
    }

    private static RuleSet WithoutLevel3(RuleSet rules) =>
        rules with { Areas = [.. rules.Areas.Select(a => a with { Items = [.. a.Items.Select(i => i with { Level3 = null })] })] };

    private static RuleSet Hostile(RuleSet rules)
    {
        var area = rules.Areas.Single(a => a.Id == "bzxzf");
        var item = area.Items[0] with { Level2 = "<script>alert(1)</script>", Basis = ["甲|乙"] };
        var hostile = area with { Name = "<b>领域&", Items = [item, .. area.Items.Skip(1)] };
        return rules with { Areas = [.. rules.Areas.Select(a => a.Id == "bzxzf" ? hostile : a)] };
    }
}
