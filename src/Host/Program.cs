using System.Text;
using Monitor.Host.Cli;

// GBK/GB2312 pages decode through the code-pages provider (tech-notes); register it once at start-up.
Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
Console.OutputEncoding = Encoding.UTF8;
return await CommandLine.Build(TimeProvider.System, Console.Out, Console.Error).Parse(args).InvokeAsync();
