using Monitor.RuleEngine.Calendar;

namespace Monitor.RuleEngine.Loading;

/// <summary>Typed reading of one <c>rules/calendar/cn/&lt;year&gt;.yaml</c> file.</summary>
internal static class CalendarReader
{
    public static CalendarYear? Read(RuleFileReader r, int? yearFromFileName)
    {
        var root = r.Object(r.Tree.Root, "", ["year", "notices", "days"]);
        if (root is null)
        {
            return null;
        }

        var year = r.PositiveInt(root, "", "year", required: true, 1949, 2200);
        if (year is not null && yearFromFileName is not null && year != yearFromFileName)
        {
            r.Error("/year", $"年份 {year} 与文件名 {yearFromFileName}.yaml 不一致");
        }

        var notices = r.Strings(root, "", "notices", required: true, nonEmpty: false).Select(n => n.Value).ToList();
        var days = new List<CalendarDay>();
        var seen = new Dictionary<DateOnly, string>();
        var array = r.Array(root, "", "days", required: true);
        for (var i = 0; array is not null && i < array.Count; i++)
        {
            var at = RuleFileReader.Child("/days", i);
            if (r.Object(array[i], at, ["date", "name", "off"]) is not { } d)
            {
                continue;
            }

            var date = r.Date(d, at, "date", required: true);
            var name = r.String(d, at, "name", required: true);
            var off = r.Bool(d, at, "off", required: true);
            if (date is null || name is null || off is null || year is null)
            {
                continue;
            }

            // A notice may arrange the last days of the previous year (元旦 调休) or, rarely, early
            // January of the next one; anything further away is a typo.
            var d0 = date.Value;
            var carryOver = (d0.Year == year - 1 && d0.Month == 12) || (d0.Year == year + 1 && d0.Month == 1);
            if (d0.Year != year && !carryOver)
            {
                r.Error(RuleFileReader.Child(at, "date"), $"日期 {d0:yyyy-MM-dd} 不在本文件年份 {year} 内（只允许上一年12月或下一年1月的衔接日期）");
                continue;
            }

            if (seen.TryGetValue(d0, out var earlier))
            {
                r.Error(RuleFileReader.Child(at, "date"), $"日期 {d0:yyyy-MM-dd} 重复（已在 {earlier} 列出）");
                continue;
            }

            seen[d0] = RuleFileReader.DisplayKey(at);
            days.Add(new CalendarDay(d0, name, off.Value));
        }

        return year is null ? null : new CalendarYear(year.Value, notices, days);
    }
}
