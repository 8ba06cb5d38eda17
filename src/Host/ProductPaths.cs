namespace Monitor.Host;

/// <summary>
/// Finds the product's own folders (rules/, config/sample/). A folder in the working directory wins, so an
/// operator can edit rules in place; otherwise the copy shipped beside the executable is used.
/// </summary>
internal static class ProductPaths
{
    public static string Rules => Find("rules");

    public static string SampleConfig => Find(Path.Combine("config", "sample"));

    private static string Find(string relative)
    {
        var local = Path.GetFullPath(relative);
        if (Directory.Exists(local))
        {
            return local;
        }

        var shipped = Path.Combine(AppContext.BaseDirectory, relative);
        return Directory.Exists(shipped) ? shipped : local;
    }
}
