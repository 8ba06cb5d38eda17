using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Monitor.Alerting.Messages;
using Monitor.RuleEngine.Calendar;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.Alerting.Policy;

/// <summary>
/// Decides, at one instant, which alert messages are due: a small state machine per subject whose state is
/// derived from the subject, the calendar and what was sent before, so it keeps no memory of its own and
/// planning twice at the same instant gives the same plan (message ids included). "Now" comes from the caller's
/// TimeProvider; every count of days is in working days of the official calendar, Asia/Shanghai dates.
/// <list type="bullet">
/// <item><b>Quiet</b>: a due date more than <see cref="AlertPolicyOptions.EarlyWarningWorkingDays"/> working days
/// ahead; 提示 (notice) findings. Nothing is sent: they are in the report, not worth a message.</item>
/// <item><b>预警 Warning</b>: a due date N working days away or less, or a finding of severity warning (a
/// freshness limit is near, e.g. the homepage untouched 10 of 14 days). The unit's contacts get one 预警
/// message per subject, once, not before the day's digest time (immediate messages are for alerts and vetoes only);
/// after that the subject is repeated only in the daily digest.</item>
/// <item><b>告警 Alert</b>: the due date has passed (from the day after it), or an alert-severity finding. The
/// unit's contacts get it at once and again every repeat interval while it stays open. After more than K working
/// days overdue the unit's leader is added, after more than 2K the supervision office: so the unit has K full
/// working days to act before its leader hears of it.</item>
/// <item><b>否决 Veto</b>: a veto-severity finding goes to the unit, its leader and the supervision office at once,
/// repeated like an alert.</item>
/// <item><b>解除 Resolved</b>: once a subject resolves, everyone who was told about it gets one resolution notice.</item>
/// </list>
/// Around that: a subject whose source was unreachable is inhibited (its item findings say nothing trustworthy;
/// the unreachable finding itself still goes out); silences suppress matching subjects, recorded with their reason;
/// on working days from <see cref="AlertPolicyOptions.DigestTime"/> each unit with open subjects gets one digest;
/// a channel's sending window moves <see cref="AlertMessage.NotBefore"/> to its next opening; an SMS beyond the
/// recipient's daily budget is not planned but counted. When the budget is short, vetoes are planned first, then
/// alerts, warnings and resolution notices.
/// </summary>
public sealed class AlertPolicy
{
    private readonly AlertPolicyOptions options;
    private readonly WorkingDayCalendar calendar;

    /// <exception cref="InvalidOperationException">The options are invalid (every problem is named).</exception>
    public AlertPolicy(AlertPolicyOptions options, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(calendar);
        options.ThrowIfInvalid();
        this.options = options;
        this.calendar = calendar;
    }

    /// <summary>The messages due at <see cref="PolicyInput.Now"/> and what was left out. Pure and deterministic.</summary>
    /// <exception cref="ArgumentException">Two units share an id.</exception>
    public AlertPlan Plan(PolicyInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var now = input.Now;
        var today = ChinaTime.DateOf(now);
        var units = new Dictionary<string, AlertUnit>(StringComparer.Ordinal);
        foreach (var unit in input.Units)
        {
            if (!units.TryAdd(unit.Id, unit))
            {
                throw new ArgumentException($"Unit '{unit.Id}' is listed twice.", nameof(input));
            }
        }

        var office = input.Units.FirstOrDefault(u => u.IsSupervisionOffice);
        var history = new SentHistory(input.Sent);
        var suppressed = new List<SuppressedAlert>();
        var candidates = new List<Candidate>();
        var digests = new Dictionary<string, List<NoticeItem>>(StringComparer.Ordinal);

        foreach (var subject in input.Subjects.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (!units.TryGetValue(subject.DepartmentId, out var unit))
            {
                suppressed.Add(new SuppressedAlert(subject.Key, SuppressionReason.UnknownUnit, $"单位“{subject.DepartmentId}”未配置接收人"));
                continue;
            }

            if (subject.ResolvedAt is { } resolvedAt && resolvedAt <= now)
            {
                var item = new NoticeItem(subject, AlertLevel.Resolved);
                foreach (var recipient in history.ToldAbout(subject.Key))
                {
                    candidates.Add(new Candidate(AlertLevel.Resolved, $"resolved|{subject.Key}", unit, item, recipient, StageOf(recipient, unit)));
                }

                continue;
            }

            if (subject.SourceUnreachable && subject.Kind != FindingKind.Unreachable)
            {
                suppressed.Add(new SuppressedAlert(subject.Key, SuppressionReason.Inhibited, $"来源“{subject.SourceId}”无法访问，暂停该来源的事项提醒"));
                continue;
            }

            var silence = input.Silences.FirstOrDefault(s => s.Covers(subject, now));
            if (silence is not null)
            {
                suppressed.Add(new SuppressedAlert(
                    subject.Key,
                    SuppressionReason.Silenced,
                    $"{silence.Reason}（{silence.Author}设置，{ChinaTime.FormatDateTime(silence.ExpiresAt)}到期）"));
                continue;
            }

            if (Assess(subject, today) is not { } assessed)
            {
                continue;
            }

            if (!digests.TryGetValue(unit.Id, out var digestItems))
            {
                digests[unit.Id] = digestItems = [];
            }

            digestItems.Add(assessed);
            var day = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            switch (assessed.Level)
            {
                case AlertLevel.Warning:
                    // Once per subject: later reminders come with the digest, not as messages of their own.
                    foreach (var recipient in unit.Contacts.Where(r => history.Last(AlertLevel.Warning, subject.Key, r) is null))
                    {
                        candidates.Add(new Candidate(AlertLevel.Warning, $"warning|{subject.Key}", unit, assessed, recipient, EscalationStage.Unit));
                    }

                    break;

                case AlertLevel.Alert or AlertLevel.Veto:
                    foreach (var (recipient, stage) in Route(unit, office, assessed))
                    {
                        if (IsDue(history.Last(assessed.Level, subject.Key, recipient), today))
                        {
                            candidates.Add(new Candidate(assessed.Level, $"{Wire(assessed.Level)}|{subject.Key}|{day}", unit, assessed, recipient, stage));
                        }
                    }

                    break;
            }
        }

        if (calendar.IsWorkingDay(today) && TimeOnly.FromDateTime(ChinaTime.ToShanghai(now).DateTime) >= options.DigestTime)
        {
            foreach (var (unitId, items) in digests.OrderBy(d => d.Key, StringComparer.Ordinal))
            {
                var unit = units[unitId];
                var dedupKey = $"digest|{unitId}|{today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
                var sorted = items
                    .OrderBy(i => Priority(i.Level))
                    .ThenBy(i => i.Subject.DueDate ?? DateOnly.MaxValue)
                    .ThenBy(i => i.Subject.Key, StringComparer.Ordinal)
                    .ToList();
                foreach (var recipient in unit.Contacts.Where(r => options.DigestChannels.Contains(r.Channel) && !history.Has(dedupKey, r)))
                {
                    candidates.Add(new Candidate(AlertLevel.Digest, dedupKey, unit, null, recipient, EscalationStage.Unit, sorted));
                }
            }
        }

        var messages = new List<AlertMessage>();
        var smsPlanned = new Dictionary<(string Address, DateOnly Day), int>();
        var ordered = candidates
            .OrderBy(c => Priority(c.Level))
            .ThenBy(c => c.DedupKey, StringComparer.Ordinal)
            .ThenBy(c => c.Recipient.Channel)
            .ThenBy(c => c.Recipient.Address, StringComparer.Ordinal);
        foreach (var candidate in ordered)
        {
            var recipient = candidate.Recipient;
            var notBefore = NotBefore(recipient.Channel, now);
            if (candidate.Level == AlertLevel.Warning)
            {
                // Immediate messages are for alerts and vetoes only: a 预警 goes out with the day's digest, at the digest time.
                var digestAt = DigestTimeOn(ChinaTime.DateOf(now));
                if (digestAt > notBefore)
                {
                    notBefore = NotBefore(recipient.Channel, digestAt);
                }
            }

            if (recipient.Channel == ChannelKind.Sms)
            {
                var slot = (recipient.Address, ChinaTime.DateOf(notBefore));
                var used = history.SmsCount(slot.Address, slot.Item2) + smsPlanned.GetValueOrDefault(slot);
                if (used >= options.SmsDailyBudgetPerRecipient)
                {
                    suppressed.Add(new SuppressedAlert(
                        candidate.Item?.Subject.Key ?? candidate.DedupKey,
                        SuppressionReason.OverBudget,
                        string.Create(CultureInfo.InvariantCulture, $"{ChinaTime.FormatDate(slot.Item2)}短信已达每日上限{options.SmsDailyBudgetPerRecipient}条"),
                        recipient));
                    continue;
                }

                smsPlanned[slot] = smsPlanned.GetValueOrDefault(slot) + 1;
            }

            var items = candidate.DigestItems ?? [candidate.Item!];
            var notice = new AlertNotice(candidate.Level, candidate.Unit.Name, items, now, candidate.Stage);
            var text = AlertMessageRenderer.Render(notice, recipient.Channel);
            messages.Add(new AlertMessage(
                MessageId(candidate.DedupKey, recipient),
                candidate.DedupKey,
                candidate.Level,
                recipient,
                text.Subject,
                text.TextBody,
                text.HtmlBody,
                [.. items.Select(i => i.Subject.Key)],
                now,
                notBefore));
        }

        return new AlertPlan(messages, suppressed);
    }

    /// <summary>The deterministic message id: SHA-256 of dedup key, channel and address (32 hex digits).</summary>
    public static string MessageId(string dedupKey, Recipient recipient)
    {
        ArgumentNullException.ThrowIfNull(dedupKey);
        ArgumentNullException.ThrowIfNull(recipient);
        var key = $"{dedupKey}\n{recipient.Channel}\n{recipient.Address}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
    }

    /// <summary>When a message on <paramref name="channel"/> planned at <paramref name="now"/> may go out.</summary>
    /// <summary>The configured digest time on a date, Asia/Shanghai.</summary>
    private DateTimeOffset DigestTimeOn(DateOnly date) => ChinaTime.StartOf(date) + options.DigestTime.ToTimeSpan();

    public DateTimeOffset NotBefore(ChannelKind channel, DateTimeOffset now)
    {
        if (!options.SendingWindows.TryGetValue(channel, out var window))
        {
            return now;
        }

        var local = ChinaTime.ToShanghai(now);
        var date = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        if (time < window.Opens)
        {
            return new DateTimeOffset(date.ToDateTime(window.Opens), ChinaTime.Offset);
        }

        return time >= window.Closes ? new DateTimeOffset(date.AddDays(1).ToDateTime(window.Opens), ChinaTime.Offset) : now;
    }

    private NoticeItem? Assess(AlertSubject subject, DateOnly today)
    {
        if (subject.Severity == Severity.Veto)
        {
            return new NoticeItem(subject, AlertLevel.Veto);
        }

        if (subject.DueDate is { } due)
        {
            if (today > due)
            {
                return new NoticeItem(subject, AlertLevel.Alert, WorkingDaysOverdue: calendar.CountWorkingDays(due, today));
            }

            var left = calendar.CountWorkingDays(today, due);
            return left <= options.EarlyWarningWorkingDays ? new NoticeItem(subject, AlertLevel.Warning, WorkingDaysLeft: left) : null;
        }

        // Without a due date the evaluator's severity says where the subject stands; an alert counts as
        // overdue from the day it was opened (that day is its first day, as the day after a due date is).
        return subject.Severity switch
        {
            Severity.Alert => new NoticeItem(
                subject,
                AlertLevel.Alert,
                WorkingDaysOverdue: calendar.CountWorkingDays(ChinaTime.DateOf(subject.OpenedAt).AddDays(-1), today)),
            Severity.Warning => new NoticeItem(subject, AlertLevel.Warning),
            _ => null,
        };
    }

    private IEnumerable<(Recipient Recipient, EscalationStage Stage)> Route(AlertUnit unit, AlertUnit? office, NoticeItem item)
    {
        var overdue = item.WorkingDaysOverdue ?? 0;
        var toLeader = item.Level == AlertLevel.Veto || overdue > options.EscalationWorkingDays;
        var toOffice = item.Level == AlertLevel.Veto || overdue > 2 * options.EscalationWorkingDays;
        var seen = new HashSet<(ChannelKind, string)>();
        foreach (var r in unit.Contacts)
        {
            if (seen.Add((r.Channel, r.Address)))
            {
                yield return (r, EscalationStage.Unit);
            }
        }

        if (toLeader)
        {
            foreach (var r in unit.Leaders)
            {
                if (seen.Add((r.Channel, r.Address)))
                {
                    yield return (r, EscalationStage.Leader);
                }
            }
        }

        if (toOffice && office is not null)
        {
            foreach (var r in office.Contacts)
            {
                if (seen.Add((r.Channel, r.Address)))
                {
                    yield return (r, EscalationStage.Office);
                }
            }
        }
    }

    private static EscalationStage StageOf(Recipient recipient, AlertUnit unit) =>
        unit.Contacts.Any(r => r.Channel == recipient.Channel && r.Address == recipient.Address) ? EscalationStage.Unit
        : unit.Leaders.Any(r => r.Channel == recipient.Channel && r.Address == recipient.Address) ? EscalationStage.Leader
        : EscalationStage.Office;

    private bool IsDue(DateTimeOffset? lastSent, DateOnly today) =>
        lastSent is not { } last
        || today >= calendar.AddWorkingDays(ChinaTime.DateOf(last), options.RepeatIntervalWorkingDays).Date;

    private static int Priority(AlertLevel level) => level switch
    {
        AlertLevel.Veto => 0,
        AlertLevel.Alert => 1,
        AlertLevel.Warning => 2,
        AlertLevel.Resolved => 3,
        _ => 4,
    };

    private static string Wire(AlertLevel level) => level switch
    {
        AlertLevel.Veto => "veto",
        AlertLevel.Alert => "alert",
        AlertLevel.Warning => "warning",
        AlertLevel.Resolved => "resolved",
        _ => "digest",
    };

    private sealed record Candidate(
        AlertLevel Level,
        string DedupKey,
        AlertUnit Unit,
        NoticeItem? Item,
        Recipient Recipient,
        EscalationStage Stage,
        IReadOnlyList<NoticeItem>? DigestItems = null);

    /// <summary>The sent records indexed the ways the policy asks about them.</summary>
    private sealed class SentHistory
    {
        private readonly Dictionary<(AlertLevel, string Key, ChannelKind, string Address), DateTimeOffset> last = [];
        private readonly Dictionary<string, List<Recipient>> told = new(StringComparer.Ordinal);
        private readonly HashSet<(string DedupKey, ChannelKind, string Address)> dedupKeys = [];
        private readonly Dictionary<(string Address, DateOnly Day), int> sms = [];

        public SentHistory(IReadOnlyList<SentRecord> records)
        {
            foreach (var record in records)
            {
                var r = record.Recipient;
                dedupKeys.Add((record.DedupKey, r.Channel, r.Address));
                if (r.Channel == ChannelKind.Sms)
                {
                    var day = (r.Address, ChinaTime.DateOf(record.SentAt));
                    sms[day] = sms.GetValueOrDefault(day) + 1;
                }

                if (record.Level == AlertLevel.Digest)
                {
                    continue;
                }

                foreach (var key in record.SubjectKeys)
                {
                    var slot = (record.Level, key, r.Channel, r.Address);
                    if (!last.TryGetValue(slot, out var previous) || previous < record.SentAt)
                    {
                        last[slot] = record.SentAt;
                    }

                    if (record.Level is AlertLevel.Warning or AlertLevel.Alert or AlertLevel.Veto)
                    {
                        if (!told.TryGetValue(key, out var list))
                        {
                            told[key] = list = [];
                        }

                        if (!list.Any(x => x.Channel == r.Channel && x.Address == r.Address))
                        {
                            list.Add(r);
                        }
                    }
                }
            }
        }

        public DateTimeOffset? Last(AlertLevel level, string key, Recipient r) =>
            last.TryGetValue((level, key, r.Channel, r.Address), out var at) ? at : null;

        public bool Has(string dedupKey, Recipient r) => dedupKeys.Contains((dedupKey, r.Channel, r.Address));

        public int SmsCount(string address, DateOnly day) => sms.GetValueOrDefault((address, day));

        /// <summary>Everyone told about the subject who has not had its resolution notice yet.</summary>
        public IEnumerable<Recipient> ToldAbout(string key) =>
            told.TryGetValue(key, out var list) ? list.Where(r => Last(AlertLevel.Resolved, key, r) is null) : [];
    }
}
