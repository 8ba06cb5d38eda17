using System.Globalization;
using System.Text.RegularExpressions;
using Monitor.SamplePortal.Generation;
using Monitor.SamplePortal.Tests.Support;

namespace Monitor.SamplePortal.Tests;

/// <summary>Each planted fault is visible on the pages as the manifest says, and gone when disabled.</summary>
public sealed class PlantedFaultTests
{
    [Fact]
    public void The_late_policy_document_is_published_35_working_days_after_it_was_written()
    {
        var portal = Some.Portal();
        var fault = portal.Manifest.Faults.Single(f => f.Id == PortalFaults.LatePublicationBzxzf);

        var html = PageText.Decode(portal.Pages[fault.DocumentPath!]);

        Assert.Equal(35, WorkingDays(html));
    }

    [Fact]
    public void Every_other_area_document_is_published_within_10_working_days()
    {
        var portal = Some.Portal();
        var late = portal.Manifest.Faults.Single(f => f.Id == PortalFaults.LatePublicationBzxzf).DocumentPath;

        Assert.All(
            portal.Articles.Where(a => a.ItemId is not null && a.Path != late),
            a => Assert.InRange(WorkingDays(PageText.Decode(portal.Pages[a.Path])), 3, 10));
    }

    [Fact]
    public void With_late_publication_disabled_the_same_policy_document_is_on_time()
    {
        var portal = Some.Portal(disabledFaults: PortalFaults.LatePublicationBzxzf);

        Assert.All(
            portal.Articles.Where(a => a.ItemId == "bzxzf-zcwj"),
            a => Assert.InRange(WorkingDays(PageText.Decode(portal.Pages[a.Path])), 3, 10));
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

    [Fact]
    public void The_broken_attachment_is_the_only_unserved_one_and_is_served_when_disabled()
    {
        var fault = Some.Portal().Manifest.Faults.Single(f => f.Id == PortalFaults.BrokenLinkBzxzf);

        var html = PageText.Decode(Some.Portal().Pages[fault.DocumentPath!]);
        Assert.Contains(fault.TargetPath!.Replace("&", "&amp;", StringComparison.Ordinal), html, StringComparison.Ordinal);
        Assert.Null(Some.Portal().Find(fault.TargetPath!));
        Assert.NotNull(Some.Portal(disabledFaults: PortalFaults.BrokenLinkBzxzf).Find(fault.TargetPath!));
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
