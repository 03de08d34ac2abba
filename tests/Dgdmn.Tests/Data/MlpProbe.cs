using Dgdmn.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Dgdmn.Tests.Data;

/// <summary>
/// Learnability check for generated streams: a small MLP (784-128-C, Adam) trained jointly on every task's
/// train split, scored on every task's test split.
/// </summary>
internal static class MlpProbe
{
    /// <summary>Test accuracy in [0, 1] after <paramref name="epochs"/> epochs of joint training.</summary>
    public static double JointAccuracy(TaskStream stream, int epochs, long seed, int batch = 64, double learningRate = 1e-3)
    {
        using var scope = NewDisposeScope();
        var trainX = cat(stream.Select(t => t.TrainX).ToArray(), 0);
        var trainY = cat(stream.Select(t => t.TrainY).ToArray(), 0);
        var testX = cat(stream.Select(t => t.TestX).ToArray(), 0);
        var testY = cat(stream.Select(t => t.TestY).ToArray(), 0);

        Seeds.SeedTorch(seed, "probe", "init");
        using var model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, stream.Classes));
        var optimizer = optim.Adam(model.parameters(), lr: learningRate);
        var shuffle = Seeds.Generator(seed, "probe", "shuffle");
        long n = trainX.shape[0];
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            var order = randperm(n, generator: shuffle);
            for (long start = 0; start < n; start += batch)
            {
                using var step = NewDisposeScope();
                var index = order.narrow(0, start, Math.Min(batch, n - start));
                var loss = nn.functional.cross_entropy(model.call(trainX.index_select(0, index)), trainY.index_select(0, index));
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
            }
        }
        using (no_grad())
        {
            var predicted = model.call(testX).argmax(1);
            return predicted.eq(testY).to(ScalarType.Float32).mean().item<float>();
        }
    }
}
