using System.Globalization;
using System.Text;
using Monitor.Alerting;

namespace Monitor.Host.Reports;

/// <summary>
/// Charts of the supervision report, drawn on the server as inline SVG: no script, no external resource, the same input
/// always gives the same text. Every label goes through <see cref="SafeHtml.Text"/> (unit and department names come from
/// configuration, but nothing here trusts them) and every number is written with the invariant culture, so the output is
/// well-formed XML as well as valid HTML. Each chart is an <c>&lt;svg role="img"&gt;</c> whose first child is a
/// <c>&lt;title&gt;</c>, the accessible name; each bar and point carries its own <c>&lt;title&gt;</c> with the exact value.
/// </summary>
internal static class SvgCharts
{
    /// <summary>A score at or above this percentage of its maximum is drawn green (良好).</summary>
    public const double GoodAtLeast = 90;

    /// <summary>A score at or above this percentage (and below <see cref="GoodAtLeast"/>) is drawn amber (一般); below, red.</summary>
    public const double FairAtLeast = 60;

    /// <summary>Fill of scores at or above <see cref="GoodAtLeast"/> %.</summary>
    public const string Green = "#2e7d32";

    /// <summary>Fill of scores at or above <see cref="FairAtLeast"/> %.</summary>
    public const string Amber = "#e09b00";

    /// <summary>Fill of scores below <see cref="FairAtLeast"/> % and of vetoed units.</summary>
    public const string Red = "#c62828";

    private const string Axis = "#555555";
    private const string Grid = "#d6d6d6";
    private const string Line = "#1f5fa8";

    // Bar chart geometry in SVG user units (the chart scales to the page width; 720 ≈ the A4 text width at 96 dpi).
    private const double Width = 720;
    private const double LabelWidth = 200;
    private const double ValueWidth = 130;
    private const double RowHeight = 24;
    private const double BarHeight = 15;
    private const double AxisHeight = 26;

    /// <summary>One bar: a unit's score out of its maximum; <paramref name="Veto"/> marks a unit failed by a veto finding.</summary>
    public sealed record Bar(string Label, double Value, double Max, bool Veto);

    /// <summary>One point of a trend: the score at <paramref name="Day"/>; <paramref name="Veto"/> marks a vetoed score.</summary>
    public sealed record Point(DateOnly Day, double Value, bool Veto = false);

    /// <summary>The band colour of a score: <see cref="Green"/>, <see cref="Amber"/> or <see cref="Red"/> (always red when vetoed).</summary>
    public static string BandColour(double value, double max, bool veto) =>
        veto ? Red : Percent(value, max) switch
        {
            >= GoodAtLeast => Green,
            >= FairAtLeast => Amber,
            _ => Red,
        };

    /// <summary>
    /// A horizontal bar chart, one row per bar in the given order: the label on the left (shortened with … when too long;
    /// the full text is in the row's title), the bar scaled to its maximum and coloured by band, the value as
    /// <c>85.5 / 100</c> on the right, and <c>单项否决</c> after the value of a vetoed unit (drawn with a dark outline).
    /// Dashed lines mark the band limits (60 % and 90 %).
    /// </summary>
    public static string BarChart(string title, IReadOnlyList<Bar> bars)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var plotLeft = LabelWidth;
        var plotWidth = Width - LabelWidth - ValueWidth;
        var height = 8 + (Math.Max(1, bars.Count) * RowHeight) + AxisHeight;
        var svg = Open(title, Width, height);
        if (bars.Count == 0)
        {
            svg.Append("<text x=\"").Append(F(Width / 2)).Append("\" y=\"24\" text-anchor=\"middle\" fill=\"").Append(Axis)
                .Append("\">暂无数据</text>\n</svg>");
            return svg.ToString();
        }

        var plotBottom = 8 + (bars.Count * RowHeight);
        var commonMax = bars.Select(b => b.Max).Distinct().Count() == 1 ? bars[0].Max : (double?)null;

        // Grid: ticks every 20 %, band limits dashed.
        svg.Append("<g class=\"axis\" font-size=\"11\" fill=\"").Append(Axis).Append("\">\n");
        for (var p = 0; p <= 100; p += 20)
        {
            var x = plotLeft + (plotWidth * p / 100);
            svg.Append("<line x1=\"").Append(F(x)).Append("\" y1=\"4\" x2=\"").Append(F(x)).Append("\" y2=\"").Append(F(plotBottom))
                .Append("\" stroke=\"").Append(Grid).Append("\" stroke-width=\"1\"/>\n");
            var tick = commonMax is { } m ? F(m * p / 100) : F(p) + "%";
            svg.Append("<text x=\"").Append(F(x)).Append("\" y=\"").Append(F(plotBottom + 16)).Append("\" text-anchor=\"middle\">")
                .Append(SafeHtml.Text(tick)).Append("</text>\n");
        }

        foreach (var band in new[] { FairAtLeast, GoodAtLeast })
        {
            var x = plotLeft + (plotWidth * band / 100);
            svg.Append("<line x1=\"").Append(F(x)).Append("\" y1=\"4\" x2=\"").Append(F(x)).Append("\" y2=\"").Append(F(plotBottom))
                .Append("\" stroke=\"").Append(Axis).Append("\" stroke-width=\"1\" stroke-dasharray=\"4 3\"/>\n");
        }

        svg.Append("<line x1=\"").Append(F(plotLeft)).Append("\" y1=\"").Append(F(plotBottom)).Append("\" x2=\"").Append(F(plotLeft + plotWidth))
            .Append("\" y2=\"").Append(F(plotBottom)).Append("\" stroke=\"").Append(Axis).Append("\" stroke-width=\"1\"/>\n</g>\n");

        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var top = 8 + (i * RowHeight);
            var barTop = top + ((RowHeight - BarHeight) / 2);
            var middle = top + (RowHeight / 2) + 4;
            var length = plotWidth * Percent(bar.Value, bar.Max) / 100;
            var colour = BandColour(bar.Value, bar.Max, bar.Veto);
            var value = F(bar.Value) + " / " + F(bar.Max);
            svg.Append("<g class=\"bar").Append(bar.Veto ? " veto" : string.Empty).Append("\">")
                .Append("<title>").Append(SafeHtml.Text(bar.Label + "：" + value + (bar.Veto ? "（单项否决）" : string.Empty))).Append("</title>\n")
                .Append("<text x=\"").Append(F(plotLeft - 8)).Append("\" y=\"").Append(F(middle)).Append("\" text-anchor=\"end\" font-size=\"12\">")
                .Append(SafeHtml.Text(Shorten(bar.Label, LabelWidth - 12, 12))).Append("</text>\n")
                .Append("<rect x=\"").Append(F(plotLeft)).Append("\" y=\"").Append(F(barTop)).Append("\" width=\"").Append(F(length))
                .Append("\" height=\"").Append(F(BarHeight)).Append("\" fill=\"").Append(colour).Append('"');
            if (bar.Veto)
            {
                svg.Append(" stroke=\"#5a0000\" stroke-width=\"2\"");
            }

            svg.Append("/>\n<text x=\"").Append(F(plotLeft + plotWidth + 6)).Append("\" y=\"").Append(F(middle)).Append("\" font-size=\"12\"");
            if (bar.Veto)
            {
                svg.Append(" font-weight=\"bold\" fill=\"").Append(Red).Append('"');
            }

            svg.Append('>').Append(SafeHtml.Text(value + (bar.Veto ? " 单项否决" : string.Empty))).Append("</text></g>\n");
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>
    /// A line chart of a trend: x proportional to the day (points on one day share it), y from 0 to
    /// <paramref name="max"/> with a tick every fifth, faint bands behind (red below 60 %, amber to 90 %, green above), a
    /// dot per point coloured by band (its title gives the date and value), the value written above each dot when there
    /// are at most 12, else above the last only. Dates under the axis are thinned so they never overlap; the first and
    /// the last are always shown. No points: the chart says 暂无趋势数据.
    /// </summary>
    public static string LineChart(string title, IReadOnlyList<Point> points, double max)
    {
        ArgumentNullException.ThrowIfNull(points);
        const double height = 260, left = 52, right = 28, top = 22, bottom = 48;
        var plotWidth = Width - left - right;
        var plotHeight = height - top - bottom;
        var svg = Open(title, Width, height);
        if (points.Count == 0)
        {
            svg.Append("<text x=\"").Append(F(Width / 2)).Append("\" y=\"").Append(F(height / 2)).Append("\" text-anchor=\"middle\" fill=\"")
                .Append(Axis).Append("\">暂无趋势数据</text>\n</svg>");
            return svg.ToString();
        }

        var top100 = max > 0 && double.IsFinite(max) ? max : 100;
        double Y(double value) => top + plotHeight - (plotHeight * Percent(value, top100) / 100);

        // Bands behind the plot.
        foreach (var (from, to, colour) in new[] { (0d, FairAtLeast, Red), (FairAtLeast, GoodAtLeast, Amber), (GoodAtLeast, 100d, Green) })
        {
            var yTop = Y(top100 * to / 100);
            var yBottom = Y(top100 * from / 100);
            svg.Append("<rect x=\"").Append(F(left)).Append("\" y=\"").Append(F(yTop)).Append("\" width=\"").Append(F(plotWidth))
                .Append("\" height=\"").Append(F(yBottom - yTop)).Append("\" fill=\"").Append(colour).Append("\" fill-opacity=\"0.08\"/>\n");
        }

        svg.Append("<g class=\"axis\" font-size=\"11\" fill=\"").Append(Axis).Append("\">\n");
        for (var i = 0; i <= 5; i++)
        {
            var v = top100 * i / 5;
            var y = Y(v);
            svg.Append("<line x1=\"").Append(F(left)).Append("\" y1=\"").Append(F(y)).Append("\" x2=\"").Append(F(left + plotWidth))
                .Append("\" y2=\"").Append(F(y)).Append("\" stroke=\"").Append(Grid).Append("\" stroke-width=\"1\"/>\n")
                .Append("<text x=\"").Append(F(left - 6)).Append("\" y=\"").Append(F(y + 4)).Append("\" text-anchor=\"end\">")
                .Append(F(v)).Append("</text>\n");
        }

        svg.Append("<line x1=\"").Append(F(left)).Append("\" y1=\"").Append(F(top + plotHeight)).Append("\" x2=\"").Append(F(left + plotWidth))
            .Append("\" y2=\"").Append(F(top + plotHeight)).Append("\" stroke=\"").Append(Axis).Append("\" stroke-width=\"1\"/>\n")
            .Append("<line x1=\"").Append(F(left)).Append("\" y1=\"").Append(F(top)).Append("\" x2=\"").Append(F(left))
            .Append("\" y2=\"").Append(F(top + plotHeight)).Append("\" stroke=\"").Append(Axis).Append("\" stroke-width=\"1\"/>\n");

        var first = points.Min(p => p.Day.DayNumber);
        var last = points.Max(p => p.Day.DayNumber);
        double X(DateOnly day) => last == first ? left + (plotWidth / 2) : left + (plotWidth * (day.DayNumber - first) / (last - first));

        foreach (var index in LabelledDays(points.Select(p => X(p.Day)).Distinct().Order().ToList()))
        {
            var day = points.First(p => X(p.Day) == index).Day;
            svg.Append("<line x1=\"").Append(F(index)).Append("\" y1=\"").Append(F(top + plotHeight)).Append("\" x2=\"").Append(F(index))
                .Append("\" y2=\"").Append(F(top + plotHeight + 5)).Append("\" stroke=\"").Append(Axis).Append("\" stroke-width=\"1\"/>\n")
                .Append("<text x=\"").Append(F(index)).Append("\" y=\"").Append(F(top + plotHeight + 19)).Append("\" text-anchor=\"middle\">")
                .Append(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append("</text>\n");
        }

        svg.Append("</g>\n");

        if (points.Count > 1)
        {
            svg.Append("<polyline fill=\"none\" stroke=\"").Append(Line).Append("\" stroke-width=\"2\" points=\"")
                .AppendJoin(' ', points.Select(p => F(X(p.Day)) + "," + F(Y(p.Value))))
                .Append("\"/>\n");
        }

        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            var x = X(p.Day);
            var y = Y(p.Value);
            var text = F(p.Value) + (p.Veto ? " 单项否决" : string.Empty);
            svg.Append("<g class=\"point\"><title>")
                .Append(SafeHtml.Text(p.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "：" + F(p.Value) + " / " + F(top100)
                    + (p.Veto ? "（单项否决）" : string.Empty)))
                .Append("</title><circle cx=\"").Append(F(x)).Append("\" cy=\"").Append(F(y)).Append("\" r=\"4\" fill=\"")
                .Append(BandColour(p.Value, top100, p.Veto)).Append("\" stroke=\"#ffffff\" stroke-width=\"1\"/>");
            if (points.Count <= 12 || i == points.Count - 1)
            {
                svg.Append("<text x=\"").Append(F(x)).Append("\" y=\"").Append(F(Math.Max(12, y - 8))).Append("\" text-anchor=\"middle\" font-size=\"11\">")
                    .Append(SafeHtml.Text(text)).Append("</text>");
            }

            svg.Append("</g>\n");
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>The value as a percentage of its maximum, clamped to 0–100 (0 when the maximum is not positive).</summary>
    public static double Percent(double value, double max) =>
        max > 0 && double.IsFinite(value) && double.IsFinite(max) ? Math.Clamp(value * 100 / max, 0, 100) : 0;

    /// <summary>A number as SVG and readers want it: invariant culture, at most two decimals, never NaN.</summary>
    public static string F(double value) =>
        double.IsFinite(value) ? Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture) : "0";

    /// <summary>
    /// The text cut to fit about <paramref name="width"/> units at <paramref name="fontSize"/> (CJK and full-width
    /// characters count one em, others about 0.6 em), with … when cut.
    /// </summary>
    internal static string Shorten(string text, double width, double fontSize)
    {
        var used = 0d;
        var ellipsis = fontSize;
        var total = text.Sum(c => Em(c) * fontSize);
        if (total <= width)
        {
            return text;
        }

        var cut = new StringBuilder();
        foreach (var c in text)
        {
            var w = Em(c) * fontSize;
            if (used + w + ellipsis > width)
            {
                break;
            }

            // Never split a surrogate pair: a lone surrogate is not well-formed text.
            if (char.IsHighSurrogate(c) && used + w + w + ellipsis > width)
            {
                break;
            }

            cut.Append(c);
            used += w;
        }

        if (cut.Length > 0 && char.IsHighSurrogate(cut[^1]))
        {
            cut.Length--;
        }

        return cut.Append('…').ToString();
    }

    private static double Em(char c) => c >= '\u2E80' ? 1 : 0.6;

    private static StringBuilder Open(string title, double width, double height) =>
        new StringBuilder()
            .Append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" class=\"chart\" viewBox=\"0 0 ").Append(F(width)).Append(' ').Append(F(height))
            .Append("\" width=\"").Append(F(width)).Append("\" height=\"").Append(F(height)).Append("\" preserveAspectRatio=\"xMinYMin meet\">")
            .Append("<title>").Append(SafeHtml.Text(title)).Append("</title>\n");

    /// <summary>The x positions (sorted) that get a date label: at least 80 units apart, the first and the last always.</summary>
    private static List<double> LabelledDays(IReadOnlyList<double> xs)
    {
        const double gap = 80;
        if (xs.Count <= 1)
        {
            return [.. xs];
        }

        var chosen = new List<double> { xs[^1] };
        for (var i = xs.Count - 2; i >= 0; i--)
        {
            if (chosen[^1] - xs[i] >= gap)
            {
                chosen.Add(xs[i]);
            }
        }

        if (chosen[^1] != xs[0])
        {
            // The first date always shows; it replaces the nearest chosen one when that would overlap.
            if (chosen.Count > 1 && chosen[^1] - xs[0] < gap)
            {
                chosen.RemoveAt(chosen.Count - 1);
            }

            chosen.Add(xs[0]);
        }

        chosen.Reverse();
        return chosen;
    }
}
