using System.Security.Cryptography;

namespace Dgdmn.Data;

/// <summary>
/// Fetches the four standard IDX .gz files of a dataset from a list of mirrors, verifies each against its known
/// SHA-256 and moves it into place only when it matches. A file is streamed into a temporary file in the target
/// folder and renamed after verification, so a failed or corrupt download leaves nothing behind; on any failure
/// the next mirror is tried.
/// </summary>
public sealed class DatasetDownloader
{
    /// <summary>SHA-256 of the four original MNIST archives (LeCun et al.; identical on every mirror).</summary>
    public static IReadOnlyDictionary<string, string> MnistSha256 { get; } = new Dictionary<string, string>
    {
        ["train-images-idx3-ubyte.gz"] = "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
        ["train-labels-idx1-ubyte.gz"] = "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
        ["t10k-images-idx3-ubyte.gz"] = "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
        ["t10k-labels-idx1-ubyte.gz"] = "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
    };

    /// <summary>SHA-256 of the four original Fashion-MNIST archives (Xiao et al., Zalando's S3 bucket and GitHub repository).</summary>
    public static IReadOnlyDictionary<string, string> FashionMnistSha256 { get; } = new Dictionary<string, string>
    {
        ["train-images-idx3-ubyte.gz"] = "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
        ["train-labels-idx1-ubyte.gz"] = "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
        ["t10k-images-idx3-ubyte.gz"] = "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
        ["t10k-labels-idx1-ubyte.gz"] = "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
    };

    /// <summary>MNIST from the PyTorch (ossci) and TensorFlow (cvdf) mirrors, in that order.</summary>
    public static DatasetDownloader Mnist { get; } = new(
        new[] { "https://ossci-datasets.s3.amazonaws.com/mnist/", "https://storage.googleapis.com/cvdf-datasets/mnist/" },
        MnistSha256);

    /// <summary>Fashion-MNIST from Zalando's S3 bucket and the raw files of its GitHub repository.</summary>
    public static DatasetDownloader FashionMnist { get; } = new(
        new[] { "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
                "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/" },
        FashionMnistSha256);

    // A firewall that drops packets would otherwise hold each mirror for the whole timeout before the next source is tried.
    private static readonly HttpClient Http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(20) })
    {
        Timeout = TimeSpan.FromMinutes(5),
    };

    /// <summary>Creates a downloader over explicit mirrors and checksums (tests use file:// or http://127.0.0.1 mirrors).</summary>
    /// <param name="mirrors">Base URLs tried in order; a file's URL is the base plus its name (http, https or file).</param>
    /// <param name="sha256">File name to expected lower-case hex SHA-256; these are the files <see cref="DownloadMissing"/> fetches.</param>
    public DatasetDownloader(IReadOnlyList<string> mirrors, IReadOnlyDictionary<string, string> sha256)
    {
        if (mirrors.Count == 0) throw new ArgumentException("A downloader needs at least one mirror.", nameof(mirrors));
        if (sha256.Count == 0) throw new ArgumentException("A downloader needs at least one file checksum.", nameof(sha256));
        foreach (var (file, hash) in sha256)
            if (hash.Length != 64 || !hash.All(Uri.IsHexDigit))
                throw new ArgumentException($"Checksum for '{file}' is not a 64-digit hex SHA-256: '{hash}'.", nameof(sha256));
        Mirrors = mirrors.Select(m => m.EndsWith('/') ? m : m + "/").ToArray();
        Sha256 = sha256.ToDictionary(kv => kv.Key, kv => kv.Value.ToLowerInvariant());
    }

    /// <summary>Base URLs, tried in order.</summary>
    public IReadOnlyList<string> Mirrors { get; }

    /// <summary>Expected SHA-256 per file name.</summary>
    public IReadOnlyDictionary<string, string> Sha256 { get; }

    /// <summary>
    /// Downloads every file of <see cref="Sha256"/> that <paramref name="directory"/> lacks (neither the .gz nor the
    /// uncompressed name is present). Throws <see cref="IOException"/> listing every mirror tried if a file cannot be
    /// obtained with the right checksum.
    /// </summary>
    /// <param name="directory">Target folder (created if needed).</param>
    /// <param name="progress">Receives one line per attempt (URL, then bytes and verified, or why it failed); may be null.</param>
    public void DownloadMissing(string directory, Action<string>? progress = null)
    {
        Directory.CreateDirectory(directory);
        foreach (var file in Sha256.Keys)
        {
            var plain = file.EndsWith(".gz", StringComparison.Ordinal) ? file[..^3] : file;
            if (File.Exists(Path.Combine(directory, file)) || File.Exists(Path.Combine(directory, plain))) continue;
            Download(file, directory, progress);
        }
    }

    /// <summary>Downloads one file into <paramref name="directory"/>, trying each mirror until its checksum matches.</summary>
    /// <param name="file">A name from <see cref="Sha256"/>.</param>
    /// <param name="directory">Target folder (created if needed).</param>
    /// <param name="progress">Receives one line per attempt; may be null.</param>
    /// <returns>The path of the verified file.</returns>
    public string Download(string file, string directory, Action<string>? progress = null)
    {
        if (!Sha256.TryGetValue(file, out var expected))
            throw new ArgumentException($"'{file}' has no known checksum; known files: {string.Join(", ", Sha256.Keys)}.", nameof(file));
        Directory.CreateDirectory(directory);
        var target = Path.Combine(Path.GetFullPath(directory), file);
        var failures = new List<string>();
        foreach (var mirror in Mirrors)
        {
            var url = mirror + file;
            var temp = Path.Combine(Path.GetDirectoryName(target)!, $".{file}.{Guid.NewGuid():N}.download");
            try
            {
                progress?.Invoke($"{url}: trying");
                var actual = Fetch(url, temp);
                if (actual != expected)
                {
                    failures.Add($"{url}: SHA-256 mismatch (got {actual}, expected {expected}); file discarded");
                    progress?.Invoke(failures[^1]);
                    continue;
                }
                File.Move(temp, target, overwrite: true);
                progress?.Invoke($"{url}: {new FileInfo(target).Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} bytes, SHA-256 verified");
                return target;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException or UnauthorizedAccessException or UriFormatException)
            {
                failures.Add($"{url}: {e.Message}");
                progress?.Invoke(failures[^1]);
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
        }
        throw new IOException($"Could not download '{file}' into '{directory}'; every mirror failed:\n  - "
            + string.Join("\n  - ", failures)
            + "\nCheck the network, or download the file yourself and place it in that folder (see data/README.md).");
    }

    /// <summary>Streams <paramref name="url"/> into <paramref name="temp"/>; returns the content's SHA-256 (lower-case hex).</summary>
    private static string Fetch(string url, string temp)
    {
        var uri = new Uri(url);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var output = File.Create(temp))
        {
            if (uri.IsFile)
            {
                using var input = File.OpenRead(uri.LocalPath);
                Copy(input, output, hash);
            }
            else
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                using var response = Http.Send(request, HttpCompletionOption.ResponseHeadersRead);
                if (!response.IsSuccessStatusCode)
                    throw new HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
                using var input = response.Content.ReadAsStream();
                Copy(input, output, hash);
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void Copy(Stream input, Stream output, IncrementalHash hash)
    {
        var buffer = new byte[81920];
        int n;
        while ((n = input.Read(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, n);
            output.Write(buffer, 0, n);
        }
    }
}
