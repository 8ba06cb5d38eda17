namespace Monitor.RuleEngine.Evaluation;

/// <summary>
/// <c>removed-document</c>: a document seen published that has disappeared (gone from its list and answering 404/410,
/// or a WeChat article the platform says was deleted). One finding per document, with the evidence of the page before
/// and of the answer after; it stays open while the document stays away and resolves when it is listed again.
/// </summary>
internal static class Removals
{
    /// <summary>
    /// Monitoring practice rather than a statute: 条例 requires disclosure and the catalog items carry their own
    /// retention (公示期); a withdrawn page must be explained, so the owner is warned and the office sees the evidence.
    /// </summary>
    internal const string Basis = "监测规则：已公开的政府信息撤下或删除应有依据并留档（《政府信息公开条例》第二十条、第二十六条规定主动公开及其时限；撤下前后页面留存为证据）";

    public static void Check(SourceObservation source, EvaluationContext context)
    {
        foreach (var removal in source.Removed.OrderBy(r => r.Url, StringComparer.Ordinal))
        {
            context.Findings.Add(
                FindingKind.RemovedDocument, Severity.Warning, source, null, Message(removal), Basis,
                Evidence(removal), documentUrl: removal.Url);
        }
    }

    public static void Check(AccountObservation account, EvaluationContext context)
    {
        foreach (var removal in account.Removed.OrderBy(r => r.Url, StringComparer.Ordinal))
        {
            context.Findings.AddUnbound(
                FindingKind.RemovedDocument, Severity.Warning, account.AccountId, account.DepartmentId,
                $"{account.Platform}“{account.Name}”的文章{Message(removal)}", Basis, Evidence(removal), documentUrl: removal.Url);
        }
    }

    private static string Message(ObservedRemoval removal) =>
        $"《{removal.Title}》（{removal.Url}）已不可访问：{removal.How}；最后一次见到发布于 {Evaluator.D(DateOnly.FromDateTime(removal.LastSeenAt.ToOffset(Evaluator.ShanghaiOffset).DateTime))}，" +
        $"{Evaluator.D(DateOnly.FromDateTime(removal.DetectedAt.ToOffset(Evaluator.ShanghaiOffset).DateTime))} 确认撤下。请说明撤下依据，如属误删请恢复。";

    private static IEnumerable<string> Evidence(ObservedRemoval removal) =>
        new[] { removal.EvidenceBefore, removal.EvidenceAfter }.OfType<string>();
}
