using System.Globalization;
using System.Xml.Linq;
using Monitor.Host.Reports;

namespace Monitor.Host.Tests.Reports;

/// <summary>The server-side SVG charts: well-formed XML whatever the labels, band colours, invariant numbers, readable axes.</summary>
public sealed class SvgChartsTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static XElement Parse(string svg) => XDocument.Parse(svg).Root!;

    private static List<XElement> Bars(XElement root) =>
        [.. root.Elements(Svg + "g").Where(g => ((string?)g.Attribute("class"))?.StartsWith("bar", StringComparison.Ordinal) == true)];

    [Fact]
    public void Bar_chart_is_an_accessible_svg_with_its_title_first()
    {
        var root = Parse(SvgCharts.BarChart("部门排名", [new("义乌市教育局", 95, 100, false)]));

        Assert.Equal(Svg + "svg", root.Name);
        Assert.Equal("img", (string?)root.Attribute("role"));
        Assert.Equal("部门排名", root.Elements().First().Value);
        Assert.Equal(Svg + "title", root.Elements().First().Name);
    }

    [Fact]
    public void Bars_are_coloured_by_band_and_a_veto_is_red_outlined_and_labelled()
    {
        var root = Parse(SvgCharts.BarChart("排名", [
            new("良好", 90, 100, false),
            new("一般", 60, 100, false),
            new("较差", 59.9, 100, false),
            new("否决", 95, 100, true),
        ]));

        var fills = Bars(root).Select(g => (string?)g.Element(Svg + "rect")!.Attribute("fill")).ToList();
        Assert.Equal([SvgCharts.Green, SvgCharts.Amber, SvgCharts.Red, SvgCharts.Red], fills);
        var veto = Bars(root)[3];
        Assert.Equal("bar veto", (string?)veto.Attribute("class"));
        Assert.NotNull(veto.Element(Svg + "rect")!.Attribute("stroke"));
        Assert.EndsWith("单项否决", veto.Elements(Svg + "text").Last().Value, StringComparison.Ordinal);
        Assert.DoesNotContain("单项否决", Bars(root)[0].Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Bar_lengths_are_proportional_to_score_over_max_and_clamped()
    {
        var root = Parse(SvgCharts.BarChart("排名", [
            new("满分", 100, 100, false),
            new("一半", 25, 50, false),
            new("超出", 150, 100, false),
            new("负数", -5, 100, false),
            new("无满分", 10, 0, false),
        ]));

        var widths = Bars(root).Select(g => double.Parse((string)g.Element(Svg + "rect")!.Attribute("width")!, CultureInfo.InvariantCulture)).ToList();
        Assert.True(widths[0] > 100);
        Assert.Equal(widths[0] / 2, widths[1], 2);
        Assert.Equal(widths[0], widths[2]);
        Assert.Equal(0, widths[3]);
        Assert.Equal(0, widths[4]);
    }

    [Fact]
    public void Hostile_labels_are_escaped_and_the_chart_still_parses_as_xml()
    {
        var hostile = "<script>alert(1)</script>\"'&\u0001\u0008";
        var svg = SvgCharts.BarChart("标题</title><script>x</script>", [new(hostile, 50, 100, false)]);

        Assert.DoesNotContain("<script", svg, StringComparison.OrdinalIgnoreCase);
        var root = Parse(svg);
        Assert.Equal("标题</title><script>x</script>", root.Elements().First().Value);
        Assert.Empty(root.Descendants(Svg + "script"));
        Assert.StartsWith("<script>", Bars(root)[0].Element(Svg + "title")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_labels_are_shortened_with_an_ellipsis_and_kept_whole_in_the_title()
    {
        var name = "义乌市人力资源和社会保障局（义乌市医疗保障局、义乌市社会保险事业管理中心）";
        var bar = Bars(Parse(SvgCharts.BarChart("排名", [new(name, 80, 100, false)])))[0];

        var shown = bar.Elements(Svg + "text").First().Value;
        Assert.EndsWith("…", shown, StringComparison.Ordinal);
        Assert.True(shown.Length < name.Length);
        Assert.StartsWith(shown[..^1], name, StringComparison.Ordinal);
        Assert.StartsWith(name, bar.Element(Svg + "title")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Shortening_never_splits_a_surrogate_pair()
    {
        var text = string.Concat(Enumerable.Repeat("𠀀", 40));
        var shown = SvgCharts.Shorten(text, 100, 12);

        Assert.EndsWith("…", shown, StringComparison.Ordinal);
        Assert.Equal(0, (shown.Length - 1) % 2);
        Assert.True(char.IsLowSurrogate(shown[^2]));
    }

    [Fact]
    public void Numbers_use_the_invariant_culture_whatever_the_thread_culture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            var bars = SvgCharts.BarChart("排名", [new("教育局", 85.5, 100, false)]);
            var line = SvgCharts.LineChart("趋势", [new(new DateOnly(2026, 11, 1), 72.25), new(new DateOnly(2026, 12, 1), 85.5)], 100);

            Assert.Contains("85.5 / 100", bars, StringComparison.Ordinal);
            Assert.DoesNotContain("85,5", bars, StringComparison.Ordinal);
            Assert.DoesNotContain("85,5", line, StringComparison.Ordinal);
            Assert.DoesNotContain("72,25", line, StringComparison.Ordinal);
            Parse(bars);
            Parse(line);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Empty_charts_say_there_is_no_data()
    {
        Assert.Contains("暂无数据", Parse(SvgCharts.BarChart("排名", [])).Value, StringComparison.Ordinal);
        Assert.Contains("暂无趋势数据", Parse(SvgCharts.LineChart("趋势", [], 100)).Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_chart_has_y_ticks_from_zero_to_max_one_dot_per_point_and_a_line_through_them_in_order()
    {
        var points = new SvgCharts.Point[]
        {
            new(new DateOnly(2026, 9, 1), 55),
            new(new DateOnly(2026, 10, 1), 75),
            new(new DateOnly(2026, 11, 1), 95),
            new(new DateOnly(2026, 12, 1), 0, Veto: true),
        };
        var root = Parse(SvgCharts.LineChart("全站得分趋势", points, 100));

        var axis = root.Elements(Svg + "g").Single(g => (string?)g.Attribute("class") == "axis");
        var labels = axis.Elements(Svg + "text").Select(t => t.Value).ToList();
        Assert.Equal(["0", "20", "40", "60", "80", "100"], labels.Take(6));
        Assert.Equal(["2026-09-01", "2026-10-01", "2026-11-01", "2026-12-01"], labels.Skip(6));

        var dots = root.Descendants(Svg + "circle").ToList();
        Assert.Equal(4, dots.Count);
        Assert.Equal([SvgCharts.Red, SvgCharts.Amber, SvgCharts.Green, SvgCharts.Red], dots.Select(d => (string?)d.Attribute("fill")));
        var xs = dots.Select(d => double.Parse((string)d.Attribute("cx")!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(xs.Order(), xs);
        var ys = dots.Select(d => double.Parse((string)d.Attribute("cy")!, CultureInfo.InvariantCulture)).ToList();
        Assert.True(ys[2] < ys[1] && ys[1] < ys[0] && ys[0] < ys[3], "higher scores are drawn higher");

        var polyline = (string)root.Element(Svg + "polyline")!.Attribute("points")!;
        Assert.Equal(4, polyline.Split(' ').Length);
        Assert.Contains("单项否决", root.Descendants(Svg + "g").Last().Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_chart_places_points_by_date_not_by_index()
    {
        var root = Parse(SvgCharts.LineChart("趋势", [
            new(new DateOnly(2026, 1, 1), 50),
            new(new DateOnly(2026, 1, 2), 60),
            new(new DateOnly(2026, 12, 31), 70),
        ], 100));

        var xs = root.Descendants(Svg + "circle").Select(d => double.Parse((string)d.Attribute("cx")!, CultureInfo.InvariantCulture)).ToList();
        Assert.True(xs[1] - xs[0] < 5, "one day apart is close together");
        Assert.True(xs[2] - xs[1] > 500, "a year apart spans the chart");
    }

    [Fact]
    public void Many_dates_are_thinned_so_axis_labels_never_overlap_and_the_first_and_last_stay()
    {
        var start = new DateOnly(2026, 1, 1);
        var points = Enumerable.Range(0, 60).Select(i => new SvgCharts.Point(start.AddDays(i * 3), 60 + (i % 30))).ToList();
        var root = Parse(SvgCharts.LineChart("趋势", points, 100));

        var dates = root.Elements(Svg + "g").Single(g => (string?)g.Attribute("class") == "axis").Elements(Svg + "text")
            .Where(t => t.Value.Contains('-', StringComparison.Ordinal))
            .ToList();
        var xs = dates.Select(t => double.Parse((string)t.Attribute("x")!, CultureInfo.InvariantCulture)).ToList();
        Assert.InRange(dates.Count, 3, 10);
        Assert.All(xs.Zip(xs.Skip(1)), pair => Assert.True(pair.Second - pair.First >= 80, "labels at least 80 units apart"));
        Assert.Equal("2026-01-01", dates[0].Value);
        Assert.Equal(points[^1].Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), dates[^1].Value);

        // With that many points only the last value is written above its dot; every dot keeps its value in its title.
        var valueLabels = root.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "point").Count(g => g.Element(Svg + "text") is not null);
        Assert.Equal(1, valueLabels);
        Assert.All(root.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "point"), g => Assert.NotNull(g.Element(Svg + "title")));
    }

    [Fact]
    public void A_single_point_is_drawn_in_the_middle_without_a_line()
    {
        var root = Parse(SvgCharts.LineChart("趋势", [new(new DateOnly(2026, 12, 1), 88)], 100));

        Assert.Single(root.Descendants(Svg + "circle"));
        Assert.Null(root.Element(Svg + "polyline"));
    }
}
