using Monitor.Host.Demo;
using Monitor.Host.Tests.Support;

namespace Monitor.Host.Tests.Demo;

/// <summary>One demo run on the default sample, shared by the tests that only read its results.</summary>
public sealed class DemoBaselineFixture : IAsyncLifetime, IDisposable
{
    private readonly TempFolder folder = new();

    internal DemoOutcome Outcome { get; private set; } = null!;

    internal string OutDirectory => folder.Path;

    public async Task InitializeAsync() => Outcome = await DemoHarness.RunAsync(folder.Path);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => folder.Dispose();
}
