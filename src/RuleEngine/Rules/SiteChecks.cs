using Monitor.RuleEngine.Evaluation;

namespace Monitor.RuleEngine.Rules;

/// <summary>
/// Site-wide and new-media checks (国办秘函〔2019〕19号 单项否决指标, 《政府网站发展指引》国办发〔2017〕47号)
/// from <c>rules/site-checks.yaml</c>. Each check has its veto line (单项否决) and, where the vendor
/// practice has one, an early-warning line below it. Sections after the first three are optional:
/// a missing section is a check that is not configured (listed as not assessed).
/// </summary>
public sealed record SiteChecks(HomepageCheck Homepage, IReadOnlyList<ColumnFreshnessCheck> Columns, BlankColumnCheck BlankColumn)
{
    /// <summary>Site-level count lines over blank and stale columns (19号 栏目不更新 (1)–(3)).</summary>
    public ColumnCountChecks? ColumnCounts { get; init; }

    /// <summary>站点无法访问: share of failed probes over a window.</summary>
    public AvailabilityCheck? Availability { get; init; }

    /// <summary>政务新媒体 内容不更新.</summary>
    public NewMediaCheck? NewMedia { get; init; }

    /// <summary>链接可用性: severities of broken links on the homepage and on inner pages.</summary>
    public BrokenLinkCheck? BrokenLinks { get; init; }

    /// <summary>发稿日期不一致 (a sign of 伪造发稿日期).</summary>
    public DateMismatchCheck? DateMismatch { get; init; }

    /// <summary>Homepage identity elements (网站标识码, ICP备案, 公安备案, 党政机关网站标识, 我为政府网站找错).</summary>
    public IdentityCheck? Identity { get; init; }

    /// <summary>Standard meta tags (网页标签) per page class.</summary>
    public MetaTagCheck? MetaTags { get; init; }

    /// <summary>The freshness rule for a column type in force at <paramref name="asOf"/>, or null when that type is not checked (信息公开目录, 首页 …).</summary>
    public ColumnFreshnessCheck? ForColumnType(string columnType, DateOnly? asOf = null) =>
        Columns.FirstOrDefault(c => c.ColumnTypes.Contains(columnType, StringComparer.Ordinal) && (asOf is null || c.Effective.Contains(asOf.Value)));
}

/// <summary>When a rule (catalog item or site check) is in force: both ends inclusive, either may be open.</summary>
public sealed record EffectivePeriod(DateOnly? From, DateOnly? To)
{
    /// <summary>Always in force (no <c>effective</c> key).</summary>
    public static EffectivePeriod Always { get; } = new(null, null);

    public bool Contains(DateOnly date) => (From is null || date >= From) && (To is null || date <= To);
}

/// <summary>Base of every site check: when it is in force.</summary>
public abstract record SiteCheckRule
{
    /// <summary>Dates the check is in force (key <c>effective: {from, to}</c>); always when absent.</summary>
    public EffectivePeriod Effective { get; init; } = EffectivePeriod.Always;
}

/// <summary>
/// 首页不更新: the newest date shown may lag the as-of date by at most <see cref="MaxAgeDays"/> calendar
/// days (veto line, default 14); more than <see cref="WarningAgeDays"/> days (default none; the file sets 10) is an early warning.
/// </summary>
/// <param name="UndatedIsStale">A homepage without any date counts as not updated (default true).</param>
public sealed record HomepageCheck(int MaxAgeDays, bool UndatedIsStale, Severity Severity, string Basis) : SiteCheckRule
{
    /// <summary>Early-warning line in calendar days (预警: 首页超过10天未更新); null: no early warning.</summary>
    public int? WarningAgeDays { get; init; }
}

/// <summary>栏目不更新: the newest entry of a column of these types may be at most <see cref="Amount"/> days or months old.</summary>
public sealed record ColumnFreshnessCheck(IReadOnlyList<string> ColumnTypes, int Amount, AgeUnit Unit, Severity Severity, string Basis) : SiteCheckRule
{
    /// <summary>The oldest newest-entry date that still counts as fresh at <paramref name="asOf"/>.</summary>
    public DateOnly OldestFresh(DateOnly asOf) => Unit == AgeUnit.Month ? asOf.AddMonths(-Amount) : asOf.AddDays(-Amount);

    /// <summary>The limit in Chinese, e.g. 14天 / 6个月.</summary>
    public string LimitText => Unit == AgeUnit.Month ? $"{Amount}个月" : $"{Amount}天";

    /// <summary>Early-warning line below the limit (e.g. 10 of 14 days), in <see cref="WarningUnit"/>; null: no early warning.</summary>
    public int? WarningAmount { get; init; }

    /// <summary>Unit of <see cref="WarningAmount"/>.</summary>
    public AgeUnit WarningUnit { get; init; } = AgeUnit.Day;

    /// <summary>The oldest newest-entry date that raises no early warning at <paramref name="asOf"/>; null without a warning line.</summary>
    public DateOnly? OldestCalm(DateOnly asOf) => WarningAmount is not { } w ? null
        : WarningUnit == AgeUnit.Month ? asOf.AddMonths(-w) : asOf.AddDays(-w);
}

/// <summary>Unit of a column's maximum age.</summary>
public enum AgeUnit
{
    Day,
    Month,
}

/// <summary>空白栏目: a column with no entry at all.</summary>
public sealed record BlankColumnCheck(bool Enabled, Severity Severity, string Basis) : SiteCheckRule;

/// <summary>
/// A count line: more than <see cref="WarningAbove"/> is an early warning (预警), at least
/// <see cref="VetoAtLeast"/> is a veto (单项否决). Either may be absent.
/// </summary>
public sealed record CountLines(int? WarningAbove, int VetoAtLeast)
{
    /// <summary>The severity a count reaches, or null below the early-warning line.</summary>
    public Severity? Classify(int count) =>
        count >= VetoAtLeast ? Severity.Veto : WarningAbove is { } w && count > w ? Severity.Warning : null;

    /// <summary>The lines in Chinese, e.g. 超过2个预警，达到5个单项否决.</summary>
    public string Text => WarningAbove is { } w ? $"超过{w}个预警，达到{VetoAtLeast}个单项否决" : $"达到{VetoAtLeast}个单项否决";
}

/// <summary>Site-level counts of blank and stale columns (19号 栏目不更新 (1) 动态要闻/通知公告/政策文件 stale, (2) 应更新但长期未更新, (3) 空白栏目).</summary>
public sealed record ColumnCountChecks(ColumnCountLine? Blank, StaleColumnCountLine? Stale, UnupdatedColumnCountLine? NotUpdated);

/// <summary>空白栏目 count (default: more than 2 warns, 5 vetoes).</summary>
public sealed record ColumnCountLine(CountLines Lines, string Basis) : SiteCheckRule;

/// <summary>Stale columns of <see cref="ColumnTypes"/> (动态要闻 over 2 weeks, 通知公告/政策文件 over 6 months); default 5 vetoes.</summary>
public sealed record StaleColumnCountLine(IReadOnlyList<string> ColumnTypes, CountLines Lines, string Basis) : SiteCheckRule;

/// <summary>应更新但长期未更新: every stale column (of any type with a freshness rule), plus blank columns when <see cref="IncludeBlank"/>; default more than 6 warns, 10 vetoes.</summary>
public sealed record UnupdatedColumnCountLine(bool IncludeBlank, CountLines Lines, string Basis) : SiteCheckRule;

/// <summary>
/// 站点无法访问: at least <see cref="ProbesPerDay"/> probes a day over <see cref="WindowDays"/> days, a probe
/// failing when the homepage does not open within <see cref="TimeoutSeconds"/> seconds; a failure share of
/// at least <see cref="VetoPercent"/> % is a veto, of at least <see cref="WarningPercent"/> % an early warning.
/// </summary>
public sealed record AvailabilityCheck(int ProbesPerDay, int TimeoutSeconds, int WindowDays, double WarningPercent, double VetoPercent, string Basis) : SiteCheckRule;

/// <summary>
/// 政务新媒体 内容不更新: an account whose newest post is more than <see cref="MaxAgeDays"/> calendar days old
/// is a veto (default 14); more than <see cref="WarningAgeDays"/> days an early warning (default 10).
/// </summary>
public sealed record NewMediaCheck(IReadOnlyList<string> Platforms, int MaxAgeDays, int? WarningAgeDays, string Basis) : SiteCheckRule;

/// <summary>Severities of a broken link on the homepage and on any other page (首页链接 weigh more in 19号's 扣分).</summary>
public sealed record BrokenLinkCheck(Severity Homepage, Severity InnerPages, string Basis) : SiteCheckRule;

/// <summary>A document whose list date, PubDate, displayed date and 发布日期 disagree (any two present values differ).</summary>
public sealed record DateMismatchCheck(Severity Severity, string Basis) : SiteCheckRule;

/// <summary>Homepage identity elements required by 47号.</summary>
public sealed record IdentityCheck(IReadOnlyList<IdentityElement> Elements, string Basis) : SiteCheckRule;

/// <summary>The identity elements a homepage must show.</summary>
public enum IdentityElement
{
    /// <summary>网站标识码 (meta SiteIDCode or the code shown in the footer).</summary>
    SiteIdCode,

    /// <summary>ICP备案编号.</summary>
    Icp,

    /// <summary>公安机关备案标识 (公网安备).</summary>
    PublicSecurity,

    /// <summary>党政机关网站标识 (bszs.conac.cn).</summary>
    PartyGovernmentLabel,

    /// <summary>我为政府网站找错 entry.</summary>
    FindErrorEntry,
}

/// <summary>Standard meta tags (网页标签, 47号 附件 网页设计规范) required per page class; names compare case-insensitively.</summary>
public sealed record MetaTagCheck(IReadOnlyList<string> SitePages, IReadOnlyList<string> ColumnPages, IReadOnlyList<string> ArticlePages, string Basis) : SiteCheckRule;
