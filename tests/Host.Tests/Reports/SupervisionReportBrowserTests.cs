using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Monitor.Host.Reports;
using Monitor.Host.Tests.Scanning;
using Monitor.Host.Tests.Support;

namespace Monitor.Host.Tests.Reports;

/// <summary>
/// The supervision report in the real headless Chromium (/usr/bin/chromium), opened from a file with JavaScript off and
/// every request but the document itself aborted and counted: it must fetch nothing, log no error, draw its Chinese
/// title with a real CJK font (asked of the browser over CDP, not guessed from a screenshot), produce a non-blank
/// full-page screenshot and print to A4 PDF. Guards against a report that only looks right as a string.
/// Set SUPERVISION_REPORT_KEEP to a folder to keep the HTML, PNG and PDF for a look by eye.
/// </summary>
public sealed class SupervisionReportBrowserTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private static readonly float WaitMs = (float)Wait.TotalMilliseconds;

    private static readonly string[] Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-extensions",
    ];

    [ChromiumFact]
    public async Task Renders_offline_without_errors_with_cjk_glyphs_a_real_screenshot_and_an_a4_pdf()
    {
        using var temp = new TempFolder();
        var html = SupervisionReport.Render(SupervisionSamples.Frozen(extraFindings: 80), SupervisionSamples.EarlierPeriods, new Uri("http://127.0.0.1:8480/"));
        var file = Path.Combine(temp.Path, "supervision-report.html");
        await File.WriteAllTextAsync(file, html, new UTF8Encoding(false));
        var documentUrl = new Uri(file).AbsoluteUri;

        using var playwright = await Playwright.CreateAsync().WaitAsync(Wait);
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.Path,
            Headless = true,
            Args = Args,
            Timeout = WaitMs,
        });
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = false,
            ServiceWorkers = ServiceWorkerPolicy.Block,
            Locale = "zh-CN",
            ViewportSize = new ViewportSize { Width = 1200, Height = 900 },
        }).WaitAsync(Wait);
        context.SetDefaultTimeout(WaitMs);

        var requests = new ConcurrentQueue<string>();
        var aborted = new ConcurrentQueue<string>();
        var errors = new ConcurrentQueue<string>();
        context.Request += (_, r) => requests.Enqueue(r.Url);
        await context.RouteAsync("**/*", route =>
        {
            if (route.Request.Url == documentUrl)
                return route.ContinueAsync();
            aborted.Enqueue(route.Request.Url);
            return route.AbortAsync("blockedbyclient");
        }).WaitAsync(Wait);

        var page = await context.NewPageAsync().WaitAsync(Wait);
        page.Console += (_, m) =>
        {
            if (m.Type is "error" or "warning")
                errors.Enqueue($"console {m.Type}: {m.Text}");
        };
        page.PageError += (_, e) => errors.Enqueue("page error: " + e);
        page.RequestFailed += (_, r) => errors.Enqueue("request failed: " + r.Url);

        var response = await page.GotoAsync(documentUrl, new PageGotoOptions { WaitUntil = WaitUntilState.Load, Timeout = WaitMs });
        Assert.True(response is null || response.Ok);
        Assert.Equal(SupervisionSamples.Frozen().Site.Name + "政务公开督查报告（2026-Q4：2026年10月1日至2026年12月31日）", await page.TitleAsync().WaitAsync(Wait));

        // Chinese glyphs: ask the renderer which platform font drew the title.
        var cdp = await context.NewCDPSessionAsync(page).WaitAsync(Wait);
        await cdp.SendAsync("DOM.enable").WaitAsync(Wait);
        await cdp.SendAsync("CSS.enable").WaitAsync(Wait);
        var root = (await cdp.SendAsync("DOM.getDocument", new Dictionary<string, object> { ["depth"] = 1 }).WaitAsync(Wait))!.Value;
        var title = (await cdp.SendAsync("DOM.querySelector", new Dictionary<string, object>
        {
            ["nodeId"] = root.GetProperty("root").GetProperty("nodeId").GetInt32(),
            ["selector"] = "h1#report-title",
        }).WaitAsync(Wait))!.Value.GetProperty("nodeId").GetInt32();
        Assert.NotEqual(0, title);
        var fonts = (await cdp.SendAsync("CSS.getPlatformFontsForNode", new Dictionary<string, object> { ["nodeId"] = title }).WaitAsync(Wait))!.Value
            .GetProperty("fonts").EnumerateArray()
            .Select(f => (Family: f.GetProperty("familyName").GetString() ?? "", Glyphs: f.GetProperty("glyphCount").GetInt32()))
            .ToList();
        Assert.Contains(fonts, f => IsCjkFont(f.Family) && f.Glyphs > 0);
        var cjkGlyphs = fonts.Where(f => IsCjkFont(f.Family)).Sum(f => f.Glyphs);
        Assert.True(cjkGlyphs >= 20, $"the title's Chinese characters drawn with a CJK font: {string.Join(", ", fonts)}");

        // Full-page screenshot: a PNG of plausible size that is not one flat colour.
        var png = Path.Combine(temp.Path, "supervision-report.png");
        var shot = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true, Path = png, Timeout = WaitMs });
        Assert.True(File.Exists(png));
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, shot[..8]);
        var (width, height) = PngSize(shot);
        Assert.Equal(1200, width);
        Assert.True(height > 2000, $"a long report is taller than the viewport: {height}px");
        Assert.True(shot.Length > 50_000, $"PNG of {shot.Length} bytes is too small for a rendered report");
        var colours = await DistinctColoursAsync(browser, shot);
        Assert.True(colours.Count >= 8, $"screenshot has only {colours.Count} colours");
        Assert.Contains(colours, c => Near(c, SvgCharts.Green));
        Assert.Contains(colours, c => Near(c, SvgCharts.Red));

        // Print: A4 PDF, several pages for a long report.
        var pdf = await page.PdfAsync(new PagePdfOptions { Format = "A4", PrintBackground = true }).WaitAsync(Wait);
        Keep(png, pdf);

        // Print layout at the A4 text width (210 mm − 2 × 15 mm = 180 mm = 680 CSS px): nothing wider than the page.
        await page.SetViewportSizeAsync(680, 1000).WaitAsync(Wait);
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print }).WaitAsync(Wait);
        var metrics = (await cdp.SendAsync("Page.getLayoutMetrics").WaitAsync(Wait))!.Value;
        var printWidth = metrics.GetProperty("cssContentSize").GetProperty("width").GetDouble();
        Assert.True(printWidth <= 680, $"the printed report is {printWidth}px wide, wider than A4's 680px text width");
        Assert.Equal("%PDF", Encoding.ASCII.GetString(pdf, 0, 4));
        var pages = Regex.Matches(Encoding.Latin1.GetString(pdf), @"/Type\s*/Page(?![a-zA-Z])").Count;
        Assert.True(pages > 1, $"a report with 87 findings prints on more than one page ({pages})");
        // A4 is 595.28 × 841.89 pt; Chromium sizes the page in whole CSS pixels (595.92 × 842.88 pt on our machines).
        Assert.Matches(@"/MediaBox\s*\[\s*0\s+0\s+59[56](\.\d+)?\s+84[123](\.\d+)?\s*\]", Encoding.Latin1.GetString(pdf));

        Assert.Empty(errors);
        Assert.Empty(aborted);
        Assert.All(requests, r => Assert.Equal(documentUrl, r));
    }

    private static bool IsCjkFont(string family) =>
        family.Contains("WenQuanYi", StringComparison.OrdinalIgnoreCase)
        || family.Contains("Noto Sans CJK", StringComparison.OrdinalIgnoreCase)
        || family.Contains("Noto Serif CJK", StringComparison.OrdinalIgnoreCase)
        || family.Contains("Microsoft YaHei", StringComparison.OrdinalIgnoreCase)
        || family.Contains("PingFang", StringComparison.OrdinalIgnoreCase)
        || family.Contains("文泉", StringComparison.Ordinal);

    /// <summary>Width and height from the PNG's IHDR chunk (big-endian, right after the signature and chunk header).</summary>
    private static (int Width, int Height) PngSize(byte[] png) =>
        ((png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19], (png[20] << 24) | (png[21] << 16) | (png[22] << 8) | png[23]);

    /// <summary>
    /// The distinct opaque colours of the screenshot (sampled every few pixels), decoded by the browser's own PNG decoder in
    /// a separate context with script enabled (the report's context stays without script).
    /// </summary>
    private static async Task<List<int>> DistinctColoursAsync(IBrowser browser, byte[] png)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = true }).WaitAsync(Wait);
        var page = await context.NewPageAsync().WaitAsync(Wait);
        var result = await page.EvaluateAsync<JsonElement>(
            """
            async (b64) => {
              const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
              const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
              const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
              const ctx = canvas.getContext('2d');
              ctx.drawImage(bitmap, 0, 0);
              const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
              const seen = new Set();
              for (let i = 0; i < data.length; i += 4 * 3) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
              return Array.from(seen).slice(0, 5000);
            }
            """,
            Convert.ToBase64String(png)).WaitAsync(Wait);
        return [.. result.EnumerateArray().Select(e => e.GetInt32())];
    }

    private static bool Near(int rgb, string hex)
    {
        var target = Convert.ToInt32(hex[1..], 16);
        static int Channel(int c, int shift) => (c >> shift) & 0xFF;
        return Enumerable.Range(0, 3).All(i => Math.Abs(Channel(rgb, i * 8) - Channel(target, i * 8)) <= 6);
    }

    private static void Keep(string png, byte[] pdf)
    {
        var keep = Environment.GetEnvironmentVariable("SUPERVISION_REPORT_KEEP");
        if (string.IsNullOrWhiteSpace(keep))
            return;
        Directory.CreateDirectory(keep);
        File.Copy(png, Path.Combine(keep, "supervision-report.png"), overwrite: true);
        File.Copy(Path.ChangeExtension(png, ".html"), Path.Combine(keep, "supervision-report.html"), overwrite: true);
        File.WriteAllBytes(Path.Combine(keep, "supervision-report.pdf"), pdf);
    }
}
