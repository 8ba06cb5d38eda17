using Monitor.Crawler.Extraction;
using Monitor.Crawler.Tests.Support;

namespace Monitor.Crawler.Tests.Extraction;

public sealed class ListAdapterTests
{
    [Fact]
    public async Task Trs_four_argument_pager_gives_zero_based_page_and_page_urls()
    {
        using var doc = await Fixture.DocumentAsync("trs-list-4arg.html", "http://portal.test/xwzx/dtyw/index.html");

        var pager = TrsListAdapter.ReadPager(doc);

        Assert.Equal(new TrsPager(3, 0, "index", "html"), pager);
        var first = new Uri("http://portal.test/xwzx/dtyw/index.html");
        Assert.Equal("http://portal.test/xwzx/dtyw/index.html", pager!.PageUrl(first, 0).AbsoluteUri);
        Assert.Equal("http://portal.test/xwzx/dtyw/index_2.html", pager.PageUrl(first, 2).AbsoluteUri);
    }

    [Fact]
    public async Task Trs_six_argument_pager_is_one_based_and_keeps_its_extension()
    {
        using var doc = await Fixture.DocumentAsync("trs-list-6arg.html", "http://portal.test/csjd/zcjd/index_1.shtml");

        var pager = TrsListAdapter.ReadPager(doc);

        Assert.Equal(new TrsPager(7, 1, "index", "shtml"), pager);
        Assert.Equal("http://portal.test/csjd/zcjd/index_2.shtml", pager!.PageUrl(new Uri("http://portal.test/csjd/zcjd/index_1.shtml"), 2).AbsoluteUri);
    }

    [Fact]
    public async Task Trs_entries_have_absolute_urls_titles_from_the_title_attribute_and_dates_in_every_format()
    {
        using var doc = await Fixture.DocumentAsync("trs-list-4arg.html", "http://portal.test/xwzx/dtyw/index.html");

        var entries = GenericListAdapter.ReadEntries(doc);

        Assert.Equal(
            [
                new ListEntry(new Uri("http://portal.test/xwzx/dtyw/202611/t20261120_1000123.html"), "义乌市召开政务公开工作推进会", new DateOnly(2026, 11, 20)),
                new ListEntry(new Uri("http://portal.test/xwzx/dtyw/202611/t20261118_1000122.html"), "城西街道开展安全生产检查", new DateOnly(2026, 11, 18)),
                new ListEntry(new Uri("http://portal.test/xwzx/dtyw/202611/t20261105_1000121.html"), "市教育局部署冬季校园安全工作", new DateOnly(2026, 11, 5)),
            ],
            entries);
    }

    [Fact]
    public async Task Table_rows_with_chinese_dates_in_brackets_are_entries()
    {
        using var doc = await Fixture.DocumentAsync("trs-list-6arg.html", "http://portal.test/csjd/zcjd/index_1.shtml");

        var entries = GenericListAdapter.ReadEntries(doc);

        Assert.Equal(2, entries.Count);
        Assert.Equal("《城西街道征地补偿实施细则》政策解读", entries[0].Title);
        Assert.Equal(new DateOnly(2026, 10, 30), entries[0].Date);
        Assert.Equal(new DateOnly(2026, 9, 2), entries[1].Date);
    }

    [Fact]
    public async Task Generic_list_takes_the_largest_dated_group_and_finds_the_next_page_link()
    {
        using var doc = await Fixture.DocumentAsync("generic-list.html", "http://portal.test/tzgg/list_2.html");

        var entries = GenericListAdapter.ReadEntries(doc);
        var next = GenericListAdapter.NextPage(doc);

        Assert.Equal(
            ["http://portal.test/tzgg/notice/3.html", "http://portal.test/tzgg/notice/2.html", "http://portal.test/tzgg/notice/1.html"],
            entries.Select(e => e.Url.AbsoluteUri));
        Assert.Equal(new DateOnly(2026, 10, 9), entries[2].Date);
        Assert.Equal("http://portal.test/tzgg/list_3.html", next?.AbsoluteUri);
    }

    [Fact]
    public async Task Generic_next_page_also_comes_from_rel_next()
    {
        using var doc = await Fixture.DocumentAsync(
            "<html><head><link rel=\"next\" href=\"?page=2\"></head><body></body></html>"u8.ToArray(), "http://portal.test/list?page=1", "text/html");

        Assert.Equal("http://portal.test/list?page=2", GenericListAdapter.NextPage(doc)?.AbsoluteUri);
    }

    [Fact]
    public async Task Hanweb_embedded_datastore_records_are_parsed_as_html_with_totals()
    {
        using var doc = await Fixture.DocumentAsync("hanweb-column.html", "http://portal.test/col/col1229000010/index.html");

        var store = HanwebListAdapter.ReadEmbedded(doc);

        Assert.NotNull(store);
        Assert.Equal(7, store.TotalRecord);
        Assert.Equal(3, store.TotalPage);
        Assert.Equal(3, store.PerPage);
        Assert.Equal(
            [
                new ListEntry(new Uri("http://portal.test/art/2026/11/20/art_1229000010_1000456.html"), "关于2026年公租房承租资格审核结果公示", new DateOnly(2026, 11, 20)),
                new ListEntry(new Uri("http://portal.test/art/2026/11/12/art_1229000010_1000455.html"), "城西片区保障性住房摇号公告", new DateOnly(2026, 11, 12)),
                new ListEntry(new Uri("http://portal.test/art/2026/10/9/art_1229000010_1000457.html"), "义乌市保障性住房管理办法", new DateOnly(2026, 10, 9)),
            ],
            store.Records);
    }

    [Fact]
    public async Task Hanweb_param_object_gives_the_dataproxy_form_fields_in_order()
    {
        using var doc = await Fixture.DocumentAsync("hanweb-column.html", "http://portal.test/col/col1229000010/index.html");

        var form = HanwebListAdapter.ReadParams(doc);

        Assert.Equal(
            [
                new("col", "1"), new("appid", "1"), new("webid", "3301"), new("path", "/"), new("columnid", "1229000010"),
                new("sourceContentType", "1"), new("unitid", "3301"), new("webname", "义乌市人民政府门户网站（示例）"), new("permissiontype", "0"),
            ],
            form!);
    }

    [Fact]
    public void Hanweb_dataproxy_answer_is_read_from_its_xml_bytes()
    {
        var store = HanwebListAdapter.ReadDataproxy(Fixture.Bytes("hanweb-dataproxy.xml"), new Uri("http://portal.test/module/web/jpage/dataproxy.jsp"));

        Assert.NotNull(store);
        Assert.Equal(["征求意见：保障性住房实施细则", "2026年度保障性住房建设计划", "资格审核结果公示（第七批）"], store.Records.Select(r => r.Title));
        Assert.Equal(new DateOnly(2026, 9, 1), store.Records[1].Date);
        Assert.Equal("http://portal.test/art/2026/8/3/art_1229000010_1000448.html", store.Records[2].Url.AbsoluteUri);
    }

    [Fact]
    public void Hanweb_dataproxy_with_a_dtd_is_refused()
    {
        var hostile = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaa\">]><datastore><totalrecord>&a;</totalrecord></datastore>"u8.ToArray();

        Assert.Null(HanwebListAdapter.ReadDataproxy(hostile, new Uri("http://portal.test/")));
    }

    [Fact]
    public void Dataproxy_url_is_at_the_site_root_with_the_record_range()
    {
        var url = HanwebListAdapter.DataproxyUrl(new Uri("http://portal.test/col/col1229000010/index.html"), 31, 60, 10);

        Assert.Equal("http://portal.test/module/web/jpage/dataproxy.jsp?startrecord=31&endrecord=60&perpage=10", url.AbsoluteUri);
    }
}
