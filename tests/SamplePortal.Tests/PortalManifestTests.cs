using System.Text.Json;
using Monitor.SamplePortal.Tests.Support;

namespace Monitor.SamplePortal.Tests;

public sealed class PortalManifestTests
{
    [Fact]
    public void The_default_sample_plants_exactly_the_eight_documented_faults()
    {
        var manifest = Some.Portal().Manifest;

        Assert.Equal(
            [
                "missing-item/ywjy", "late-publication/bzxzf", "missing-element/zdbc", "stale-column/jyj-jydt",
                "blank-column/csjd-zcjd", "stale-homepage/home", "broken-link/bzxzf", "broken-link/zdbc",
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
            new[] { "stale-column/jyj-jydt", "blank-column/csjd-zcjd", "stale-homepage/home", "broken-link/bzxzf", "broken-link/zdbc" },
            id => Assert.Null(faults[id].ItemId));
    }

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
            ],
            sources.Select(s => (s.Id, s.Family, s.Path)));
        Assert.Equal(["zdbc-ygg", "zdbc-bcaz"], sources.Single(s => s.Id == "csjd-zdxx").ExpectedItemIds);
    }
}
