using Dgdmn.Methods;
using TorchSharp;
using static TorchSharp.torch;

namespace Dgdmn.Experiments;

/// <summary>
/// How well descriptor-free DGDMN finds the right memory (spec §2.6, claim C13), scored by the experiment, which
/// knows the true task of every batch and query while the network does not.
/// </summary>
public static class RoutingAccuracy
{
    /// <summary>
    /// Share of training batches routed to the right memory. A task's first batch is right when it got an id no
    /// earlier batch had (a new memory); a revisit is right when it got the id of its task's first batch.
    /// </summary>
    /// <param name="taskIds">True task of each batch, in learning order.</param>
    /// <param name="routedIds">Id each batch was routed to (<see cref="DualMemoryNetwork.TrainingIds"/>).</param>
    /// <returns>Right / batches; NaN before any batch.</returns>
    public static double OfBatches(IReadOnlyList<int> taskIds, IReadOnlyList<int> routedIds)
    {
        if (taskIds.Count != routedIds.Count)
            throw new ArgumentException($"{taskIds.Count} task ids but {routedIds.Count} routed ids; give one of each per batch.");
        if (taskIds.Count == 0) return double.NaN;
        var first = new Dictionary<int, int>();
        var given = new HashSet<int>();
        int right = 0;
        for (int k = 0; k < taskIds.Count; k++)
        {
            bool ok = first.TryGetValue(taskIds[k], out int expected) ? routedIds[k] == expected : !given.Contains(routedIds[k]);
            if (ok) right++;
            first.TryAdd(taskIds[k], routedIds[k]);
            given.Add(routedIds[k]);
        }
        return (double)right / taskIds.Count;
    }

    /// <summary>
    /// Share of queries of true task <paramref name="taskId"/> that reach the memory now holding that task: the
    /// STTM holding the id its first batch was routed to, else the LTM.
    /// </summary>
    /// <param name="network">A descriptor-free network after learning <paramref name="taskIds"/>.</param>
    /// <param name="x">[n, 784] test inputs of the task.</param>
    /// <param name="taskId">The task the queries come from.</param>
    /// <param name="taskIds">True task of each batch the network learned, in order.</param>
    public static double OfQueries(DualMemoryNetwork network, Tensor x, int taskId, IReadOnlyList<int> taskIds)
    {
        if (network.TrainingIds.Count != taskIds.Count)
            throw new ArgumentException($"The network routed {network.TrainingIds.Count} batches but {taskIds.Count} task ids were given; score a descriptor-free network with the ids of the batches it learned.");
        using var scope = NewDisposeScope();
        int k = taskIds.ToList().IndexOf(taskId);
        int expected = k < 0 ? -1 : network.MemoryHolding(network.TrainingIds[k]);
        using var target = expected.ToScalar();
        return network.Route(x).eq(target).to(float32).mean().item<float>();
    }
}
