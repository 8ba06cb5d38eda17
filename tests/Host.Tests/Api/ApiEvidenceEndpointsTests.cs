using System.Net;
using System.Security.Cryptography;
using Monitor.Crawler.Evidence;
using Monitor.Host.Api;
using Monitor.Host.Store;

namespace Monitor.Host.Tests.Api;

/// <summary>
/// Guards that crawled pages never render on the API's origin: evidence comes back as the exact stored bytes (hashing to
/// their SHA-256), always as an octet-stream attachment with nosniff and a sandbox CSP, never as text/html; and its WARC
/// form parses with the response record's payload digest equal to that SHA-256.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ApiEvidenceEndpointsTests(ApiTestHost api)
{
    /// <summary>The evidence of an article page (an HTML capture).</summary>
    private string HtmlEvidence()
    {
        using var store = MonitorStore.Open(api.StorePath);
        var key = store.ApiDocuments("tzgg", 0, 1)[0].DocKey;
        var sha = store.ApiDocumentVersions([key], withBody: false)[0].EvidenceSha256!;
        var capture = store.ApiEvidenceCaptures(sha)[0];
        Assert.Contains(capture.Headers, h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) && h.Value.Contains("html", StringComparison.OrdinalIgnoreCase));
        return sha;
    }

    [Fact]
    public async Task Evidence_bytes_hash_to_their_sha256_and_are_never_served_as_html()
    {
        var sha = HtmlEvidence();

        using var response = await api.Client.GetAsync("/api/v1/evidence/" + sha);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(sha, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(api.EvidenceDirectory, "objects", sha[..2], sha)), bytes);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("sandbox", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Contains("html", Assert.Single(response.Headers.GetValues("X-Evidence-Content-Type")), StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("http://127.0.0.1:", Assert.Single(response.Headers.GetValues("X-Evidence-Url")), StringComparison.Ordinal);
        Assert.Equal("200", Assert.Single(response.Headers.GetValues("X-Evidence-Status")));
        Assert.NotEmpty(response.Headers.GetValues("X-Evidence-Fetched-At"));
        Assert.Equal("\"" + sha + "\"", response.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task The_prefixed_and_upper_case_forms_of_a_digest_find_the_same_evidence_and_revalidate_to_304()
    {
        var sha = HtmlEvidence();

        using var upper = await api.Client.GetAsync("/api/v1/evidence/sha256:" + sha.ToUpperInvariant());
        Assert.Equal(HttpStatusCode.OK, upper.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/evidence/" + sha);
        request.Headers.TryAddWithoutValidation("If-None-Match", "\"" + sha + "\"");
        using var again = await api.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
    }

    [Fact]
    public async Task The_warc_form_parses_and_its_response_record_carries_the_same_digest_and_bytes()
    {
        var sha = HtmlEvidence();

        using var response = await api.Client.GetAsync($"/api/v1/evidence/{sha}/warc");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/warc", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".warc.gz", response.Content.Headers.ContentDisposition!.FileName!.Trim('"'), StringComparison.Ordinal);
        var read = WarcReader.Read(bytes);
        Assert.False(read.TruncatedTail);
        Assert.Equal("warcinfo", read.Records[0].Type);
        var record = read.Records.First(r => r.Type == "response");
        Assert.Equal(sha, WarcDigest.ToHex(record.Header("WARC-Payload-Digest")));
        Assert.Equal(sha, Convert.ToHexStringLower(SHA256.HashData(record.Payload)));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("zz4f1b3c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70819")]
    public async Task A_malformed_digest_is_400(string sha)
    {
        using var raw = await api.Client.GetAsync("/api/v1/evidence/" + sha);
        using var warc = await api.Client.GetAsync($"/api/v1/evidence/{sha}/warc");

        Assert.Equal(HttpStatusCode.BadRequest, raw.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, warc.StatusCode);
        Assert.Equal("application/problem+json", raw.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_unknown_digest_is_404()
    {
        var sha = new string('0', 64);

        using var raw = await api.Client.GetAsync("/api/v1/evidence/" + sha);
        using var warc = await api.Client.GetAsync($"/api/v1/evidence/{sha}/warc");

        Assert.Equal(HttpStatusCode.NotFound, raw.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, warc.StatusCode);
    }

    [Fact]
    public async Task Evidence_needs_the_evidence_scope()
    {
        using var response = await api.ClientWith([ApiScope.Scores, ApiScope.Findings]).GetAsync("/api/v1/evidence/" + HtmlEvidence());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
