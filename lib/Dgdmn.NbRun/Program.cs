using System.Text.Json;
using Dgdmn.NbRun;

// Usage: Dgdmn.NbRun <in.ipynb> [--out executed.ipynb] [--timeout seconds] [--results results.json] [-e NAME=VALUE]...
// Prints one line per cell and "N passed, N failed"; exits 0 when every cell passed, 1 otherwise, 2 on bad usage.
string? input = null, output = null, results = null;
var timeout = TimeSpan.FromMinutes(30);
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    switch (args[i])
    {
        case "--out": output = Next(); break;
        case "--results": results = Next(); break;
        case "--timeout":
            var s = Next();
            if (!double.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
            { Console.Error.WriteLine($"--timeout '{s}' is not a positive number of seconds."); return 2; }
            timeout = TimeSpan.FromSeconds(seconds);
            break;
        case "-e" or "--env":
            var kv = Next();
            var eq = kv.IndexOf('=');
            if (eq <= 0) { Console.Error.WriteLine($"-e '{kv}' must look like NAME=VALUE."); return 2; }
            Environment.SetEnvironmentVariable(kv[..eq], kv[(eq + 1)..]);
            break;
        case "-h" or "--help":
            Console.WriteLine("usage: Dgdmn.NbRun <in.ipynb> [--out executed.ipynb] [--timeout seconds] [--results results.json] [-e NAME=VALUE]...");
            return 0;
        default:
            if (input is not null) { Console.Error.WriteLine($"Unexpected argument '{args[i]}'."); return 2; }
            input = args[i];
            break;
    }
}
if (input is null) { Console.Error.WriteLine("usage: Dgdmn.NbRun <in.ipynb> [--out executed.ipynb] [--timeout seconds] [--results results.json] [-e NAME=VALUE]..."); return 2; }

var result = await NotebookRunner.RunAsync(input, output, timeout, Console.Out);
if (results is not null)
    await File.WriteAllTextAsync(results, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"{Path.GetFileName(input)}: {result.Seconds:F1} s{(result.TimedOut ? " (timed out)" : "")}");
Console.WriteLine($"{result.Passed} passed, {result.Failed} failed");
await Console.Out.FlushAsync();
// A timed-out cell still holds a thread; exiting the process is the only way to stop it.
if (result.TimedOut) Environment.Exit(1);
return result.Succeeded ? 0 : 1;
