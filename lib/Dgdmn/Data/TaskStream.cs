using TorchSharp;

namespace Dgdmn.Data;

/// <summary>
/// A deterministic sequence of tasks (paper §4): every task's train/test tensors, the task ids and the head
/// size, all fixed by the seed it was built with. Owns the tasks' tensors.
/// </summary>
public sealed class TaskStream : IReadOnlyList<ContinualTask>, IDisposable
{
    private IReadOnlyList<ContinualTask> _tasks;

    /// <summary>Builds a stream over already-made tasks; it takes ownership of them.</summary>
    public TaskStream(string name, int classes, IReadOnlyList<ContinualTask> tasks)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A stream needs a name.", nameof(name));
        if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes), classes, "Head size must be at least 1.");
        if (tasks.Count == 0) throw new ArgumentException($"Stream '{name}' has no tasks.", nameof(tasks));
        for (int i = 0; i < tasks.Count; i++)
            if (tasks[i].Id != i) throw new ArgumentException($"Stream '{name}': task at position {i} has id {tasks[i].Id}; ids must be 0..T-1 in order.");
        Name = name; Classes = classes; _tasks = tasks;
    }

    /// <summary>Stream name, e.g. "digits".</summary>
    public string Name { get; }

    /// <summary>Size of the single shared softmax head (all classes of the benchmark).</summary>
    public int Classes { get; }

    /// <inheritdoc />
    public int Count => _tasks.Count;

    /// <inheritdoc />
    public ContinualTask this[int index] => _tasks[index];

    /// <inheritdoc />
    public IEnumerator<ContinualTask> GetEnumerator() => _tasks.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in _tasks) t.Dispose();
    }

    /// <summary>
    /// A stream of this stream's first <paramref name="count"/> tasks (same name and head size). It takes them over
    /// and this stream disposes the rest and is left empty, so dispose only the result.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1 or above <see cref="Count"/>.</exception>
    public TaskStream FirstTasks(int count)
    {
        if (count < 1 || count > Count)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"Stream '{Name}' has {Count} tasks; ask for 1 to {Count} of them (StreamOptions.Tasks, Knobs.Tasks).");
        var kept = _tasks.Take(count).ToList();
        foreach (var t in _tasks.Skip(count)) t.Dispose();
        _tasks = [];
        return new TaskStream(Name, Classes, kept);
    }

    /// <summary>
    /// A one-task stream holding every task's training and test data (task 0, "all tasks"), so one Learn call sees
    /// every class at once: the robustness experiment's single DGR update (paper Fig. 6). The caller owns it.
    /// </summary>
    public TaskStream AllAtOnce()
    {
        using var scope = torch.NewDisposeScope();
        var task = new ContinualTask(0, "all tasks",
            torch.cat(_tasks.Select(t => t.TrainX).ToList(), 0).MoveToOuterDisposeScope(),
            torch.cat(_tasks.Select(t => t.TrainY).ToList(), 0).MoveToOuterDisposeScope(),
            torch.cat(_tasks.Select(t => t.TestX).ToList(), 0).MoveToOuterDisposeScope(),
            torch.cat(_tasks.Select(t => t.TestY).ToList(), 0).MoveToOuterDisposeScope());
        return new TaskStream(Name + "-all", Classes, [task]);
    }
}
