using System.Globalization;
using Monitor.Crawl.Bench;

// Usage (bench/crawl.sh runs the lot):
//   static  --news N [--concurrency 8] [--wrk-seconds 10] --monitor PATH/monitor.dll [--config config/sample] [--rules rules]
//           wrk ceiling of the sample portal, then `monitor scan` twice into one state folder (see StaticBench)
//   browser [--runs 60] [--pages 1,3] [--chromium /usr/bin/chromium]
//           ChromiumRenderer on the portal's script-built column (see BrowserBench)
//   serve-portal --news N [--paths FILE]
//           the sample portal alone (the child process of the two modes above; see PortalServe)
// Every mode takes --as-of yyyy-MM-dd (default 2026-12-01). Figures are printed; nothing is asserted.
if (args.Length == 0)
{
    Console.Error.WriteLine("用法：static|browser|serve-portal [选项]（见 bench/README.md）");
    return 2;
}

var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 1; i < args.Length; i += 2)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
    {
        Console.Error.WriteLine($"参数有误：{args[i]}");
        return 2;
    }

    options[args[i][2..]] = args[i + 1];
}

string Get(string key, string fallback) => options.GetValueOrDefault(key, fallback);
int Int(string key, int fallback) => int.Parse(Get(key, fallback.ToString(CultureInfo.InvariantCulture)), NumberStyles.None, CultureInfo.InvariantCulture);
var asOf = DateOnly.ParseExact(Get("as-of", "2026-12-01"), "yyyy-MM-dd", CultureInfo.InvariantCulture);

switch (args[0])
{
    case "serve-portal":
        return await PortalServe.RunAsync(Int("news", 40), asOf, options.GetValueOrDefault("paths"));
    case "static":
        Console.WriteLine(Machine.Describe());
        if (!options.TryGetValue("monitor", out var monitor) || !File.Exists(monitor))
        {
            Console.Error.WriteLine("static 需要 --monitor 指向 Release 构建的 monitor.dll");
            return 2;
        }

        return await StaticBench.RunAsync(new StaticRequest(
            Int("news", 40), asOf, Path.GetFullPath(monitor), Path.GetFullPath(Get("config", "config/sample")),
            Path.GetFullPath(Get("rules", "rules")), Int("concurrency", 8), Int("wrk-seconds", 10)));
    case "browser":
        Console.WriteLine(Machine.Describe());
        var limits = Get("pages", "1,3").Split(',').Select(p => int.Parse(p, NumberStyles.None, CultureInfo.InvariantCulture)).ToList();
        return await BrowserBench.RunAsync(Int("runs", 60), limits, asOf, Get("chromium", "/usr/bin/chromium"));
    default:
        Console.Error.WriteLine($"未知模式：{args[0]}。用法：static|browser|serve-portal");
        return 2;
}
