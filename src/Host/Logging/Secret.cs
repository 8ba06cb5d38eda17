namespace Monitor.Host.Logging;

/// <summary>
/// A configured secret (token, password, API key). Its <see cref="ToString"/> and its Serilog
/// rendering (<see cref="SecretMasking"/>) never show the value, so logging an options object, a
/// deployment or an interpolated message cannot leak it; only <see cref="Reveal"/> hands it to the
/// one place that must send it (an HTTP header).
/// </summary>
internal sealed class Secret
{
    /// <summary>What every log and <see cref="ToString"/> shows instead of the value.</summary>
    public const string Mask = "******";

    private readonly string value;

    public Secret(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        this.value = value;
    }

    /// <summary>The secret itself; call only where it is sent to the server it belongs to.</summary>
    public string Reveal() => value;

    public override string ToString() => Mask;
}
