namespace Monitor.SamplePortal.Generation;

/// <summary>List-page family of a source.</summary>
internal enum ListFamily
{
    Trs,
    Hanweb,
    Homepage,

    /// <summary>A list built in the browser from a JSON file (<c>data.json</c>); the HTML holds no entries.</summary>
    Js,

    /// <summary>A plain list page with 下一页 links (fault-mode columns).</summary>
    Generic,
}

/// <summary>A unit that owns columns. <paramref name="IndexCode"/> prefixes its 索引号 (invented).</summary>
internal sealed record Department(string Id, string Name, string IndexCode);

/// <summary>
/// One column (or the homepage) of the sample site. TRS columns live under <paramref name="Directory"/>;
/// Hanweb columns have a <paramref name="HanwebColumnId"/> (0 otherwise).
/// </summary>
internal sealed record ColumnDefinition(
    string Id,
    string Name,
    ListFamily Family,
    string Directory,
    long HanwebColumnId,
    bool Gbk,
    string DepartmentId,
    string ColumnType,
    IReadOnlyList<string> ExpectedItemIds)
{
    public string ListPath => Family switch
    {
        ListFamily.Hanweb => $"/col/col{HanwebColumnId}/index.html",
        ListFamily.Js => $"/col/col{HanwebColumnId}/index.html",
        ListFamily.Homepage => "/index.html",
        _ => $"{Directory}/index.html",
    };

    /// <summary>Path of the JSON list a <see cref="ListFamily.Js"/> column's script fetches.</summary>
    public string DataPath => $"/col/col{HanwebColumnId}/data.json";

    public string FamilyName => Family switch
    {
        ListFamily.Trs => "trs",
        ListFamily.Hanweb => "hanweb",
        ListFamily.Js => "js",
        ListFamily.Generic => "generic",
        _ => "homepage",
    };

    public string Charset => Gbk ? "GBK" : "UTF-8";
}

/// <summary>The fixed shape of the sample site (docs/sample-portal.md): departments and sources.</summary>
internal static class SiteLayout
{
    public const string SiteName = "义乌市人民政府门户网站（示例）";

    // Reserved .example domain and an invented site code: nothing here may point at a real site.
    public const string SiteDomain = "www.yiwu-sample.example";
    public const string SiteIdCode = "3399990001";

    // Identity texts of the homepage footer (国办秘函〔2019〕19号 checks them); all invented, all-zero numbers.
    public const string IcpRecord = "浙ICP备00000000号";
    public const string PoliceRecord = "浙公网安备 00000000000000号";

    /// <summary>党政机关网站标识 page on the real CONAC host, with an invented id: the crawler never requests other hosts.</summary>
    public const string ConacUrl = "https://bszs.conac.cn/sitename?method=show&id=0000000000SAMPLE3399990001";

    /// <summary>我为政府网站找错 entry on the real national host, with this site's (invented) code.</summary>
    public const string JiucuoUrl = "https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=" + SiteIdCode;

    /// <summary>The 党政机关 logo, served by the site itself so that every image on a page resolves.</summary>
    public const string ConacImagePath = "/images/dzjg.png";

    public static readonly Department Szfb = new("szfb", "市人民政府办公室", "001008001");
    public static readonly Department Cgw = new("cgw", "市城市管理委员会", "001008024");
    public static readonly Department Gtj = new("gtj", "市国土资源局", "001008018");
    public static readonly Department Jyj = new("jyj", "市教育局", "001008012");
    public static readonly Department Csjd = new("csjd", "城西街道办事处", "001008101");
    public static readonly Department Ghj = new("ghj", "市规划局", "001008019");
    public static readonly Department Xzfw = new("xzfw", "市行政服务中心", "001008031");
    public static readonly Department Sqb = new("sqb", "市社区建设办公室", "001008036");
    public static readonly Department Nlj = new("nlj", "市农林局", "001008022");
    public static readonly Department Mzj = new("mzj", "市民政局", "001008015");

    public static IReadOnlyList<Department> Departments { get; } = [Szfb, Cgw, Gtj, Jyj, Csjd, Ghj, Xzfw, Sqb, Nlj, Mzj];

    public static readonly ColumnDefinition Home = new("home", "首页", ListFamily.Homepage, "", 0, false, "szfb", "首页", []);
    public static readonly ColumnDefinition Dtyw = new("dtyw", "动态要闻", ListFamily.Trs, "/xwzx/dtyw", 0, false, "szfb", "动态要闻", []);
    public static readonly ColumnDefinition Tzgg = new("tzgg", "通知公告", ListFamily.Hanweb, "", 1229000002, false, "szfb", "通知公告", []);
    public static readonly ColumnDefinition JyjJydt = new("jyj-jydt", "教育动态", ListFamily.Trs, "/jyj/jydt", 0, false, "jyj", "动态要闻", []);

    public static readonly ColumnDefinition Bzxzf = new(
        "bzxzf", "保障性住房", ListFamily.Hanweb, "", 1229000010, false, "cgw", "信息公开目录",
        [ItemIds.BzxzfZcwj, ItemIds.BzxzfJcygk, ItemIds.BzxzfZgsh, ItemIds.BzxzfYhgg, ItemIds.BzxzfNdjh]);

    public static readonly ColumnDefinition Zdbc = new(
        "zdbc", "征地补偿", ListFamily.Trs, "/zfxxgk/zdbc", 0, false, "gtj", "信息公开目录",
        [ItemIds.ZdbcQpdj, ItemIds.ZdbcYgg, ItemIds.ZdbcBcaz, ItemIds.ZdbcZsgg]);

    public static readonly ColumnDefinition Ywjy = new(
        "ywjy", "义务教育", ListFamily.Trs, "/jyj/ywjy", 0, true, "jyj", "信息公开目录",
        [ItemIds.YwjyZszc, ItemIds.YwjyZsjh, ItemIds.YwjyZsfw, ItemIds.YwjyXxml, ItemIds.YwjyZzzc]);

    public static readonly ColumnDefinition CsjdZdxx = new(
        "csjd-zdxx", "城西街道 征地信息", ListFamily.Hanweb, "", 1229000020, false, "csjd", "信息公开目录",
        [ItemIds.ZdbcYgg, ItemIds.ZdbcBcaz]);

    public static readonly ColumnDefinition CsjdZcjd = new("csjd-zcjd", "城西街道 政策解读", ListFamily.Trs, "/csjd/zcjd", 0, false, "csjd", "政策文件", []);

    // Built by script from data.json: only a browser (or a crawler that reads the JSON) sees its entries.
    // Column id 1229000070: 1229000030 is taken by wfgz.
    public static readonly ColumnDefinition XzfwZwdt = new("xzfw-zwdt", "政务动态", ListFamily.Js, "", 1229000070, false, "xzfw", "动态要闻", []);

    // The seven pilot areas of docs/sample-portal-areas.md.
    public static readonly ColumnDefinition Wfgz = new(
        "wfgz", "农村危房改造", ListFamily.Hanweb, "", 1229000030, false, "ghj", "信息公开目录",
        [ItemIds.WfgzXgwj, ItemIds.WfgzRwfp, ItemIds.WfgzBzbz, ItemIds.WfgzDjpd]);

    public static readonly ColumnDefinition Szfw = new(
        "szfw", "市政服务", ListFamily.Trs, "/zfxxgk/szfw", 0, false, "cgw", "信息公开目录",
        [ItemIds.SzfwTsgg, ItemIds.SzfwSzxx, ItemIds.SzfwRqfw, ItemIds.SzfwGjtz]);

    public static readonly ColumnDefinition Ggzy = new(
        "ggzy", "公共资源交易", ListFamily.Hanweb, "", 1229000040, false, "xzfw", "信息公开目录",
        [ItemIds.GgzyZbgg, ItemIds.GgzyZbhx, ItemIds.GgzyCgjg]);

    public static readonly ColumnDefinition Fwzs = new(
        "fwzs", "国有土地上房屋征收与补偿", ListFamily.Trs, "/zfxxgk/fwzs", 0, false, "cgw", "信息公开目录",
        [ItemIds.FwzsZsjd, ItemIds.FwzsBcfa, ItemIds.FwzsPgjg]);

    public static readonly ColumnDefinition Jtcq = new(
        "jtcq", "集体土地上房屋拆迁安置", ListFamily.Hanweb, "", 1229000050, false, "sqb", "信息公开目录",
        [ItemIds.JtcqSsfa, ItemIds.JtcqAzfa, ItemIds.JtcqZtbl]);

    public static readonly ColumnDefinition Fp = new(
        "fp", "扶贫", ListFamily.Trs, "/zfxxgk/fp", 0, false, "nlj", "信息公开目录",
        [ItemIds.FpZcwj, ItemIds.FpZjxm]);

    public static readonly ColumnDefinition Jz = new(
        "jz", "救灾", ListFamily.Hanweb, "", 1229000060, false, "mzj", "信息公开目录",
        [ItemIds.JzZcwj, ItemIds.JzZqxx, ItemIds.JzKwgl, ItemIds.JzDcjz]);

    /// <summary>Every source in manifest order (the order of docs/sample-portal.md).</summary>
    public static IReadOnlyList<ColumnDefinition> Sources { get; } =
        [Home, Dtyw, Tzgg, JyjJydt, Bzxzf, Zdbc, Ywjy, CsjdZdxx, CsjdZcjd, Wfgz, Szfw, Ggzy, Fwzs, Jtcq, Fp, Jz, XzfwZwdt];

    /// <summary>义乌发布: RSS 2.0 feed; one of its posts has been deleted by the publisher.</summary>
    public static readonly WeChatAccount WxYwfb = new(
        "wx-ywfb", "义乌发布（示例）", "gh_sample0001", "3900000001", "szfb", "ywfb", WeChatMirror.Rss);

    /// <summary>义乌教育: Atom feed plus a mirror list page; stale by default.</summary>
    public static readonly WeChatAccount WxYwjy = new(
        "wx-ywjy", "义乌教育（示例）", "gh_sample0002", "3900000002", "jyj", "ywjy", WeChatMirror.AtomAndList);

    /// <summary>WeChat accounts in manifest order (after the portal sources).</summary>
    public static IReadOnlyList<WeChatAccount> Accounts { get; } = [WxYwfb, WxYwjy];

    /// <summary>Every source id a deployment may name (portal sources and WeChat accounts).</summary>
    public static IEnumerable<string> SourceIds => Sources.Select(s => s.Id).Concat(Accounts.Select(a => a.Id));

    public static Department DepartmentOf(ColumnDefinition column) =>
        Departments.First(d => d.Id == column.DepartmentId);
}

/// <summary>Catalog item ids used by the sample (rules/ holds their definitions).</summary>
internal static class ItemIds
{
    public const string BzxzfZcwj = "bzxzf-zcwj";
    public const string BzxzfJcygk = "bzxzf-jcygk";
    public const string BzxzfZgsh = "bzxzf-zgsh";
    public const string BzxzfYhgg = "bzxzf-yhgg";
    public const string BzxzfNdjh = "bzxzf-ndjh";
    public const string ZdbcQpdj = "zdbc-qpdj";
    public const string ZdbcYgg = "zdbc-ygg";
    public const string ZdbcBcaz = "zdbc-bcaz";
    public const string ZdbcZsgg = "zdbc-zsgg";
    public const string YwjyZszc = "ywjy-zszc";
    public const string YwjyZsjh = "ywjy-zsjh";
    public const string YwjyZsfw = "ywjy-zsfw";
    public const string YwjyXxml = "ywjy-xxml";
    public const string YwjyZzzc = "ywjy-zzzc";
    public const string WfgzXgwj = "wfgz-xgwj";
    public const string WfgzRwfp = "wfgz-rwfp";
    public const string WfgzBzbz = "wfgz-bzbz";
    public const string WfgzDjpd = "wfgz-djpd";
    public const string SzfwTsgg = "szfw-tsgg";
    public const string SzfwSzxx = "szfw-szxx";
    public const string SzfwRqfw = "szfw-rqfw";
    public const string SzfwGjtz = "szfw-gjtz";
    public const string GgzyZbgg = "ggzy-zbgg";
    public const string GgzyZbhx = "ggzy-zbhx";
    public const string GgzyCgjg = "ggzy-cgjg";
    public const string FwzsZsjd = "fwzs-zsjd";
    public const string FwzsBcfa = "fwzs-bcfa";
    public const string FwzsPgjg = "fwzs-pgjg";
    public const string JtcqSsfa = "jtcq-ssfa";
    public const string JtcqAzfa = "jtcq-azfa";
    public const string JtcqZtbl = "jtcq-ztbl";
    public const string FpZcwj = "fp-zcwj";
    public const string FpZjxm = "fp-zjxm";
    public const string JzZcwj = "jz-zcwj";
    public const string JzZqxx = "jz-zqxx";
    public const string JzKwgl = "jz-kwgl";
    public const string JzDcjz = "jz-dcjz";
}
