using System.Text.Json;
using AngleSharp.Html.Parser;
using Monitor.Alerting.Messages;
using Monitor.Alerting.Tests.Policy;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.Alerting.Tests.Messages;

/// <summary>Guards the untrusted-text boundary: crawled titles must reach every channel as text, never as markup.</summary>
public sealed class AlertMessageRendererTests
{
    private static readonly DateTimeOffset At = new(2026, 10, 10, 9, 0, 0, TimeSpan.FromHours(8));

    private static readonly string HostileTitle = File.ReadAllText(Path.Combine(PolicyWorld.RepoRoot(), "tests", "Alerting.Tests", "Messages", "Fixtures", "hostile-title.txt")).Trim();

    private static readonly AlertSubject Late = new(
        Key: "f-1",
        Kind: FindingKind.MissingItem,
        Severity: Severity.Alert,
        DepartmentId: "jyj",
        SourceId: "ywjy",
        ItemId: "ywjy-zsfa",
        ItemName: "义务教育招生入学方案",
        Basis: "《义务教育领域基层政务公开标准指引》",
        DocumentUrl: "https://www.yiwu.example.gov.cn/col/ywjy/(list)",
        DueDate: new DateOnly(2026, 10, 9),
        Message: "未在规定期限内公开招生入学方案",
        OpenedAt: At,
        ResolvedAt: null);

    private static AlertNotice AlertNotice(AlertSubject subject) =>
        new(AlertLevel.Alert, "市教育局", [new NoticeItem(subject, AlertLevel.Alert, WorkingDaysOverdue: 1)], At);

    [Fact]
    public void TheEmailSaysWhatWhichItemBasisDueDateWhereAndWhatToDo()
    {
        var text = AlertMessageRenderer.Render(AlertNotice(Late), ChannelKind.Email);

        Assert.Equal("【政务公开告警】市教育局：应公开未公开·义务教育招生入学方案（已逾期1个工作日）", text.Subject);
        Assert.Contains("未在规定期限内公开招生入学方案", text.TextBody, StringComparison.Ordinal);
        Assert.Contains("事项：义务教育招生入学方案", text.TextBody, StringComparison.Ordinal);
        Assert.Contains("依据：《义务教育领域基层政务公开标准指引》", text.TextBody, StringComparison.Ordinal);
        Assert.Contains("期限：2026年10月9日（已逾期1个工作日）", text.TextBody, StringComparison.Ordinal);
        Assert.Contains("位置：https://www.yiwu.example.gov.cn/col/ywjy/(list)", text.TextBody, StringComparison.Ordinal);
        Assert.Contains("整改要求：请在期限内于对应栏目发布该事项信息", text.TextBody, StringComparison.Ordinal);
        Assert.NotNull(text.HtmlBody);
    }

    [Fact]
    public void ACrawledTitleWithMarkupStaysTextInTheEmailHtml()
    {
        var text = AlertMessageRenderer.Render(AlertNotice(Late with { Message = HostileTitle, DocumentUrl = "javascript:alert(1)" }), ChannelKind.Email);

        var document = new HtmlParser().ParseDocument(text.HtmlBody!);
        Assert.Empty(document.QuerySelectorAll("script"));
        Assert.Empty(document.QuerySelectorAll("a"));
        Assert.Contains(HostileTitle, document.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void AnSmsWithAVeryLongItemNameKeepsItsHeadAndTailWithinTwoSegments()
    {
        var longName = string.Concat(Enumerable.Repeat("关于进一步做好义务教育阶段学校招生入学工作的实施意见", 5));
        var sms = AlertMessageRenderer.Render(AlertNotice(Late with { ItemName = longName }), ChannelKind.Sms).TextBody;

        Assert.True(sms.Length <= SmsText.MaxLength, sms);
        Assert.True(SmsText.Segments(sms) <= 2, sms);
        Assert.StartsWith("【政务公开告警】市教育局应公开未公开：", sms, StringComparison.Ordinal);
        Assert.EndsWith("，已逾期1个工作日，请立即整改。", sms, StringComparison.Ordinal);
        Assert.Contains('…', sms);
    }

    [Fact]
    public void AShortSmsIsNotShortened()
    {
        var sms = AlertMessageRenderer.Render(AlertNotice(Late), ChannelKind.Sms).TextBody;
        Assert.Equal("【政务公开告警】市教育局应公开未公开：“义务教育招生入学方案”未在规定期限内公开招生入学方案，已逾期1个工作日，请立即整改。", sms);
        Assert.Equal(1, SmsText.Segments(sms));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void SegmentsAre70CharactersAloneAnd67WhenConcatenated(int length, int segments) =>
        Assert.Equal(segments, SmsText.Segments(new string('政', length)));

    [Fact]
    public void FittingNeverSplitsASurrogatePair()
    {
        var fitted = SmsText.Fit("头", string.Concat(Enumerable.Repeat("𠀀", 10)), "尾", max: 8);
        Assert.True(fitted.Length <= 8);
        Assert.False(fitted.Any(char.IsHighSurrogate) && !fitted.Any(char.IsLowSurrogate));
        Assert.Equal("头𠀀𠀀…尾", fitted);
    }

    [Fact]
    public void TheDingTalkBodyIsAMarkdownMessageWithTitleAndEscapedText()
    {
        var json = AlertMessageRenderer.Render(AlertNotice(Late with { Message = HostileTitle }), ChannelKind.DingTalk).TextBody;

        using var doc = JsonDocument.Parse(json);
        Assert.Equal("markdown", doc.RootElement.GetProperty("msgtype").GetString());
        var markdown = doc.RootElement.GetProperty("markdown");
        Assert.StartsWith("【政务公开告警】市教育局", markdown.GetProperty("title").GetString(), StringComparison.Ordinal);
        var text = markdown.GetProperty("text").GetString()!;
        Assert.DoesNotContain("<script>", text, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", text, StringComparison.Ordinal);
        Assert.Contains(@"\[通知\]\(javascript:alert\(1\)\)", text, StringComparison.Ordinal);
        Assert.Contains("[查看页面](https://www.yiwu.example.gov.cn/col/ywjy/%28list%29)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TheWeComBodyIsAMarkdownMessageWithinItsSizeLimit()
    {
        var items = Enumerable.Range(1, 60)
            .Select(i => new NoticeItem(Late with { Key = $"f-{i}", Message = new string('长', 200) }, AlertLevel.Alert, WorkingDaysOverdue: 1))
            .ToList();
        var json = AlertMessageRenderer.Render(new AlertNotice(AlertLevel.Digest, "市教育局", items, At), ChannelKind.WeCom).TextBody;

        using var doc = JsonDocument.Parse(json);
        Assert.Equal("markdown", doc.RootElement.GetProperty("msgtype").GetString());
        var content = doc.RootElement.GetProperty("markdown").GetProperty("content").GetString()!;
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(content) <= AlertMessageRenderer.WeComMaxContentBytes);
        Assert.Contains("详见邮件日报", content, StringComparison.Ordinal);
    }

    [Fact]
    public void AWarningOnItsDueDateSaysDueToday()
    {
        var notice = new AlertNotice(AlertLevel.Warning, "市教育局", [new NoticeItem(Late, AlertLevel.Warning, WorkingDaysLeft: 0)], At);
        Assert.Contains("今日到期", AlertMessageRenderer.Render(notice, ChannelKind.Email).Subject, StringComparison.Ordinal);
    }
}
