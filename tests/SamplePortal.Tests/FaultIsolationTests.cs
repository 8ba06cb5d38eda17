using Monitor.SamplePortal.Tests.Support;

namespace Monitor.SamplePortal.Tests;

/// <summary>
/// Guards the "no other document changes" property: turning one planted fault off changes only that fault's own
/// pages, byte for byte. An earlier bug (a fault branch that skipped a random draw) shifted every later document.
/// </summary>
public sealed class FaultIsolationTests
{
    public static TheoryData<string> FaultIds => new(PortalFaults.All);

    [Theory]
    [MemberData(nameof(FaultIds))]
    public void Disabling_one_fault_changes_only_its_own_pages_and_manifest_entry(string faultId)
    {
        var on = Some.Portal();
        var off = Some.Portal(disabledFaults: faultId);
        var fault = on.Manifest.Faults.Single(f => f.Id == faultId);

        var changed = on.Pages.Keys.Union(off.Pages.Keys)
            .Where(path => !on.Pages.TryGetValue(path, out var a) || !off.Pages.TryGetValue(path, out var b) || !a.Body.Span.SequenceEqual(b.Body.Span))
            .ToList();

        Assert.NotEmpty(changed);
        Assert.All(changed, path => Assert.True(IsOwnPage(fault, on, off, path), $"{faultId} also changed {path}"));
        Assert.Equal(on.Manifest.Faults.Where(f => f.Id != faultId), off.Manifest.Faults);
        Assert.Equal(on.Manifest.Sources.Select(s => (s.Id, s.Path)), off.Manifest.Sources.Select(s => (s.Id, s.Path)));
    }

    [Theory]
    [MemberData(nameof(FaultIds))]
    public void Disabling_one_fault_keeps_every_other_articles_path_and_dates(string faultId)
    {
        var on = Some.Portal();
        var off = Some.Portal(disabledFaults: faultId);
        var fault = on.Manifest.Faults.Single(f => f.Id == faultId);

        var before = Others(on, fault);
        var after = Others(off, fault);

        Assert.Equal(before, after);
    }

    private static List<(string Path, DateOnly Written, DateOnly Published, string Title)> Others(GeneratedPortal portal, PlantedFault fault) =>
        portal.Articles
            .Where(a => a.Path != fault.DocumentPath)
            .Where(a => fault.Kind is not ("stale-column" or "blank-column") || a.Column.Id != fault.SourceId)
            .Where(a => fault.Kind != "missing-item" || a.ItemId != fault.ItemId)
            .Select(a => (a.Path, a.Draft.WrittenDate, a.PublishDate, a.Title))
            .ToList();

    private static bool IsOwnPage(PlantedFault fault, GeneratedPortal on, GeneratedPortal off, string path)
    {
        if (path == fault.DocumentPath || path == fault.TargetPath)
        {
            return true;
        }

        return fault.Kind switch
        {
            "stale-column" or "blank-column" or "stale-account" => SourceOf(on, off, path) == fault.SourceId,
            "stale-homepage" => path is "/" or "/index.html",
            // The list pages lose the entries; the withheld documents (and their attachments) exist only without the fault.
            "missing-item" => IsListPage(on, fault.SourceId, path) || IsWithheldDocument(fault, on, off, path),
            _ => false,
        };
    }

    private static string? SourceOf(GeneratedPortal on, GeneratedPortal off, string path) =>
        (on.Find(path) ?? off.Find(path))?.SourceId;

    private static bool IsListPage(GeneratedPortal portal, string sourceId, string path)
    {
        var source = portal.Sources.Single(s => s.Id == sourceId);
        var directory = source.Path[..source.Path.LastIndexOf('/')];
        return path == source.Path
            || (source.Family == "trs" && path.StartsWith(directory + "/index_", StringComparison.Ordinal) && path.EndsWith(".html", StringComparison.Ordinal));
    }

    private static bool IsWithheldDocument(PlantedFault fault, GeneratedPortal on, GeneratedPortal off, string path) =>
        on.Find(path) is null
        && off.Articles.Any(a =>
            a.ItemId == fault.ItemId
            && (fault.Period is null || a.PublishDate.Year.ToString(System.Globalization.CultureInfo.InvariantCulture) == fault.Period)
            && (a.Path == path || a.Attachments.Any(x => x.Path == path)));
}
