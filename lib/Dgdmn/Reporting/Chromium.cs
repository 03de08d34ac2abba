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
        using var work = new TempFolder("dgdmn-png-");
        var page = work.File("chart.html");
        File.WriteAllText(page, html);
        ScreenshotFile(page, width, height, path);
    }

    /// <summary>Renders the page <paramref name="htmlFile"/> offline to a PNG at <paramref name="path"/>, atomically.</summary>
    internal static void ScreenshotFile(string htmlFile, int width, int height, string path)
    {
        using var work = new TempFolder("dgdmn-png-");
        var tmpPng = work.File("page.png");   // Chromium picks the image type from the extension
        var run = Run(work, [$"--window-size={width},{height}", $"--screenshot={tmpPng}", new Uri(Path.GetFullPath(htmlFile)).AbsoluteUri], $"the screenshot of '{path}'");
        if (run.Code != 0 || !File.Exists(tmpPng) || new FileInfo(tmpPng).Length == 0)
            throw new InvalidOperationException($"Chromium exited with {run.Code} and wrote no PNG for '{path}': {run.ErrorTail}");
        AtomicFile.WriteAllBytes(path, File.ReadAllBytes(tmpPng));
    }

    /// <summary>The DOM of <paramref name="htmlFile"/> after its scripts ran offline (e.g. to see that charts were drawn).</summary>
    internal static string DumpDom(string htmlFile)
    {
        using var work = new TempFolder("dgdmn-dom-");
        var run = Run(work, ["--virtual-time-budget=10000", "--dump-dom", new Uri(Path.GetFullPath(htmlFile)).AbsoluteUri], $"reading '{htmlFile}'");
        return run.Code == 0 ? run.Stdout : throw new InvalidOperationException($"Chromium exited with {run.Code} reading '{htmlFile}': {run.ErrorTail}");
    }

    // Headless Chromium with the flags from the toolchain notes (R8: no sandbox for root/containers, no GPU, no
    // network chatter) and every request sent to a dead proxy, so a page that needs the network shows it.
    private static ToolProcess.Result Run(TempFolder work, IEnumerable<string> args, string what)
    {
        var exe = Find() ?? throw new FileNotFoundException(
            "PNG export needs headless Chromium, which was not found (/usr/bin/chromium or PATH). Install it " +
            "(Debian/Ubuntu: sudo apt-get install chromium) or set DGDMN_CHROMIUM to a Chromium/Chrome executable.");
        string[] flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
            "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>", $"--user-data-dir={work.File("profile")}"];
        return ToolProcess.Run(exe, flags.Concat(args), Timeout, what);
    }
}
