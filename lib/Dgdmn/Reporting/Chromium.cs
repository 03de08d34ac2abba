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
        var exe = Find() ?? throw new FileNotFoundException(
            "PNG export needs headless Chromium, which was not found (/usr/bin/chromium or PATH). Install it " +
            "(Debian/Ubuntu: sudo apt-get install chromium) or set DGDMN_CHROMIUM to a Chromium/Chrome executable.");
        var work = Directory.CreateTempSubdirectory("dgdmn-png-");
        try
        {
            var page = Path.Combine(work.FullName, "chart.html");
            File.WriteAllText(page, html);
            var tmpPng = Path.Combine(work.FullName, "chart.png");   // Chromium picks the image type from the extension
            var psi = new ProcessStartInfo(exe)
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            // Flags from the toolchain notes (R8): no sandbox (root/containers), no GPU, no network chatter.
            foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                         $"--user-data-dir={Path.Combine(work.FullName, "profile")}", $"--window-size={width},{height}",
                         $"--screenshot={tmpPng}", new Uri(page).AbsoluteUri })
                psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            _ = p.StandardOutput.ReadToEndAsync();
            if (!p.WaitForExit(Timeout))
            {
                p.Kill(entireProcessTree: true);
                throw new TimeoutException($"Chromium did not finish the screenshot of '{path}' within {Timeout.TotalSeconds:F0} s.");
            }
            if (p.ExitCode != 0 || !File.Exists(tmpPng) || new FileInfo(tmpPng).Length == 0)
                throw new InvalidOperationException($"Chromium ({exe}) exited with {p.ExitCode} and wrote no PNG for '{path}': {Tail(stderr.Result)}");
            AtomicFile.WriteAllBytes(path, File.ReadAllBytes(tmpPng));
        }
        finally
        {
            try { work.Delete(recursive: true); } catch (IOException) { /* a lingering Chromium helper; temp dir only */ }
        }
    }

    private static string Tail(string s) => s.Length <= 600 ? s.Trim() : s[^600..].Trim();
}
