using Monitor.Host.Tests.Support;

namespace Monitor.Host.Tests.Alerting;

/// <summary>One demo run (as of 2026-12-01) whose store the alert command tests copy, so each test starts from the same findings.</summary>
public sealed class DemoStoreFixture : IAsyncLifetime
{
    private readonly TempFolder folder = new();

    private string StateDirectory => Path.Combine(folder.Path, "out", "state");

    public async Task InitializeAsync() => await DemoHarness.RunAsync(Path.Combine(folder.Path, "out"));

    public Task DisposeAsync()
    {
        folder.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A fresh copy of the demo's state folder under <paramref name="target"/>; returns the copy's path.</summary>
    public string CopyStateTo(string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(StateDirectory, "monitor.db*"))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }

        return target;
    }
}
