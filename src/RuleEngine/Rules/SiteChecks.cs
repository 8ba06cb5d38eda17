using Monitor.RuleEngine.Evaluation;

namespace Monitor.RuleEngine.Rules;

/// <summary>Site-wide checks (国办秘函〔2019〕19号 单项否决指标) from <c>rules/site-checks.yaml</c>.</summary>
public sealed record SiteChecks(HomepageCheck Homepage, IReadOnlyList<ColumnFreshnessCheck> Columns, BlankColumnCheck BlankColumn)
{
    /// <summary>The freshness rule for a column type, or null when that type is not checked (信息公开目录, 首页 …).</summary>
    public ColumnFreshnessCheck? ForColumnType(string columnType) =>
        Columns.FirstOrDefault(c => c.ColumnTypes.Contains(columnType, StringComparer.Ordinal));
}

/// <summary>首页不更新: the newest date shown may lag the as-of date by at most <see cref="MaxAgeDays"/> calendar days (default 14).</summary>
/// <param name="UndatedIsStale">A homepage without any date counts as not updated (default true).</param>
public sealed record HomepageCheck(int MaxAgeDays, bool UndatedIsStale, Severity Severity, string Basis);

/// <summary>栏目不更新: the newest entry of a column of these types may be at most <see cref="Amount"/> days or months old.</summary>
public sealed record ColumnFreshnessCheck(IReadOnlyList<string> ColumnTypes, int Amount, AgeUnit Unit, Severity Severity, string Basis)
{
    /// <summary>The oldest newest-entry date that still counts as fresh at <paramref name="asOf"/>.</summary>
    public DateOnly OldestFresh(DateOnly asOf) => Unit == AgeUnit.Month ? asOf.AddMonths(-Amount) : asOf.AddDays(-Amount);

    /// <summary>The limit in Chinese, e.g. 14天 / 6个月.</summary>
    public string LimitText => Unit == AgeUnit.Month ? $"{Amount}个月" : $"{Amount}天";
}

/// <summary>Unit of a column's maximum age.</summary>
public enum AgeUnit
{
    Day,
    Month,
}

/// <summary>空白栏目: a column with no entry at all.</summary>
public sealed record BlankColumnCheck(bool Enabled, Severity Severity, string Basis);
