// Which code allocates what, from a trace of the runtime's allocation ticks (one event per ~100 KB allocated, with the
// allocating thread's stack). Collect one during the part of a run you care about, then read it here:
//
//   dotnet-trace collect -p PID --providers Microsoft-Windows-DotNETRuntime:0x1:5 -o alloc.nettrace   # Ctrl+C or a timeout to stop
//   dotnet run -c Release --project tests/benchmarks/PushGateway.AllocationStacks -- alloc.nettrace [frames] [rows]
//
// Prints the sampled total, then the share of bytes by the innermost project, driver or framework frame that allocated,
// then by type and call site (that frame and the next [frames] callers, default 3). Shares are of sampled bytes.
using System.Globalization;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

if (args.Length == 0)
{
    Console.Error.WriteLine("usage: PushGateway.AllocationStacks <trace.nettrace> [frames=3] [rows=40]");
    return 2;
}

var frames = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var rows = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 40;
string[] owners = ["PushGateway", "MongoDB.", "Microsoft.AspNetCore", "System.Net.Http", "OpenTelemetry"];

using var log = new TraceLog(TraceLog.CreateFromEventPipeDataFile(args[0]));
var byOwner = new Dictionary<string, double>(StringComparer.Ordinal);
var bySite = new Dictionary<string, double>(StringComparer.Ordinal);
double total = 0;
foreach (var data in log.Events)
{
    if (data is not GCAllocationTickTraceData tick)
    {
        continue;
    }

    var amount = (double)tick.AllocationAmount64;
    total += amount;
    var stack = new List<string>();
    for (var frame = data.CallStack(); frame is not null; frame = frame.Caller)
    {
        var name = frame.CodeAddress.FullMethodName;
        stack.Add(string.IsNullOrEmpty(name) ? frame.CodeAddress.ModuleName + "!?" : name);
    }

    var at = stack.FindIndex(f => owners.Any(o => f.StartsWith(o, StringComparison.Ordinal)));
    var owner = at >= 0 ? stack[at].Split('(')[0] : "(no project, driver or framework frame)";
    byOwner[owner] = byOwner.GetValueOrDefault(owner) + amount;
    var site = tick.TypeName + " @ " + string.Join(" < ", stack.Skip(Math.Max(0, at)).Take(frames).Select(f => f.Split('(')[0]));
    bySite[site] = bySite.GetValueOrDefault(site) + amount;
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sampled allocations: {total / 1e6:F1} MB"));
Print("by innermost owner frame", byOwner);
Print("by type @ call site", bySite);
return 0;

void Print(string title, Dictionary<string, double> shares)
{
    Console.WriteLine("== " + title);
    foreach (var (key, bytes) in shares.OrderByDescending(p => p.Value).Take(rows))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{100 * bytes / total,5:F1}%  {key}"));
    }
}
