using Monitor.Host.Configuration;
using Monitor.Host.Store;
using Monitor.Host.Tests.Support;

namespace Monitor.Host.Tests.Configuration;

/// <summary>
/// The <c>store:</c> section and the cluster keys of <c>serve:</c>: defaults, every key binds, a password never sits in the
/// file, bad values and unknown keys stop loading with file, line and key; store locations parse and never print a password.
/// </summary>
public sealed class StoreConfigTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public StoreConfigTests()
    {
        foreach (var file in Directory.GetFiles(RepoPaths.SampleConfig))
            File.Copy(file, Path.Combine(_folder.Path, Path.GetFileName(file)));
    }

    public void Dispose() => _folder.Dispose();

    private void AppendDeployment(string yaml) =>
        File.AppendAllText(Path.Combine(_folder.Path, "deployment.yaml"), "\n" + yaml.Replace("\r\n", "\n", StringComparison.Ordinal));

    [Fact]
    public void Without_a_store_section_the_state_folder_holds_a_sqlite_file_and_the_evidence()
    {
        var deployment = DeploymentLoader.Load(_folder.Path);
        var state = Path.Combine(_folder.Path, "state");

        Assert.False(deployment.Store.IsShared);
        Assert.Equal(StoreLocation.Sqlite(Path.Combine(state, "monitor.db")), deployment.Store.Location(state));
        Assert.Equal(Path.Combine(state, "evidence"), deployment.Store.EvidenceDirectory(state));
        Assert.Null(deployment.Serve.InstanceId);
        Assert.Equal(TimeSpan.FromSeconds(15), deployment.Serve.ClusterCheckinInterval);
    }

    [Fact]
    public void Every_key_binds_and_the_password_comes_from_the_environment()
    {
        var variable = "MONITOR_TEST_PG_PASSWORD_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Environment.SetEnvironmentVariable(variable, "s3cret;=x");
        try
        {
            AppendDeployment($"""
                store:
                  postgres: "Host=db.example.gov.cn;Port=5433;Database=monitor;Username=monitor"
                  passwordEnv: {variable}
                  evidencePath: /srv/monitor/evidence
                serve:
                  instanceId: node-2
                  clusterCheckinInterval: 5s
                """);

            var deployment = DeploymentLoader.Load(_folder.Path);
            var location = deployment.Store.Location("/var/lib/monitor");

            Assert.True(deployment.Store.IsShared);
            Assert.Equal(StoreKind.Postgres, location.Kind);
            Assert.Equal("s3cret;=x", new Npgsql.NpgsqlConnectionStringBuilder(location.Target).Password);
            Assert.Equal("db.example.gov.cn", new Npgsql.NpgsqlConnectionStringBuilder(location.Target).Host);
            Assert.DoesNotContain("s3cret", location.ToString(), StringComparison.Ordinal);
            Assert.Contains(deployment.Secrets, s => s?.Reveal() == "s3cret;=x");
            Assert.Equal("/srv/monitor/evidence", deployment.Store.EvidenceDirectory("/var/lib/monitor"));
            Assert.Equal("node-2", deployment.Serve.InstanceId);
            Assert.Equal(TimeSpan.FromSeconds(5), deployment.Serve.ClusterCheckinInterval);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Theory]
    [InlineData("store:\n  postgres: \"Host=db;Password=plain\"\n", "store.postgres")]
    [InlineData("store:\n  postgres: \"Hots=db;;x\"\n", "store.postgres")]
    [InlineData("store:\n  postgres: \"Host=db\"\n  passwordEnv: MONITOR_TEST_UNSET_VARIABLE_X\n", "store.passwordEnv")]
    [InlineData("store:\n  postgress: \"Host=db\"\n", "store.postgress")]
    [InlineData("serve:\n  instanceId: node-1\n", "serve.instanceId")]
    [InlineData("serve:\n  clusterCheckinInterval: 0s\n", "serve.clusterCheckinInterval")]
    public void A_bad_value_or_unknown_key_stops_loading_with_file_line_and_key(string yaml, string key)
    {
        AppendDeployment(yaml);

        var error = Assert.Single(Assert.Throws<ConfigException>(() => DeploymentLoader.Load(_folder.Path)).Errors);

        Assert.EndsWith("deployment.yaml", error.File, StringComparison.Ordinal);
        Assert.True(error.Line > 1);
        Assert.Equal(key, error.Key);
    }

    [Theory]
    [InlineData("postgres:Host=db;Database=monitor", "Postgres")]
    [InlineData("postgresql:Host=db;Database=monitor", "Postgres")]
    [InlineData("sqlite:/var/lib/monitor/monitor.db", "Sqlite")]
    [InlineData("/var/lib/monitor/monitor.db", "Sqlite")]
    public void Store_locations_parse_by_their_prefix(string text, string kind) => Assert.Equal(kind, StoreLocation.Parse(text).Kind.ToString());

    [Theory]
    [InlineData("postgres:Hots=db;;")]
    [InlineData("sqlite:")]
    public void A_malformed_store_location_is_refused_in_chinese(string text)
    {
        var error = Assert.Throws<FormatException>(() => StoreLocation.Parse(text));
        Assert.Matches("[\u4e00-\u9fff]", error.Message);
    }

    [Fact]
    public void A_location_prints_without_its_password()
    {
        var location = StoreLocation.Parse("postgres:Host=db;Database=monitor;Username=monitor;Password=hunter2");

        Assert.DoesNotContain("hunter2", location.ToString(), StringComparison.Ordinal);
        Assert.Contains("Password=***", location.ToString(), StringComparison.Ordinal);
        Assert.Contains("hunter2", location.Target, StringComparison.Ordinal);
    }
}
