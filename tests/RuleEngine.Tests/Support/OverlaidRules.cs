namespace Monitor.RuleEngine.Tests.Support;

/// <summary>
/// Builds a rules directory for one fixture case: a copy of the repository's rules/ with the
/// fixture's files (Fixtures/&lt;group&gt;/&lt;case&gt;/…) laid over it, in a fresh temp folder whose
/// rules directory is called "rules", so error paths read like rules/catalog/x.yaml.
/// </summary>
internal sealed class OverlaidRules : IDisposable
{
    private readonly string parent;

    /// <param name="group">Fixture folder: <c>rules-broken</c> (files that must fail) or <c>rules-extra</c> (valid additions).</param>
    /// <param name="caseName">Sub-folder of the group, laid over rules/.</param>
    public OverlaidRules(string group, string caseName)
    {
        parent = Path.Combine(Path.GetTempPath(), "ruleengine-tests-" + Guid.NewGuid().ToString("N"));
        Directory = Path.Combine(parent, "rules");
        Copy(RepoPaths.Rules, Directory);
        Copy(Path.Combine(RepoPaths.Fixtures, group, caseName), Directory);
    }

    public string Directory { get; }

    /// <summary>Loads a broken case (Fixtures/rules-broken/&lt;case&gt;).</summary>
    public static OverlaidRules Broken(string caseName) => new("rules-broken", caseName);

    /// <summary>Loads the repository rules plus a valid addition (Fixtures/rules-extra/&lt;case&gt;); throws when it does not load.</summary>
    public static Monitor.RuleEngine.Loading.RuleSetLoadResult LoadExtra(string caseName)
    {
        using var rules = new OverlaidRules("rules-extra", caseName);
        var result = Monitor.RuleEngine.Loading.RuleSetLoader.Load(rules.Directory);
        return result.Succeeded ? result : throw new InvalidOperationException(string.Join("\n", result.Errors));
    }

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
