using Dgdmn.Data;

namespace Dgdmn.Tests.Data;

/// <summary>A fresh folder under the system temp folder, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dgdmn-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Sub(params string[] parts)
    {
        var p = System.IO.Path.Combine(new[] { Path }.Concat(parts).ToArray());
        Directory.CreateDirectory(p);
        return p;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}

/// <summary>Small synthetic IDX datasets and the real MNIST folder named by DGDMN_MNIST_DIR.</summary>
internal static class DataTestSupport
{
    /// <summary>Deterministic pixels for n images: a pattern that differs per image and per pixel.</summary>
    public static byte[] Pixels(int n, int salt = 0) =>
        Enumerable.Range(0, n * IdxReader.Pixels).Select(j => (byte)((j / IdxReader.Pixels * 31 + j * 7 + salt) % 256)).ToArray();

    /// <summary>Labels 0,1,...,9,0,1,... for n items.</summary>
    public static byte[] Labels(int n) => Enumerable.Range(0, n).Select(i => (byte)(i % 10)).ToArray();

    /// <summary>Writes the four standard files (20 train, 10 test items) into <paramref name="folder"/>.</summary>
    public static void WriteDataset(string folder, bool gzip = true, int salt = 0)
    {
        string Name(string gz) => System.IO.Path.Combine(folder, gzip ? gz : gz[..^3]);
        IdxWriter.WriteImages(Name("train-images-idx3-ubyte.gz"), Pixels(20, salt), gzip);
        IdxWriter.WriteLabels(Name("train-labels-idx1-ubyte.gz"), Labels(20), gzip);
        IdxWriter.WriteImages(Name("t10k-images-idx3-ubyte.gz"), Pixels(10, salt + 1), gzip);
        IdxWriter.WriteLabels(Name("t10k-labels-idx1-ubyte.gz"), Labels(10), gzip);
    }

    /// <summary>True if both tensors have the same shape and identical elements.</summary>
    public static bool Same(TorchSharp.torch.Tensor a, TorchSharp.torch.Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape)) return false;
        using var eq = a.eq(b);
        using var all = eq.all();
        return all.item<bool>();
    }

    /// <summary>The real MNIST folder (CI: the 10k subset). Fails with the fix if DGDMN_MNIST_DIR is unset or wrong.</summary>
    public static string MnistDirectory
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable(DatasetLocator.MnistDirVariable);
            if (string.IsNullOrWhiteSpace(dir))
                throw new InvalidOperationException($"{DatasetLocator.MnistDirVariable} is not set. Tests that need MNIST read it from there: "
                    + $"export {DatasetLocator.MnistDirVariable}=<folder holding the four MNIST IDX files> (CI uses the 10k subset).");
            if (!Directory.Exists(dir))
                throw new InvalidOperationException($"{DatasetLocator.MnistDirVariable}='{dir}' does not exist. Point it at the folder holding the four MNIST IDX files.");
            return dir;
        }
    }

    /// <summary>Stream options on the real MNIST with small caps (fast tests).</summary>
    public static StreamOptions Mnist(long seed = 1, int? train = 40, int? test = 20) =>
        new() { Seed = seed, TrainPerTask = train, TestPerTask = test, DatasetDirectory = MnistDirectory };
}
