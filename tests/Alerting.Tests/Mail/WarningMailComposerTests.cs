using MimeKit;
using Monitor.Alerting.Mail;
using Monitor.Alerting.Tests.Support;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.Alerting.Tests.Mail;

public sealed class WarningMailComposerTests
{
    [Fact]
    public async Task Subject_names_the_department_the_count_by_severity_and_the_as_of_date_after_a_round_trip()
    {
        var mail = await ParsedMail.RoundTripAsync(
            WarningMailComposer.Compose(Some.Input(Some.MixedFindings()), Some.Options, Some.AsOf));

        Assert.Equal("【政务公开预警】市教育局：3项问题待整改（单项否决1项、告警1项、预警1项，截至2026年12月1日）", mail.Message.Subject);
    }

    [Fact]
    public async Task Chinese_display_names_of_sender_and_recipients_survive_the_eml_file()
    {
        var mail = await ParsedMail.RoundTripAsync(
            WarningMailComposer.Compose(Some.Input(Some.MixedFindings()), Some.Options, Some.AsOf));

        var from = Assert.Single(mail.Message.From.Mailboxes);
        Assert.Equal("义乌市政务公开办", from.Name);
        Assert.Equal("gkb@yiwu.example.gov.cn", from.Address);
        var to = Assert.Single(mail.Message.To.Mailboxes);
        Assert.Equal("市教育局政务公开联络员", to.Name);
        Assert.Equal("gk@jyj.yiwu.example.gov.cn", to.Address);
    }

    [Fact]
    public async Task Headers_carry_the_as_of_time_as_date_and_the_number_of_findings()
    {
        var mail = await ParsedMail.RoundTripAsync(
            WarningMailComposer.Compose(Some.Input(Some.MixedFindings()), Some.Options, Some.AsOf));

        Assert.Equal(Some.AsOf, mail.Message.Date);
        Assert.Equal("3", mail.Message.Headers[WarningMailComposer.FindingCountHeader]);
        Assert.EndsWith("@yiwu.example.gov.cn", mail.Message.MessageId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Both_bodies_list_every_finding_grouped_with_the_veto_first()
    {
        var mail = await ParsedMail.RoundTripAsync(
            WarningMailComposer.Compose(Some.Input(Some.MixedFindings()), Some.Options, Some.AsOf));

        Assert.IsType<MultipartAlternative>(mail.Message.Body);
        foreach (var body in new[] { mail.Text, mail.Document.Body!.TextContent })
        {
            var veto = body.IndexOf("栏目“教育动态”已61天未更新", StringComparison.Ordinal);
            var alert = body.IndexOf("招生方案未在规定期限内公开", StringComparison.Ordinal);
            var warning = body.IndexOf("划片范围将于12月5日到期", StringComparison.Ordinal);
            Assert.True(veto >= 0 && alert >= 0 && warning >= 0, body);
            Assert.True(veto < alert && alert < warning, body);
            Assert.Contains("一、单项否决（1项）", body, StringComparison.Ordinal);
            Assert.Contains("三、预警（1项）", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Each_finding_says_the_item_or_check_the_column_the_due_date_and_what_to_do()
    {
        var mail = await ParsedMail.RoundTripAsync(
            WarningMailComposer.Compose(Some.Input(Some.MixedFindings()), Some.Options, Some.AsOf));

        foreach (var body in new[] { mail.Text, mail.Document.Body!.TextContent })
        {
            Assert.Contains("事项 ywjy-zsfa（义务教育）", body, StringComparison.Ordinal);
            Assert.Contains("站点检查：栏目不更新", body, StringComparison.Ordinal);
            Assert.Contains("教育动态", body, StringComparison.Ordinal);
            Assert.Contains("2026年11月20日", body, StringComparison.Ordinal);
            Assert.Contains("2026年12月5日", body, StringComparison.Ordinal);
            Assert.Contains("请在期限内于对应栏目发布该事项信息", body, StringComparison.Ordinal);
            Assert.Contains("请及时更新栏目内容或说明情况", body, StringComparison.Ordinal);
            Assert.Contains("请在到期前发布", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_provisional_due_date_is_marked_as_such()
    {
        var findings = new[] { Some.Finding("f-1") with { DueDate = new DateOnly(2027, 1, 29), Provisional = true } };

        var mail = await ParsedMail.RoundTripAsync(WarningMailComposer.Compose(Some.Input(findings), Some.Options, Some.AsOf));

        Assert.Contains("2027年1月29日（暂定）", mail.Text, StringComparison.Ordinal);
        Assert.Contains("2027年1月29日（暂定）", mail.Document.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_markup_in_a_finding_message_is_escaped_in_html_and_literal_in_text()
    {
        const string hostile = "标题<script>alert(1)</script>含<b>粗体</b>";
        var findings = new[] { Some.Finding("f-1") with { Message = hostile } };

        var mail = await ParsedMail.RoundTripAsync(WarningMailComposer.Compose(Some.Input(findings), Some.Options, Some.AsOf));

        Assert.Contains(hostile, mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", mail.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", mail.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", mail.Html, StringComparison.Ordinal);
        Assert.Empty(mail.Document.QuerySelectorAll("script, b"));
        Assert.Contains(hostile, mail.Document.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_http_and_https_urls_become_links()
    {
        var findings = new[]
        {
            Some.Finding("f-1") with { DocumentUrl = "javascript:alert(document.cookie)" },
            Some.Finding("f-2", FindingKind.BrokenLink, Severity.Warning) with
            {
                DocumentUrl = "https://www.yiwu.example.gov.cn/jyj/ywjy/202611/t20261120_1.html",
                TargetUrl = "data:text/html,<script>alert(1)</script>",
            },
        };

        var mail = await ParsedMail.RoundTripAsync(WarningMailComposer.Compose(Some.Input(findings), Some.Options, Some.AsOf));

        var hrefs = mail.Document.QuerySelectorAll("a").Select(a => a.GetAttribute("href") ?? string.Empty).ToList();
        Assert.Contains("https://www.yiwu.example.gov.cn/jyj/ywjy/202611/t20261120_1.html", hrefs);
        Assert.Contains("https://monitor.example.gov.cn/reports/2026-12-01.html", hrefs);
        Assert.All(hrefs, href => Assert.StartsWith("http", href, StringComparison.Ordinal));
        Assert.DoesNotContain("href=\"javascript:", mail.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(mail.Document.QuerySelectorAll("script"));

        // Shown, so the recipient still learns where the problem is, but not clickable.
        Assert.Contains("javascript:alert(document.cookie)", mail.Document.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("javascript:alert(document.cookie)", mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Composing_the_same_input_twice_writes_identical_files()
    {
        var first = await ParsedMail.RoundTripAsync(
            WarningMailComposer.Compose(Some.Input(Some.MixedFindings()), Some.Options, Some.AsOf));
        var second = await ParsedMail.RoundTripAsync(
            WarningMailComposer.Compose(Some.Input(Some.MixedFindings()), Some.Options, Some.AsOf));

        Assert.Equal(first.Bytes, second.Bytes);
    }

    [Fact]
    public void Message_id_depends_on_the_set_of_findings_not_on_their_order()
    {
        var findings = Some.MixedFindings();

        var original = WarningMailComposer.Compose(Some.Input(findings), Some.Options, Some.AsOf);
        var reordered = WarningMailComposer.Compose(Some.Input(findings.Reverse().ToList()), Some.Options, Some.AsOf);
        var fewer = WarningMailComposer.Compose(Some.Input(findings.Take(2).ToList()), Some.Options, Some.AsOf);
        var later = WarningMailComposer.Compose(Some.Input(findings), Some.Options, Some.AsOf.AddDays(1));

        Assert.Equal(original.MessageId, reordered.MessageId);
        Assert.NotEqual(original.MessageId, fewer.MessageId);
        Assert.NotEqual(original.MessageId, later.MessageId);
    }

    [Fact]
    public void The_same_instant_written_with_another_offset_gives_the_same_message_id()
    {
        var findings = Some.MixedFindings();

        var shanghai = WarningMailComposer.Compose(Some.Input(findings), Some.Options, Some.AsOf);
        var utc = WarningMailComposer.Compose(Some.Input(findings), Some.Options, Some.AsOf.ToUniversalTime());

        Assert.Equal(shanghai.MessageId, utc.MessageId);
    }

    [Fact]
    public void A_finding_of_another_department_is_refused()
    {
        var findings = new[] { Some.Finding("f-1") with { DepartmentId = "gtj" } };

        var error = Assert.Throws<ArgumentException>(() => WarningMailComposer.Compose(Some.Input(findings), Some.Options, Some.AsOf));

        Assert.Contains("gtj", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mail_without_findings_is_refused()
    {
        Assert.Throws<ArgumentException>(() => WarningMailComposer.Compose(Some.Input([]), Some.Options, Some.AsOf));
    }

    [Fact]
    public async Task Without_a_report_url_the_mail_mentions_no_report()
    {
        var options = Some.Options with { ReportUrl = null };

        var mail = await ParsedMail.RoundTripAsync(
            WarningMailComposer.Compose(Some.Input(Some.MixedFindings()), options, Some.AsOf));

        Assert.DoesNotContain("完整监测报告", mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("完整监测报告", mail.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writing_over_an_existing_file_replaces_it_and_leaves_no_temporary_file()
    {
        var folder = Directory.CreateTempSubdirectory("alerting-tests-");
        try
        {
            var path = Path.Combine(folder.FullName, "jyj.eml");
            await File.WriteAllTextAsync(path, "old content");

            await WarningMailComposer.WriteEmlAsync(
                WarningMailComposer.Compose(Some.Input(Some.MixedFindings()), Some.Options, Some.AsOf), path, CancellationToken.None);

            var message = await MimeMessage.LoadAsync(path);
            Assert.Equal("3", message.Headers[WarningMailComposer.FindingCountHeader]);
            Assert.Equal([path], Directory.GetFiles(folder.FullName));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_cancelled_write_leaves_no_file_behind()
    {
        var folder = Directory.CreateTempSubdirectory("alerting-tests-");
        try
        {
            var path = Path.Combine(folder.FullName, "jyj.eml");
            using var cancelled = new CancellationTokenSource();
            await cancelled.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => WarningMailComposer.WriteEmlAsync(
                WarningMailComposer.Compose(Some.Input(Some.MixedFindings()), Some.Options, Some.AsOf), path, cancelled.Token));

            Assert.Empty(Directory.GetFiles(folder.FullName));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
