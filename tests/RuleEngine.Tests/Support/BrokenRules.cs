namespace Monitor.RuleEngine.Tests.Support;

/// <summary>
/// Builds a rules directory for a broken-file case: a copy of the repository's rules/ with the
/// fixture's files (Fixtures/rules-broken/&lt;case&gt;/…) laid over it, in a fresh temp folder whose
/// rules directory is called "rules", so error paths read like rules/catalog/x.yaml.
/// </summary>
internal sealed class BrokenRules : IDisposable
{
    private readonly string parent;

    public BrokenRules(string caseName)
    {
        parent = Path.Combine(Path.GetTempPath(), "ruleengine-tests-" + Guid.NewGuid().ToString("N"));
        Directory = Path.Combine(parent, "rules");
        Copy(RepoPaths.Rules, Directory);
        Copy(Path.Combine(RepoPaths.Fixtures, "rules-broken", caseName), Directory);
    }

    public string Directory { get; }

    public void Dispose() => System.IO.Directory.Delete(parent, recursive: true);

    private static void Copy(string from, string to)
    {
        foreach (var file in System.IO.Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
