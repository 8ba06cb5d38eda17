using System.Globalization;

namespace Monitor.Alerting.Policy;

/// <summary>A daily sending window in Asia/Shanghai local time: messages planned outside it wait for the next opening.</summary>
/// <param name="Opens">Local time the window opens (inclusive).</param>
/// <param name="Closes">Local time the window closes (exclusive); must be after <paramref name="Opens"/>.</param>
public sealed record SendingWindow(TimeOnly Opens, TimeOnly Closes);

/// <summary>
/// Options of <see cref="AlertPolicy"/> (section <c>Alerting:Policy</c>). Working days are counted with the
/// official calendar (holidays off, make-up days on); local times are Asia/Shanghai whatever the server zone.
/// </summary>
public sealed class AlertPolicyOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Alerting:Policy";

    /// <summary>
    /// 预警 starts when this many working days or fewer remain until a subject's due date. Unit: working days.
    /// Default 3. 0 disables early warnings before due dates.
    /// </summary>
    public int EarlyWarningWorkingDays { get; set; } = 3;

    /// <summary>
    /// An 告警 still open after this many working days escalates to the unit's leader, and after twice as many
    /// to the supervision office. Unit: working days. Default 2.
    /// </summary>
    public int EscalationWorkingDays { get; set; } = 2;

    /// <summary>
    /// An 告警 or 否决 is repeated to the same recipient at most once per this many working days while it stays
    /// open. Unit: working days. Default 1 (once per working day).
    /// </summary>
    public int RepeatIntervalWorkingDays { get; set; } = 1;

    /// <summary>Local time (Asia/Shanghai) from which each working day's digest (日报) is planned. Default 08:30.</summary>
    public TimeOnly DigestTime { get; set; } = new(8, 30);

    /// <summary>
    /// Channels a digest goes out on. Default e-mail, DingTalk and WeCom; SMS is left out because a list of
    /// findings does not fit two SMS segments and SMS is kept for what needs action now.
    /// </summary>
    public IList<ChannelKind> DigestChannels { get; set; } = [ChannelKind.Email, ChannelKind.DingTalk, ChannelKind.WeCom];

    /// <summary>
    /// Sending windows per channel, local Asia/Shanghai times. A channel without an entry sends at any hour.
    /// Default: SMS 08:00–20:00 only.
    /// </summary>
    public IDictionary<ChannelKind, SendingWindow> SendingWindows { get; set; } = new Dictionary<ChannelKind, SendingWindow>
    {
        [ChannelKind.Sms] = new(new TimeOnly(8, 0), new TimeOnly(20, 0)),
    };

    /// <summary>
    /// At most this many SMS per recipient (mobile number) per local day, counting those already sent. Unit:
    /// messages. Default 10. Messages over it are not planned and are counted in the plan as over budget.
    /// </summary>
    public int SmsDailyBudgetPerRecipient { get; set; } = 10;

    /// <summary>Problems with the options, each naming its configuration key; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Range(errors, nameof(EarlyWarningWorkingDays), EarlyWarningWorkingDays, 0, 30);
        Range(errors, nameof(EscalationWorkingDays), EscalationWorkingDays, 1, 30);
        Range(errors, nameof(RepeatIntervalWorkingDays), RepeatIntervalWorkingDays, 1, 30);
        Range(errors, nameof(SmsDailyBudgetPerRecipient), SmsDailyBudgetPerRecipient, 0, 1000);
        if (DigestChannels is null)
        {
            errors.Add($"{Section}:{nameof(DigestChannels)} must be a list (may be empty).");
        }

        if (SendingWindows is null)
        {
            errors.Add($"{Section}:{nameof(SendingWindows)} must be a map (may be empty).");
        }
        else
        {
            foreach (var (channel, window) in SendingWindows.OrderBy(w => w.Key))
            {
                if (window is null || window.Closes <= window.Opens)
                {
                    errors.Add(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{Section}:{nameof(SendingWindows)}:{channel} must open before it closes (was {window?.Opens:HH\\:mm}–{window?.Closes:HH\\:mm})."));
                }
            }
        }

        return errors;
    }

    /// <summary>Throws with every problem listed when <see cref="Validate"/> finds any.</summary>
    /// <exception cref="InvalidOperationException">The options are unusable.</exception>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid alert policy options: " + string.Join(" ", errors));
        }
    }

    private static void Range(List<string> errors, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Section}:{key} must be between {min} and {max} (was {value})."));
        }
    }
}
