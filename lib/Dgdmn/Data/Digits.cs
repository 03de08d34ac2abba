namespace Dgdmn.Data;

/// <summary>
/// Digits (paper §4.1): ten tasks, one class each; task t holds every image of class t (digit t for MNIST, the
/// t-th clothing class for Fashion-MNIST). One shared 10-way head (class-incremental).
/// </summary>
public static class Digits
{
    /// <summary>Number of tasks (paper: 10).</summary>
    public const int Tasks = 10;

    /// <summary>Builds the stream: task t = class t, names "digit 0".."digit 9" (Fashion-MNIST: the class names).</summary>
    /// <param name="options">Seed, per-task caps (seeded subsample per class), dataset, device.</param>
    public static TaskStream Create(StreamOptions options)
    {
        StreamBuilder.Validate(options);
        var data = IdxDataset.Load(options);
        var tasks = new List<ContinualTask>();
        try
        {
            for (int d = 0; d < Tasks; d++)
            {
                var train = StreamBuilder.Subsample(data.Train.IndicesOf(d), options.TrainPerTask, options.Seed, "subsample", "train", "class", d);
                var test = StreamBuilder.Subsample(data.Test.IndicesOf(d), options.TestPerTask, options.Seed, "subsample", "test", "class", d);
                var name = options.Dataset == DatasetKind.Mnist ? $"digit {d}" : data.ClassNames[d];
                tasks.Add(StreamBuilder.Task(d, name, data, train, test, options));
            }
            return new TaskStream(StreamBuilder.StreamName("digits", options.Dataset), 10, tasks);
        }
        catch
        {
            foreach (var t in tasks) t.Dispose();
            throw;
        }
    }
}
