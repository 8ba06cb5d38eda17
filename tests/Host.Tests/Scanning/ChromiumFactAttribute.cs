namespace Monitor.Host.Tests.Scanning;

/// <summary>
/// A fact that drives the real Chromium at <see cref="Path"/>. Outside CI it is skipped, with the reason, when the
/// browser is not installed; under <c>CI=true</c> it always runs, so a missing browser fails instead of hiding.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Path = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!ci && !File.Exists(Path))
            Skip = $"{Path} is not installed (apt-get install chromium); under CI=true this test fails instead";
    }
}
