// Notebook bootstrap for the DGDMN kit. The first cell of every notebook in notebooks/ is
//     #r "nuget: Microsoft.Data.Analysis, 0.23.1"
//     #load "../lib/Dgdmn/Notebooks/setup.csx"
//     #!csharp
//     #load "../artifacts/kit/current.csx"
//     using Dgdmn; using Dgdmn.Notebooks; using Dgdmn.Reporting; ...
// This script finds the repository and publishes lib/Dgdmn into artifacts/kit/<hash of its sources> unless that
// folder already exists (a published folder: TorchSharp's native libraries sit beside Dgdmn.dll, patched for old
// libstdc++). It then writes artifacts/kit/current.csx, which references that folder's Dgdmn.dll and configures
// libtorch threads (TorchSetup.Configure). "#!csharp" starts a second submission, compiled only after this one
// ran: a #r path must exist when its submission compiles. Usings in a #load-ed file do not reach later cells, so
// the notebook's setup cell lists its own (after the second #load).
// Each source state gets its own immutable folder, so a rebuild never touches DLLs that a running kernel holds.
// Environment: DGDMN_KIT_DIR = use this published folder as is; DGDMN_KIT_CACHE = parent of the hashed folders.
#nullable enable
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

static class DgdmnKitSetup
{
    internal static string Repository()
    {
        for (var d = new DirectoryInfo(Directory.GetCurrentDirectory()); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "lib", "Dgdmn", "Dgdmn.csproj"))) return d.FullName;
        throw new DirectoryNotFoundException(
            $"No DGDMN repository above '{Directory.GetCurrentDirectory()}' (looked for lib/Dgdmn/Dgdmn.csproj). Open the notebook from the repository's notebooks/ folder.");
    }

    // Every input of the published kit: its sources and the repository-wide build files.
    internal static string SourceHash(string repo)
    {
        var files = new List<string>();
        foreach (var project in new[] { "lib/Dgdmn", "lib/Dgdmn.Charts.Plotly" })
        {
            var root = Path.Combine(repo, project);
            if (!Directory.Exists(root)) continue;
            files.AddRange(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Where(f =>
            {
                var rel = Path.GetRelativePath(root, f).Replace('\\', '/');
                return !rel.StartsWith("bin/") && !rel.StartsWith("obj/") && (f.EndsWith(".cs") || f.EndsWith(".csproj") || f.EndsWith(".json"));
            }));
        }
        foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", "NuGet.config", "nuget.config" })
            if (File.Exists(Path.Combine(repo, name))) files.Add(Path.Combine(repo, name));
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var f in files.Select(f => Path.GetRelativePath(repo, f).Replace('\\', '/')).OrderBy(f => f, StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(f + "\0"));
            sha.AppendData(File.ReadAllBytes(Path.Combine(repo, f)));
            sha.AppendData(new byte[] { 0 });
        }
        sha.AppendData(Encoding.UTF8.GetBytes(RuntimeInformation.RuntimeIdentifier));
        return Convert.ToHexString(sha.GetHashAndReset())[..16].ToLowerInvariant();
    }

    /// <summary>The published kit folder for the current sources, publishing it first if needed.</summary>
    internal static (string Folder, string Note) EnsureKit()
    {
        if (Environment.GetEnvironmentVariable("DGDMN_KIT_DIR") is { Length: > 0 } fixedDir)
            return File.Exists(Path.Combine(fixedDir, "Dgdmn.dll")) ? (Path.GetFullPath(fixedDir), "DGDMN_KIT_DIR")
                : throw new FileNotFoundException($"DGDMN_KIT_DIR='{fixedDir}' has no Dgdmn.dll; publish the kit there or unset it.");
        var repo = Repository();
        var cache = Environment.GetEnvironmentVariable("DGDMN_KIT_CACHE") is { Length: > 0 } c ? Path.GetFullPath(c) : Path.Combine(repo, "artifacts", "kit");
        var hash = SourceHash(repo);
        var folder = Path.Combine(cache, hash);
        if (IsComplete(folder)) return (folder, "cached");
        Directory.CreateDirectory(cache);
        using var gate = Lock(Path.Combine(cache, ".lock"));   // one publisher at a time; others wait, then reuse
        if (IsComplete(folder)) return (folder, "cached");
        var sw = Stopwatch.StartNew();
        var staging = Path.Combine(cache, $"{hash}.tmp-{Environment.ProcessId}");
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        // Said before it starts: the first run on a source state builds for a minute or more with no other output.
        Console.WriteLine($"DGDMN kit: building lib/Dgdmn for this source state into {folder} (first run only; about 1-3 minutes on a laptop CPU) ...");
        Run(Dotnet(), "publish", Path.Combine(repo, "lib", "Dgdmn", "Dgdmn.csproj"), "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier,
            "--self-contained", "false", "-o", staging, "-nologo", "-v", "quiet");
        File.WriteAllText(Path.Combine(staging, ".complete"), DateTime.UtcNow.ToString("O"));
        Directory.Move(staging, folder);
        Prune(cache, keep: folder);
        return (folder, $"published in {sw.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>Writes artifacts/kit/current.csx: the #r of <paramref name="folder"/> and the thread setup.</summary>
    internal static void WriteLoader(string folder)
    {
        var dll = Path.Combine(folder, "Dgdmn.dll").Replace("\\", "/");
        var text = "// Written by lib/Dgdmn/Notebooks/setup.csx; do not edit.\n" +
                   $"#r \"{dll}\"\n" +
                   "Dgdmn.TorchSetup.Configure();\n";
        var path = Path.Combine(Repository(), "artifacts", "kit", "current.csx");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var tmp = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(tmp, text);
        File.Move(tmp, path, overwrite: true);
    }

    private static bool IsComplete(string folder) => File.Exists(Path.Combine(folder, ".complete")) && File.Exists(Path.Combine(folder, "Dgdmn.dll"));

    private static FileStream Lock(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(15);
        while (true)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (DateTime.UtcNow < deadline) { Thread.Sleep(500); }
        }
    }

    // Keeps the newest two kits (a running kernel may still use the previous one); on Linux deleting files that a
    // process has mapped is safe, elsewhere a locked folder is simply left for next time.
    private static void Prune(string cache, string keep)
    {
        var old = new DirectoryInfo(cache).GetDirectories()
            .Where(d => d.FullName != keep && (File.Exists(Path.Combine(d.FullName, ".complete")) || d.Name.Contains(".tmp-")))
            .OrderByDescending(d => d.LastWriteTimeUtc).Skip(1);
        foreach (var d in old)
            try { d.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    // The dotnet that runs this kernel (same SDK the notebook uses), else the one on PATH.
    private static string Dotnet()
    {
        var host = Environment.ProcessPath;
        return host is not null && Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? host : "dotnet";
    }

    private static void Run(string exe, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {exe}.");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            var log = (stdout.Result + "\n" + stderr.Result).Trim();
            throw new InvalidOperationException($"Building the kit failed ({exe} {string.Join(' ', args)} exited with {p.ExitCode}):\n" + (log.Length > 4000 ? log[^4000..] : log));
        }
    }
}

var (dgdmnKitFolder, dgdmnKitNote) = DgdmnKitSetup.EnsureKit();
DgdmnKitSetup.WriteLoader(dgdmnKitFolder);
Console.WriteLine($"DGDMN kit: {dgdmnKitFolder} ({dgdmnKitNote})");
