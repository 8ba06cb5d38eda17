using System.Text.Json;
using Monitor.SamplePortal.Tests.Support;

namespace Monitor.SamplePortal.Tests;

public sealed class PortalManifestTests
{
    [Fact]
    public void The_default_sample_plants_exactly_the_seventeen_documented_faults()
    {
        var manifest = Some.Portal().Manifest;

        Assert.Equal(
            [
                "missing-item/ywjy", "late-publication/bzxzf", "missing-element/zdbc", "stale-column/jyj-jydt",
                "blank-column/csjd-zcjd", "stale-homepage/home", "broken-link/bzxzf", "broken-link/zdbc",
                "missing-item/wfgz", "missing-element/szfw", "late-publication/ggzy", "broken-link/fwzs",
                "missing-element/jtcq", "late-publication/fp", "missing-item/jz",
                "removed-document/wx-ywfb", "stale-account/wx-ywjy",
            ],
            manifest.Faults.Select(f => f.Id));
        Assert.All(manifest.Faults, f => Assert.Equal(f.Id, $"{f.Kind}/{f.SourceId}"));
    }

    public static TheoryData<string> FaultIds => new(PortalFaults.All);

    [Theory]
    [MemberData(nameof(FaultIds))]
    public void A_disabled_fault_disappears_from_the_manifest_and_the_others_stay(string faultId)
    {
        var manifest = Some.Portal(disabledFaults: faultId).Manifest;

        Assert.DoesNotContain(manifest.Faults, f => f.Id == faultId);
        Assert.Equal(PortalFaults.All.Count - 1, manifest.Faults.Count);
    }

    [Fact]
    public void Disabling_every_fault_leaves_an_empty_fault_list()
    {
        Assert.Empty(Some.Portal(disabledFaults: [.. PortalFaults.All]).Manifest.Faults);
    }

    [Fact]
    public void Item_faults_name_their_item_and_document_and_site_faults_do_not_name_an_item()
    {
        var faults = Some.Portal().Manifest.Faults.ToDictionary(f => f.Id);

        Assert.Equal(("ywjy-zsjh", null, "2026"), (faults["missing-item/ywjy"].ItemId, faults["missing-item/ywjy"].DocumentPath, faults["missing-item/ywjy"].Period));
        Assert.Equal("bzxzf-zcwj", faults["late-publication/bzxzf"].ItemId);
        Assert.StartsWith("/art/", faults["late-publication/bzxzf"].DocumentPath, StringComparison.Ordinal);
        Assert.Equal("zdbc-bcaz", faults["missing-element/zdbc"].ItemId);
        Assert.StartsWith("/zfxxgk/zdbc/", faults["missing-element/zdbc"].DocumentPath, StringComparison.Ordinal);
        Assert.StartsWith("/module/download/downfile.jsp?classid=0&filename=", faults["broken-link/bzxzf"].TargetPath, StringComparison.Ordinal);
        Assert.EndsWith("_0000000.html", faults["broken-link/zdbc"].TargetPath, StringComparison.Ordinal);
        Assert.All(
            new[] { "stale-column/jyj-jydt", "blank-column/csjd-zcjd", "stale-homepage/home", "broken-link/bzxzf", "broken-link/zdbc", "broken-link/fwzs" },
            id => Assert.Null(faults[id].ItemId));
    }

    [Fact]
    public void The_new_area_faults_carry_the_fields_of_their_kind()
    {
        var faults = Some.Portal().Manifest.Faults.ToDictionary(f => f.Id);

        Assert.Equal(("wfgz-djpd", null, null, null), Fields(faults["missing-item/wfgz"]));
        Assert.Equal(("jz-dcjz", null, null, "2026"), Fields(faults["missing-item/jz"]));
        Assert.Equal("szfw-tsgg", faults["missing-element/szfw"].ItemId);
        Assert.StartsWith("/zfxxgk/szfw/", faults["missing-element/szfw"].DocumentPath, StringComparison.Ordinal);
        Assert.Equal("jtcq-ssfa", faults["missing-element/jtcq"].ItemId);
        Assert.StartsWith("/art/", faults["missing-element/jtcq"].DocumentPath, StringComparison.Ordinal);
        Assert.Contains("_1229000050_", faults["missing-element/jtcq"].DocumentPath, StringComparison.Ordinal);
        Assert.Equal("ggzy-cgjg", faults["late-publication/ggzy"].ItemId);
        Assert.Contains("_1229000040_", faults["late-publication/ggzy"].DocumentPath, StringComparison.Ordinal);
        Assert.Equal("fp-zcwj", faults["late-publication/fp"].ItemId);
        Assert.StartsWith("/zfxxgk/fp/", faults["late-publication/fp"].DocumentPath, StringComparison.Ordinal);
        Assert.StartsWith("/zfxxgk/fwzs/", faults["broken-link/fwzs"].DocumentPath, StringComparison.Ordinal);
        Assert.Matches("^/zfxxgk/fwzs/\\d{6}/W0\\d{8}\\d+_1\\.pdf$", faults["broken-link/fwzs"].TargetPath!);
        Assert.All(faults.Values.Where(f => f.Kind is "late-publication" or "missing-element" or "missing-item"), f => Assert.Null(f.TargetPath));
        Assert.All(faults.Values, f => Assert.False(string.IsNullOrWhiteSpace(f.Description)));
    }

    private static (string?, string?, string?, string?) Fields(PlantedFault fault) => (fault.ItemId, fault.DocumentPath, fault.TargetPath, fault.Period);

    [Fact]
    public void The_manifest_json_is_camel_case_with_iso_dates_and_port_free_paths()
    {
        var portal = Some.Portal();

        using var json = JsonDocument.Parse(portal.Manifest.ToJson());
        var root = json.RootElement;

        Assert.Equal(42, root.GetProperty("seed").GetInt32());
        Assert.Equal("2026-12-01", root.GetProperty("asOf").GetString());
        var late = root.GetProperty("faults").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "late-publication/bzxzf");
        Assert.Equal("bzxzf-zcwj", late.GetProperty("itemId").GetString());
        Assert.Equal(JsonValueKind.Null, late.GetProperty("targetPath").ValueKind);
        Assert.Contains("成文日期", late.GetProperty("description").GetString(), StringComparison.Ordinal);
        var ywjy = root.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "ywjy");
        Assert.Equal("GBK", ywjy.GetProperty("charset").GetString());
        Assert.Equal("/jyj/ywjy/index.html", ywjy.GetProperty("path").GetString());
        Assert.DoesNotContain("127.0.0.1", portal.Manifest.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_sources_are_those_of_the_documented_table()
    {
        var sources = Some.Portal().Sources;

        Assert.Equal(
            [
                ("home", "homepage", "/index.html"), ("dtyw", "trs", "/xwzx/dtyw/index.html"), ("tzgg", "hanweb", "/col/col1229000002/index.html"),
                ("jyj-jydt", "trs", "/jyj/jydt/index.html"), ("bzxzf", "hanweb", "/col/col1229000010/index.html"),
                ("zdbc", "trs", "/zfxxgk/zdbc/index.html"), ("ywjy", "trs", "/jyj/ywjy/index.html"),
                ("csjd-zdxx", "hanweb", "/col/col1229000020/index.html"), ("csjd-zcjd", "trs", "/csjd/zcjd/index.html"),
                ("wfgz", "hanweb", "/col/col1229000030/index.html"), ("szfw", "trs", "/zfxxgk/szfw/index.html"),
                ("ggzy", "hanweb", "/col/col1229000040/index.html"), ("fwzs", "trs", "/zfxxgk/fwzs/index.html"),
                ("jtcq", "hanweb", "/col/col1229000050/index.html"), ("fp", "trs", "/zfxxgk/fp/index.html"),
                ("jz", "hanweb", "/col/col1229000060/index.html"), ("xzfw-zwdt", "js", "/col/col1229000070/index.html"),
                ("wx-ywfb", "wechat-feed", "/wechat/ywfb/feed.xml"), ("wx-ywjy", "wechat-list", "/wechat/ywjy/index.html"),
            ],
            sources.Select(s => (s.Id, s.Family, s.Path)));
        Assert.Equal(["zdbc-ygg", "zdbc-bcaz"], sources.Single(s => s.Id == "csjd-zdxx").ExpectedItemIds);
        Assert.Equal(
            [
                ("wfgz", "农村危房改造", "ghj"), ("szfw", "市政服务", "cgw"), ("ggzy", "公共资源交易", "xzfw"),
                ("fwzs", "国有土地上房屋征收与补偿", "cgw"), ("jtcq", "集体土地上房屋拆迁安置", "sqb"), ("fp", "扶贫", "nlj"), ("jz", "救灾", "mzj"),
            ],
            sources.Skip(9).Take(7).Select(s => (s.Id, s.Name, s.DepartmentId)));
        Assert.All(sources.Skip(9).Take(7), s => Assert.Equal(("UTF-8", "信息公开目录"), (s.Charset, s.ColumnType)));
        Assert.Equal(["wfgz-xgwj", "wfgz-rwfp", "wfgz-bzbz", "wfgz-djpd"], sources.Single(s => s.Id == "wfgz").ExpectedItemIds);
        Assert.Equal(["jz-zcwj", "jz-zqxx", "jz-kwgl", "jz-dcjz"], sources.Single(s => s.Id == "jz").ExpectedItemIds);
    }
}
