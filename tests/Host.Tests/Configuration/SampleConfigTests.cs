using Monitor.Host.Configuration;
using Monitor.Host.Tests.Support;
using Monitor.RuleEngine.Evaluation;
using Monitor.RuleEngine.Loading;
using Monitor.SamplePortal;

namespace Monitor.Host.Tests.Configuration;

/// <summary><c>config/sample</c> must describe exactly the portal the generator serves, with items the catalog knows.</summary>
public sealed class SampleConfigTests
{
    [Fact]
    public void Sample_config_describes_every_source_of_the_sample_portal()
    {
        var deployment = DeploymentLoader.Load(RepoPaths.SampleConfig);
        var portal = PortalGenerator.Generate(new PortalOptions { AsOf = DemoHarness.AsOf });

        Assert.Equal(portal.Sources.Select(s => s.Id).Order(), deployment.Sources.Select(s => s.Id).Order());
        foreach (var expected in portal.Sources)
        {
            var source = deployment.Sources.Single(s => s.Id == expected.Id);
            Assert.Equal(expected.Path, source.RawUrl);
            Assert.Equal(expected.DepartmentId, source.DepartmentId);
            Assert.Equal(expected.ColumnType, source.ColumnType);
            Assert.Equal(expected.Family == "homepage" ? SourceKind.Homepage : SourceKind.Column, source.Kind);
            Assert.Equal(expected.ExpectedItemIds.Order(), source.ItemIds.Order());
        }
    }

    [Fact]
    public void Every_item_the_sample_config_expects_is_in_the_catalog()
    {
        var deployment = DeploymentLoader.Load(RepoPaths.SampleConfig);
        var rules = RuleSetLoader.Load(RepoPaths.Rules);
        Assert.Empty(rules.Errors);
        var known = rules.RuleSet!.Items.Select(i => i.Id).ToHashSet();
        foreach (var item in deployment.Sources.SelectMany(s => s.ItemIds))
        {
            Assert.Contains(item, known);
        }
    }

    [Fact]
    public void Departments_of_the_sample_are_the_seed_lead_departments_and_a_town()
    {
        var deployment = DeploymentLoader.Load(RepoPaths.SampleConfig);
        Assert.Equal("szfb", deployment.SupervisionOfficeId);
        Assert.Contains(deployment.Departments, d => d.Kind == DepartmentKind.Town);
        Assert.All(deployment.Departments, d => Assert.NotEmpty(d.Contacts));
    }

    [Fact]
    public void An_unknown_key_is_an_error_with_file_line_and_key_not_silently_dropped()
    {
        using var folder = new TempFolder();
        foreach (var file in Directory.GetFiles(RepoPaths.SampleConfig))
        {
            File.Copy(file, Path.Combine(folder.Path, Path.GetFileName(file)));
        }

        var path = Path.Combine(folder.Path, "deployment.yaml");
        File.WriteAllText(path, File.ReadAllText(path).Replace("  perHostConcurrency: 2", "  perHostConcurency: 2", StringComparison.Ordinal));

        var error = Assert.Throws<ConfigException>(() => DeploymentLoader.Load(folder.Path));
        var item = Assert.Single(error.Errors);
        Assert.Equal("crawler.perHostConcurency", item.Key);
        Assert.EndsWith("deployment.yaml", item.File);
        Assert.True(item.Line > 1);
    }
}
