namespace Monitor.Host.Api;

/// <summary>
/// The API's addresses as users follow them from exports and reports (built on <see cref="ApiOptions.LinkBase"/>), so the
/// endpoints, the workbook's evidence links and the report's links agree.
/// </summary>
internal static class ApiLinks
{
    /// <summary>The path prefix of every endpoint.</summary>
    public const string Prefix = "/api/v1";

    /// <summary>The raw bytes of one piece of evidence (<c>sha256:…</c> or bare hex accepted).</summary>
    public static Uri Evidence(Uri linkBase, string sha256) => new(linkBase, $"{Prefix}/evidence/{Bare(sha256)}");

    /// <summary>The same evidence as a WARC file.</summary>
    public static Uri EvidenceWarc(Uri linkBase, string sha256) => new(linkBase, $"{Prefix}/evidence/{Bare(sha256)}/warc");

    /// <summary>One finding.</summary>
    public static Uri Finding(Uri linkBase, string findingId) => new(linkBase, $"{Prefix}/findings/{Uri.EscapeDataString(findingId)}");

    /// <summary>The hex digest without its <c>sha256:</c> prefix.</summary>
    public static string Bare(string sha256) =>
        sha256.StartsWith("sha256:", StringComparison.Ordinal) ? sha256["sha256:".Length..] : sha256;
}
