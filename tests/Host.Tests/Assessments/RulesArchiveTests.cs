using System.Security.Cryptography;
using System.Text;
using Monitor.Host.Assessments;
using Monitor.Host.Tests.Support;
using Monitor.RuleEngine.Loading;

namespace Monitor.Host.Tests.Assessments;

public sealed class RulesArchiveTests
{
    [Fact]
    public void The_same_rule_files_give_the_same_archive_wherever_they_lie_and_whenever_they_were_written()
    {
        using var folder = new TempFolder();
        var copy = Path.Combine(folder.Path, "copy");
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Rules, "*", SearchOption.AllDirectories).Reverse())
        {
            var target = Path.Combine(copy, Path.GetRelativePath(RepoPaths.Rules, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            File.SetLastWriteTimeUtc(target, new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));
        }

        var original = RulesArchive.Create(RepoPaths.Rules);

        Assert.Equal(original, RulesArchive.Create(copy));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(original)), RulesArchive.Sha256(original));
        var entries = RulesArchive.Read(original);
        Assert.Equal(Directory.EnumerateFiles(RepoPaths.Rules, "*", SearchOption.AllDirectories).Count(), entries.Count);
        Assert.Equal(entries.Select(e => e.Path).Order(StringComparer.Ordinal), entries.Select(e => e.Path));
        Assert.Contains(entries, e => e.Path == "calendar/cn/2026.yaml");

        File.AppendAllText(Path.Combine(copy, "site-checks.yaml"), "\n");
        Assert.NotEqual(original, RulesArchive.Create(copy));
    }

    [Fact]
    public void An_extracted_archive_holds_the_same_files_and_loads_as_the_same_rule_set()
    {
        using var folder = new TempFolder();
        var target = Path.Combine(folder.Path, "extracted");

        RulesArchive.Extract(RulesArchive.Create(RepoPaths.Rules), target);

        foreach (var file in Directory.EnumerateFiles(RepoPaths.Rules, "*", SearchOption.AllDirectories))
        {
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(target, Path.GetRelativePath(RepoPaths.Rules, file))));
        }

        var loaded = RuleSetLoader.Load(target);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Errors));
        Assert.Equal(RuleSetLoader.Load(RepoPaths.Rules).RuleSet!.Version, loaded.RuleSet!.Version);
    }

    [Theory]
    [InlineData("../outside.yaml")]
    [InlineData("/etc/outside.yaml")]
    [InlineData("catalog/../../outside.yaml")]
    [InlineData("C:\\\\outside.yaml")]
    [InlineData("")]
    public void An_archive_whose_paths_leave_the_folder_is_refused(string path)
    {
        var archive = Archive(path, "x", Convert.ToHexStringLower(SHA256.HashData("x"u8)));

        var error = Assert.Throws<InvalidDataException>(() => RulesArchive.Read(archive));

        Assert.Contains("路径无效", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_archive_whose_file_does_not_match_its_hash_is_refused()
    {
        var archive = Archive("ruleset.yaml", "changed", Convert.ToHexStringLower(SHA256.HashData("original"u8)));

        var error = Assert.Throws<InvalidDataException>(() => RulesArchive.Read(archive));

        Assert.Contains("与其 SHA-256 不符", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => RulesArchive.Read("not json"u8.ToArray()));
    }

    private static byte[] Archive(string path, string content, string sha) =>
        Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new
        {
            format = RulesArchive.Format,
            files = new[] { new { path, sha256 = sha, content = Convert.ToBase64String(Encoding.UTF8.GetBytes(content)) } },
        }));
}
