using System.Globalization;
using System.Text.RegularExpressions;
using Monitor.SamplePortal.Generation;
using Monitor.SamplePortal.Tests.Support;

namespace Monitor.SamplePortal.Tests;

/// <summary>Each planted fault is visible on the pages as the manifest says, and gone when disabled.</summary>
public sealed class PlantedFaultTests
{
    [Theory]
    [InlineData(PortalFaults.LatePublicationBzxzf, "bzxzf-zcwj", 35)]
    [InlineData(PortalFaults.LatePublicationFp, "fp-zcwj", 35)]
    [InlineData(PortalFaults.LatePublicationGgzy, "ggzy-cgjg", 6)]
    public void The_late_document_is_published_the_planted_number_of_working_days_after_it_was_written(string faultId, string itemId, int workingDays)
    {
        var portal = Some.Portal();
        var fault = portal.Manifest.Faults.Single(f => f.Id == faultId);

        var html = PageText.Decode(portal.Pages[fault.DocumentPath!]);

        Assert.Equal(itemId, fault.ItemId);
        Assert.Equal(workingDays, WorkingDays(html));
        Assert.Contains($"相隔{workingDays}个工作日", fault.Description, StringComparison.Ordinal);
        Assert.InRange(portal.Articles.Single(a => a.Path == fault.DocumentPath).PublishDate, Some.AsOf.AddDays(-100), Some.AsOf);
    }

    [Theory]
    [InlineData(PortalFaults.LatePublicationBzxzf, "bzxzf-zcwj", 3, 10)]
    [InlineData(PortalFaults.LatePublicationFp, "fp-zcwj", 3, 10)]
    [InlineData(PortalFaults.LatePublicationGgzy, "ggzy-cgjg", 0, 2)]
    public void With_late_publication_disabled_the_same_document_is_on_time_on_the_same_day(string faultId, string itemId, int min, int max)
    {
        var late = Some.Portal().Manifest.Faults.Single(f => f.Id == faultId).DocumentPath!;
        var portal = Some.Portal(disabledFaults: faultId);

        Assert.All(
            portal.Articles.Where(a => a.ItemId == itemId),
            a => Assert.InRange(WorkingDays(PageText.Decode(portal.Pages[a.Path])), min, max));
        Assert.Contains(portal.Articles, a => a.Path == late);
    }

    [Theory]
    [InlineData("2026-12-01", "2026")]
    [InlineData("2026-06-30", "2025")]
    [InlineData("2026-03-01", "2025")]
    public void The_missing_enrolment_plan_is_the_latest_passed_year(string asOf, string year)
    {
        var portal = Some.Portal(asOf: DateOnly.Parse(asOf, CultureInfo.InvariantCulture));

        Assert.Equal(year, portal.Manifest.Faults.Single(f => f.Id == PortalFaults.MissingItemYwjy).Period);
        Assert.DoesNotContain(portal.Articles, a => a.ItemId == "ywjy-zsjh" && a.Title.Contains(year, StringComparison.Ordinal));
        Assert.Contains(portal.Articles, a => a.ItemId == "ywjy-zszc" && a.Title.Contains(year, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2026-12-01", "2026")]
    [InlineData("2026-10-31", "2025")]
    [InlineData("2026-11-01", "2026")]
    [InlineData("2026-03-01", "2025")]
    public void The_missing_winter_relief_plan_is_the_latest_passed_year(string asOf, string year)
    {
        var portal = Some.Portal(asOf: DateOnly.Parse(asOf, CultureInfo.InvariantCulture));

        var fault = portal.Manifest.Faults.Single(f => f.Id == PortalFaults.MissingItemJz);
        Assert.Equal(("jz-dcjz", year, null), (fault.ItemId, fault.Period, fault.DocumentPath));
        Assert.DoesNotContain(portal.Articles, a => a.ItemId == "jz-dcjz" && a.PublishDate.Year.ToString(CultureInfo.InvariantCulture) == year);
        Assert.Contains(
            Some.Portal(asOf: DateOnly.Parse(asOf, CultureInfo.InvariantCulture), disabledFaults: PortalFaults.MissingItemJz).Articles,
            a => a.ItemId == "jz-dcjz" && a.PublishDate.Year.ToString(CultureInfo.InvariantCulture) == year && a.Title.StartsWith($"义乌市{year}—", StringComparison.Ordinal));
    }

    [Fact]
    public void The_newest_water_stop_notice_is_the_one_without_its_area()
    {
        var portal = Some.Portal();
        var fault = portal.Manifest.Faults.Single(f => f.Id == PortalFaults.MissingElementSzfw);

        var newest = portal.Articles.Where(a => a.ItemId == "szfw-tsgg").MaxBy(a => a.PublishDate)!;

        Assert.Equal(newest.Path, fault.DocumentPath);
        Assert.DoesNotContain("停水范围", PageText.Body(PageText.Decode(portal.Pages[newest.Path])), StringComparison.Ordinal);
        Assert.Contains("停水范围", PageText.Body(PageText.Decode(Some.Portal(disabledFaults: PortalFaults.MissingElementSzfw).Pages[newest.Path])), StringComparison.Ordinal);
    }

    [Fact]
    public void With_missing_item_disabled_every_passed_year_has_its_enrolment_plan()
    {
        var portal = Some.Portal(disabledFaults: PortalFaults.MissingItemYwjy);

        foreach (var year in new[] { "2024", "2025", "2026" })
        {
            Assert.Single(portal.Articles, a => a.ItemId == "ywjy-zsjh" && a.Title.Contains(year, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("2026-06-05", true)]
    [InlineData("2026-05-01", false)]
    public void The_current_years_annual_items_appear_only_when_their_due_date_is_within_30_days(string asOf, bool expected)
    {
        var portal = Some.Portal(asOf: DateOnly.Parse(asOf, CultureInfo.InvariantCulture));

        var current = portal.Articles.Where(a => a.ItemId is "ywjy-zszc" or "ywjy-zsfw" && a.Title.Contains("2026年", StringComparison.Ordinal)).ToList();

        Assert.Equal(expected ? 2 : 0, current.Count);
        Assert.All(current, a => Assert.Equal(2026, a.PublishDate.Year));
        Assert.All(
            portal.Articles.Where(a => a.ItemId is "ywjy-zszc" or "ywjy-zsjh" or "ywjy-zsfw"),
            a => Assert.True(a.PublishDate < new DateOnly(a.PublishDate.Year, 6, 30) && a.Draft.WrittenDate.Year == a.PublishDate.Year));
    }

    [Fact]
    public void The_stale_education_column_is_30_days_old_and_fresh_when_disabled()
    {
        Assert.Equal(Some.AsOf.AddDays(-30), NewestListDate(Some.Portal(), "/jyj/jydt/index.html"));
        Assert.Equal(Some.AsOf.AddDays(-2), NewestListDate(Some.Portal(disabledFaults: PortalFaults.StaleColumnJyjJydt), "/jyj/jydt/index.html"));
        Assert.Equal(Some.AsOf.AddDays(-1), NewestListDate(Some.Portal(), "/xwzx/dtyw/index.html"));
    }

    [Fact]
    public void The_blank_column_is_empty_and_has_recent_interpretations_when_disabled()
    {
        var blank = PageText.Decode(Some.Portal().Pages["/csjd/zcjd/index.html"]);
        Assert.Contains("<ul class=\"list\">\n</ul>", blank, StringComparison.Ordinal);
        Assert.Contains("createPageHTML(1, 0, \"index\", \"html\");", blank, StringComparison.Ordinal);

        var filled = Some.Portal(disabledFaults: PortalFaults.BlankColumnCsjdZcjd);
        var dates = PageText.ListDates(PageText.Decode(filled.Pages["/csjd/zcjd/index.html"])).Select(d => DateOnly.Parse(d, CultureInfo.InvariantCulture)).ToList();
        Assert.InRange(dates.Count, 3, 6);
        Assert.All(dates, d => Assert.InRange(d, Some.AsOf.AddMonths(-6), Some.AsOf.AddDays(-1)));
    }

    [Fact]
    public void The_stale_homepage_shows_nothing_newer_than_21_days_and_the_fresh_one_shows_yesterday()
    {
        var stale = Some.Portal();
        var fresh = Some.Portal(disabledFaults: PortalFaults.StaleHomepage);

        Assert.Equal(Some.AsOf.AddDays(-21), NewestListDate(stale, "/index.html"));
        Assert.Equal(Some.AsOf.AddDays(-1), NewestListDate(fresh, "/index.html"));
        Assert.Equal(13, PageText.ListDates(PageText.Decode(fresh.Pages["/index.html"])).Count);
        Assert.Contains("2026-11-10", stale.Manifest.Faults.Single(f => f.Id == PortalFaults.StaleHomepage).Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PortalFaults.BrokenLinkBzxzf, "/module/download/downfile.jsp?classid=0&filename=")]
    [InlineData(PortalFaults.BrokenLinkFwzs, "/zfxxgk/fwzs/")]
    public void The_broken_attachment_is_unserved_and_is_served_when_disabled(string faultId, string targetPrefix)
    {
        var fault = Some.Portal().Manifest.Faults.Single(f => f.Id == faultId);

        var html = PageText.Decode(Some.Portal().Pages[fault.DocumentPath!]);
        Assert.StartsWith(targetPrefix, fault.TargetPath, StringComparison.Ordinal);
        Assert.EndsWith(".pdf", fault.TargetPath, StringComparison.Ordinal);
        Assert.Contains(PageText.LinkTargets(fault.DocumentPath!, html), t => t == fault.TargetPath);
        Assert.Null(Some.Portal().Find(fault.TargetPath!));
        Assert.NotNull(Some.Portal(disabledFaults: faultId).Find(fault.TargetPath!));
    }

    [Fact]
    public void The_broken_expropriation_attachment_belongs_to_a_recent_decision()
    {
        var portal = Some.Portal();
        var fault = portal.Manifest.Faults.Single(f => f.Id == PortalFaults.BrokenLinkFwzs);

        var carrier = portal.Articles.Single(a => a.Path == fault.DocumentPath);

        Assert.Equal("fwzs-zsjd", carrier.ItemId);
        Assert.InRange(carrier.PublishDate, Some.AsOf.AddDays(-100), Some.AsOf);
    }

    private static int WorkingDays(string html)
    {
        var written = DateOnly.Parse(PageText.Meta(html, "成文日期"), CultureInfo.InvariantCulture);
        var published = DateOnly.Parse(PageText.Meta(html, "发布日期"), CultureInfo.InvariantCulture);
        return WorkingDayCalendar.WorkingDaysBetween(written, published);
    }

    private static DateOnly NewestListDate(GeneratedPortal portal, string path) =>
        PageText.ListDates(PageText.Decode(portal.Pages[path])).Select(d => DateOnly.Parse(d, CultureInfo.InvariantCulture)).Max();
}
