using System.Diagnostics;
using Dgdmn.IO;

namespace Dgdmn.Reporting;

/// <summary>PNG screenshots of HTML pages with headless Chromium (Debian package <c>chromium</c>).</summary>
internal static class Chromium
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The Chromium executable: <c>DGDMN_CHROMIUM</c>, else the usual install paths, else null.</summary>
    internal static string? Find()
    {
        if (Environment.GetEnvironmentVariable("DGDMN_CHROMIUM") is { Length: > 0 } env)
            return File.Exists(env) ? env : throw new FileNotFoundException($"DGDMN_CHROMIUM='{env}' does not exist; point it at a Chromium or Chrome executable, or unset it.", env);
        string[] names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];
        var dirs = new[] { "/usr/bin" }.Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator));
        return dirs.Where(d => d.Length > 0).SelectMany(d => names.Select(n => Path.Combine(d, n))).FirstOrDefault(File.Exists);
    }

    /// <summary>Renders <paramref name="html"/> at <paramref name="width"/> x <paramref name="height"/> to a PNG at <paramref name="path"/>, atomically.</summary>
    internal static void Screenshot(string html, int width, int height, string path)
    {
        var work = Directory.CreateTempSubdirectory("dgdmn-png-");
        try
        {
            var page = Path.Combine(work.FullName, "chart.html");
            File.WriteAllText(page, html);
            ScreenshotFile(page, width, height, path);
        }
        finally
        {
            try { work.Delete(recursive: true); } catch (IOException) { /* a lingering Chromium helper; temp dir only */ }
        }
    }

    /// <summary>Renders the page <paramref name="htmlFile"/> offline to a PNG at <paramref name="path"/>, atomically.</summary>
    internal static void ScreenshotFile(string htmlFile, int width, int height, string path)
    {
        var work = Directory.CreateTempSubdirectory("dgdmn-png-");
        try
        {
            var tmpPng = Path.Combine(work.FullName, "page.png");   // Chromium picks the image type from the extension
            var (code, _, stderr) = Run(work.FullName, [$"--window-size={width},{height}", $"--screenshot={tmpPng}", new Uri(Path.GetFullPath(htmlFile)).AbsoluteUri], path);
            if (code != 0 || !File.Exists(tmpPng) || new FileInfo(tmpPng).Length == 0)
                throw new InvalidOperationException($"Chromium exited with {code} and wrote no PNG for '{path}': {Tail(stderr)}");
            AtomicFile.WriteAllBytes(path, File.ReadAllBytes(tmpPng));
        }
        finally
        {
            try { work.Delete(recursive: true); } catch (IOException) { /* temp dir only */ }
        }
    }

    /// <summary>The DOM of <paramref name="htmlFile"/> after its scripts ran offline (e.g. to see that charts were drawn).</summary>
    internal static string DumpDom(string htmlFile)
    {
        var work = Directory.CreateTempSubdirectory("dgdmn-dom-");
        try
        {
            var (code, dom, stderr) = Run(work.FullName, ["--virtual-time-budget=10000", "--dump-dom", new Uri(Path.GetFullPath(htmlFile)).AbsoluteUri], htmlFile);
            return code == 0 ? dom : throw new InvalidOperationException($"Chromium exited with {code} reading '{htmlFile}': {Tail(stderr)}");
        }
        finally
        {
            try { work.Delete(recursive: true); } catch (IOException) { /* temp dir only */ }
        }
    }

    // Headless Chromium with the flags from the toolchain notes (R8: no sandbox for root/containers, no GPU, no
    // network chatter) and every request sent to a dead proxy, so a page that needs the network shows it.
    private static (int Code, string Stdout, string Stderr) Run(string work, IEnumerable<string> args, string what)
    {
        var exe = Find() ?? throw new FileNotFoundException(
            "PNG export needs headless Chromium, which was not found (/usr/bin/chromium or PATH). Install it " +
            "(Debian/Ubuntu: sudo apt-get install chromium) or set DGDMN_CHROMIUM to a Chromium/Chrome executable.");
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                     "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                     $"--user-data-dir={Path.Combine(work, "profile")}" }.Concat(args))
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(Timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"Chromium did not finish '{what}' within {Timeout.TotalSeconds:F0} s.");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private static string Tail(string s) => s.Length <= 600 ? s.Trim() : s[^600..].Trim();
}
