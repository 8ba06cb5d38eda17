using System.Globalization;
using Monitor.RuleEngine.Rules;

namespace Monitor.RuleEngine.Evaluation;

/// <summary>
/// Checks one catalog item expected in one assessed source: presence (standing / per-period),
/// timeliness (working-days-after, days-after, annual-by, periodic) and required elements per document.
/// </summary>
internal static class ItemCheck
{
    public static ItemStatus Run(SourceObservation source, CatalogItem item, IReadOnlyList<ObservedDocument> documents, EvaluationContext context)
    {
        ItemStatus Status(ItemState state, string reason) =>
            new(source.SourceId, item.Id, item.Area, source.DepartmentId, state, reason, documents.Count);

        if (!item.MachineCheckable)
        {
            return Status(ItemState.NotCheckable, item.Mode == "依申请" ? "依申请公开事项，网站上无从核查" : "线下公开事项，网站上无从核查");
        }

        var basis = string.Join("；", item.Basis);
        var outcome = new Outcome();

        CheckElements(source, item, documents, context, basis, outcome);

        switch (item.Presence)
        {
            case Presence.Standing when documents.Count == 0:
                context.Findings.Add(
                    FindingKind.MissingItem, Severity.Alert, source, item,
                    $"{Evaluator.SourceLabel(source)}应常年公开“{item.DisplayName}”（{item.Id}），截至 {Evaluator.D(context.AsOf)} 未发现该事项的任何信息。",
                    basis, source.Evidence);
                outcome.Missing = true;
                outcome.Reasons.Add("应常年公开，未发现");
                break;

            case Presence.PerPeriod when item.Deadline is AnnualBy or Periodic:
                CheckPeriods(source, item, documents, context, basis, outcome);
                break;
        }

        if (item.Deadline is WorkingDaysAfter wda)
        {
            CheckWorkingDaysAfter(source, item, wda, documents, context, basis, outcome);
        }
        else if (item.Deadline is DaysAfter da)
        {
            CheckDaysAfter(source, item, da, documents, context, basis, outcome);
        }

        if (outcome.Missing)
        {
            return Status(ItemState.Missing, Join(outcome));
        }

        if (outcome.Late)
        {
            return Status(ItemState.Late, Join(outcome));
        }

        if (outcome.Incomplete)
        {
            return Status(ItemState.Incomplete, Join(outcome));
        }

        if (documents.Count == 0)
        {
            return item.Presence == Presence.PerPeriod
                ? Status(ItemState.Compliant, Join(outcome, "本期尚未到期"))
                : Status(ItemState.NotDue, "尚无该事项的信息，无到期义务");
        }

        // The time limit is the main obligation of a (working-)days-after item: when it could not be
        // checked for any document, the item is not assessed rather than compliant.
        if ((outcome.AssessedChecks == 0 && outcome.NotAssessedChecks > 0)
            || ((item.Deadline is WorkingDaysAfter or DaysAfter or AnnualBy or Periodic) && outcome.TimelinessAssessed == 0 && outcome.TimelinessNotAssessed > 0))
        {
            return Status(ItemState.NotAssessed, Join(outcome));
        }

        return Status(ItemState.Compliant, Join(outcome, $"已公开 {documents.Count} 篇，未发现问题"));
    }

    private static string Join(Outcome outcome, string? fallback = null)
    {
        var reasons = outcome.Reasons.Distinct(StringComparer.Ordinal).ToList();
        if (fallback is not null)
        {
            reasons.Insert(0, fallback);
        }

        return string.Join("；", reasons);
    }

    private static void CheckElements(
        SourceObservation source, CatalogItem item, IReadOnlyList<ObservedDocument> documents, EvaluationContext context, string basis, Outcome outcome)
    {
        foreach (var document in documents)
        {
            if (!document.Fetched)
            {
                outcome.NotAssessedChecks++;
                outcome.Reasons.Add($"文章页面无法获取（{document.FetchError ?? "原因不明"}），要素和时效未评估");
                continue;
            }

            outcome.AssessedChecks++;
            var missing = item.Elements.Where(e => e.Required && !ElementMatcher.IsPresent(e, document)).Select(e => e.Name).ToList();
            if (missing.Count == 0)
            {
                continue;
            }

            outcome.Incomplete = true;
            outcome.Reasons.Add($"《{document.Title}》缺少要素：{string.Join("、", missing)}");
            context.Findings.Add(
                FindingKind.MissingElement, Severity.Warning, source, item,
                $"“{item.DisplayName}”（{item.Id}）的信息《{document.Title}》缺少必选要素：{string.Join("、", missing)}。",
                basis, document.Evidence, documentUrl: document.Url);
        }
    }

    private static void CheckWorkingDaysAfter(
        SourceObservation source, CatalogItem item, WorkingDaysAfter rule, IReadOnlyList<ObservedDocument> documents,
        EvaluationContext context, string basis, Outcome outcome)
    {
        foreach (var (document, written, published) in TimedDocuments(documents, outcome))
        {
            var due = context.Calendar.AddWorkingDays(written, rule.Days);
            if (due.Provisional)
            {
                context.NoteProvisional(written, due.Date);
            }

            if (published <= due.Date)
            {
                continue;
            }

            var lateBy = context.Calendar.CountWorkingDays(due.Date, published);
            if (context.Calendar.IsProvisional(due.Date, published))
            {
                context.NoteProvisional(due.Date, published);
            }

            var provisionalNote = due.Provisional ? "（期限跨越尚未发布节假日安排的年份，按周末推算，暂定）" : "";
            outcome.Late = true;
            outcome.Reasons.Add($"《{document.Title}》逾期 {lateBy} 个工作日");
            context.Findings.Add(
                FindingKind.LatePublication, Severity.Alert, source, item,
                $"“{item.DisplayName}”（{item.Id}）的信息《{document.Title}》成文日期 {Evaluator.D(written)}，应在 {rule.Days.ToString(CultureInfo.InvariantCulture)} 个工作日内即 {Evaluator.D(due.Date)} 前公开，实际发布于 {Evaluator.D(published)}，逾期 {lateBy.ToString(CultureInfo.InvariantCulture)} 个工作日{provisionalNote}。",
                basis, document.Evidence, documentUrl: document.Url, dueDate: due.Date, provisional: due.Provisional);
        }
    }

    /// <summary>
    /// Calendar days (日): holidays do not extend the limit and no holiday data is needed, so the
    /// result is never provisional. Lateness is counted in calendar days too.
    /// </summary>
    private static void CheckDaysAfter(
        SourceObservation source, CatalogItem item, DaysAfter rule, IReadOnlyList<ObservedDocument> documents,
        EvaluationContext context, string basis, Outcome outcome)
    {
        foreach (var (document, written, published) in TimedDocuments(documents, outcome))
        {
            var due = written.AddDays(rule.Days);
            if (published <= due)
            {
                continue;
            }

            var lateBy = published.DayNumber - due.DayNumber;
            outcome.Late = true;
            outcome.Reasons.Add($"《{document.Title}》逾期 {lateBy} 日");
            context.Findings.Add(
                FindingKind.LatePublication, Severity.Alert, source, item,
                $"“{item.DisplayName}”（{item.Id}）的信息《{document.Title}》成文日期 {Evaluator.D(written)}，应在 {rule.Days.ToString(CultureInfo.InvariantCulture)} 日内即 {Evaluator.D(due)} 前公开，实际发布于 {Evaluator.D(published)}，逾期 {lateBy.ToString(CultureInfo.InvariantCulture)} 日。",
                basis, document.Evidence, documentUrl: document.Url, dueDate: due);
        }
    }

    /// <summary>
    /// The fetched documents whose timeliness can be judged, with their 成文日期 and publish date; the
    /// others are counted as not assessed with their reason.
    /// </summary>
    private static IEnumerable<(ObservedDocument Document, DateOnly Written, DateOnly Published)> TimedDocuments(
        IReadOnlyList<ObservedDocument> documents, Outcome outcome)
    {
        foreach (var document in documents.Where(d => d.Fetched))
        {
            if (document.WrittenDate is not { } written)
            {
                outcome.TimelinessNotAssessed++;
                outcome.Reasons.Add("页面未标注成文日期");
                continue;
            }

            if (Evaluator.PublishDateOf(document) is not { } published)
            {
                outcome.TimelinessNotAssessed++;
                outcome.Reasons.Add("未能确定发布日期");
                continue;
            }

            outcome.TimelinessAssessed++;
            yield return (document, written, published);
        }
    }

    private static void CheckPeriods(
        SourceObservation source, CatalogItem item, IReadOnlyList<ObservedDocument> documents, EvaluationContext context, string basis, Outcome outcome)
    {
        var calendar = context.Calendar;
        var current = Periods.Containing(item.Deadline, context.AsOf, calendar);
        Period assessed, upcoming;
        // The due date itself is still in time (publishing on it is not late), and the as-of date is
        // evaluated at its start: a period is owed only once its due date lies before the as-of date.
        if (current.Due < context.AsOf)
        {
            assessed = current;
            upcoming = Periods.Next(item.Deadline, current, calendar);
        }
        else
        {
            assessed = Periods.Previous(item.Deadline, current, calendar);
            upcoming = current;
        }

        var dated = documents.Select(d => (Document: d, Date: Evaluator.PublishDateOf(d))).Where(x => x.Date is not null).ToList();
        var inAssessed = dated.Where(x => assessed.Contains(x.Date!.Value)).OrderBy(x => x.Date).ToList();
        if (inAssessed.Count == 0 && dated.Count < documents.Count)
        {
            // An undated document might be this period's: we cannot tell, so we do not say "missing".
            outcome.TimelinessNotAssessed++;
            outcome.NotAssessedChecks++;
            outcome.Reasons.Add($"有信息未能确定发布日期，无法判断{assessed.Label}是否已公开");
        }
        else if (inAssessed.Count == 0)
        {
            outcome.Missing = true;
            outcome.Reasons.Add($"{assessed.Label}应于 {Evaluator.D(assessed.Due)} 前公开，未发现");
            context.Findings.Add(
                FindingKind.MissingItem, Severity.Alert, source, item,
                $"“{item.DisplayName}”（{item.Id}）{assessed.Label}的信息应于 {Evaluator.D(assessed.Due)} 前公开，截至 {Evaluator.D(context.AsOf)} 未在{Evaluator.SourceLabel(source)}发现。",
                basis, source.Evidence, period: assessed.Key, dueDate: assessed.Due, provisional: assessed.Provisional);
        }
        else if (inAssessed[0].Date > assessed.Due)
        {
            var (first, published) = (inAssessed[0].Document, inAssessed[0].Date!.Value);
            var lateBy = calendar.CountWorkingDays(assessed.Due, published);
            outcome.Late = true;
            outcome.Reasons.Add($"{assessed.Label}的信息逾期 {lateBy} 个工作日");
            context.Findings.Add(
                FindingKind.LatePublication, Severity.Alert, source, item,
                $"“{item.DisplayName}”（{item.Id}）{assessed.Label}的信息《{first.Title}》应于 {Evaluator.D(assessed.Due)} 前公开，实际发布于 {Evaluator.D(published)}，逾期 {lateBy.ToString(CultureInfo.InvariantCulture)} 个工作日。",
                basis, first.Evidence, documentUrl: first.Url, period: assessed.Key, dueDate: assessed.Due, provisional: assessed.Provisional);
        }
        else
        {
            outcome.TimelinessAssessed++;
            outcome.Reasons.Add($"{assessed.Label}已按时公开");
        }

        var upcomingDone = dated.Any(x => upcoming.Contains(x.Date!.Value));
        if (!upcomingDone && upcoming.Due > context.AsOf)
        {
            var left = calendar.CountWorkingDays(context.AsOf, upcoming.Due);
            if (left <= DueSoonWorkingDays)
            {
                if (upcoming.Provisional)
                {
                    context.NoteProvisional(context.AsOf, upcoming.Due);
                }

                context.Findings.Add(
                    FindingKind.DueSoon, Severity.Warning, source, item,
                    $"“{item.DisplayName}”（{item.Id}）{upcoming.Label}的信息应于 {Evaluator.D(upcoming.Due)} 前公开，还剩 {left.ToString(CultureInfo.InvariantCulture)} 个工作日，目前尚未发现。",
                    basis, source.Evidence, period: upcoming.Key, dueDate: upcoming.Due, provisional: upcoming.Provisional);
            }
        }
    }

    /// <summary>due-soon is raised this many working days (or fewer) before a period's due date.</summary>
    internal const int DueSoonWorkingDays = 3;

    private sealed class Outcome
    {
        public bool Missing { get; set; }

        public bool Late { get; set; }

        public bool Incomplete { get; set; }

        public int AssessedChecks { get; set; }

        public int NotAssessedChecks { get; set; }

        public int TimelinessAssessed { get; set; }

        public int TimelinessNotAssessed { get; set; }

        public List<string> Reasons { get; } = [];
    }
}
