using System.Text;
using Monitor.Host.Cli;
using Monitor.Host.Logging;
using Serilog;

// GBK/GB2312 pages decode through the code-pages provider (tech-notes); register it once at start-up.
Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
Console.OutputEncoding = Encoding.UTF8;
// Until a command loads a deployment (and its logging: section), warnings and errors go to standard error.
Log.Logger = LogPipeline.Bootstrap();
try
{
    return await CommandLine.Build(TimeProvider.System, Console.Out, Console.Error).Parse(args).InvokeAsync();
}
finally
{
    await Log.CloseAndFlushAsync();
}
