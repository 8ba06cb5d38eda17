using System.Globalization;
using System.Runtime.InteropServices;
using Monitor.Alerting.Bench;

// Usage: dotnet run --project bench/Alerting.Bench -c Release -- route|smtp [N]
//   route [N]  plan N subjects (default 10,000) of 200 units into messages with the real policy and calendar
//   smtp [N]   send N rendered alert mails (default 2,000) through EmailChannel into an in-process SMTP server
// A bare number (or nothing) runs the routing mode, as the bench did before it had modes.
var mode = args.Length > 0 && !char.IsAsciiDigit(args[0][0]) ? args[0] : "route";
var countArg = args.Length > 0 && char.IsAsciiDigit(args[0][0]) ? args[0] : args.Length > 1 ? args[1] : null;
int? count = countArg is null ? null : int.Parse(countArg, NumberStyles.None, CultureInfo.InvariantCulture);
if (count is <= 0)
{
    Console.Error.WriteLine("N 必须为正整数。");
    return 2;
}

// The figures mean little without the machine: print it with them.
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}"));
switch (mode)
{
    case "route":
        RouteBench.Run(count ?? 10_000);
        return 0;
    case "smtp":
        return await SmtpBench.RunAsync(count ?? 2_000);
    default:
        Console.Error.WriteLine($"未知模式：{mode}。用法：route|smtp [N]");
        return 2;
}
