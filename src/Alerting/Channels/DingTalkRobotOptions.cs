namespace Monitor.Alerting.Channels;

/// <summary>DingTalk custom robot (自定义机器人). The recipient's address is the robot's webhook URL with its access_token.</summary>
public sealed record DingTalkRobotOptions
{
    /// <summary>
    /// Name of the environment variable that holds the robot's signing secret (加签, starts with <c>SEC</c>).
    /// Default null: the robot is secured by keyword or IP only and requests are not signed.
    /// The secret itself never appears in configuration or logs.
    /// </summary>
    public string? SecretVariable { get; init; }

    /// <summary>Time allowed for one request, connection included. Default 10 seconds.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest message in UTF-8 bytes; longer text is cut with a note. Default 18,000 (DingTalk accepts 20,000).</summary>
    public int MaxContentBytes { get; init; } = 18_000;

    /// <summary>The problems with these options, one sentence each; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Timeout <= TimeSpan.Zero)
            errors.Add($"DingTalk {nameof(Timeout)} must be positive (was {Timeout}).");
        if (MaxContentBytes < 200)
            errors.Add($"DingTalk {nameof(MaxContentBytes)} must be at least 200 (was {MaxContentBytes}).");
        if (SecretVariable is { } name && string.IsNullOrWhiteSpace(name))
            errors.Add($"DingTalk {nameof(SecretVariable)} must name an environment variable or be left out.");
        return errors;
    }
}
