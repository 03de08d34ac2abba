using System.Globalization;
using System.Text;

namespace Dgdmn.Metrics;

/// <summary>
/// The accuracy matrix R of a sequential multitask run (paper §1.3): <c>R[t, i]</c> is the test accuracy on
/// task <c>i</c> right after training task <c>t</c> (including a sleep that task triggered). Immutable.
/// </summary>
/// <remarks>
/// The API is 0-based: row <c>t</c> is "after the (t+1)-th task", column <c>i</c> is the (i+1)-th task. The spec's
/// formulas (§1.4) count from 1; <see cref="ContinualMetrics"/> translates. Every task is evaluated after every
/// training step, seen or not, so the matrix is square once the run is complete. A partial run (resumed or
/// cancelled) has fewer rows than columns; <see cref="IsComplete"/> tells which.
/// </remarks>
public sealed class AccuracyMatrix
{
    private readonly double[][] _rows;

    /// <summary>Builds a matrix from its rows; each row holds one accuracy in [0, 1] per task.</summary>
    /// <param name="rows">Rows <c>0..k-1</c> (k ≤ number of tasks), each of length T (the number of tasks). Copied.</param>
    public AccuracyMatrix(IEnumerable<IReadOnlyList<double>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        _rows = rows.Select(r => r.ToArray()).ToArray();
        if (_rows.Length == 0) throw new ArgumentException("An accuracy matrix needs at least one row (one trained task).", nameof(rows));
        Tasks = _rows[0].Length;
        if (Tasks == 0) throw new ArgumentException("Row 0 has no tasks; every row holds one accuracy per task.", nameof(rows));
        if (_rows.Length > Tasks)
            throw new ArgumentException($"{_rows.Length} rows for {Tasks} tasks: there is one row per trained task, at most T.", nameof(rows));
        for (int t = 0; t < _rows.Length; t++)
        {
            if (_rows[t].Length != Tasks)
                throw new ArgumentException($"Row {t} has {_rows[t].Length} entries; every row needs one per task ({Tasks}).", nameof(rows));
            for (int i = 0; i < Tasks; i++)
            {
                var a = _rows[t][i];
                if (double.IsNaN(a) || a < 0 || a > 1)
                    throw new ArgumentException($"R[{t}, {i}] = {a.ToString(CultureInfo.InvariantCulture)} is not an accuracy in [0, 1].", nameof(rows));
            }
        }
    }

    /// <summary>Builds a matrix from a rectangular array <c>[rows, tasks]</c>.</summary>
    public static AccuracyMatrix FromArray(double[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var rows = new List<double[]>();
        for (int t = 0; t < values.GetLength(0); t++)
        {
            var row = new double[values.GetLength(1)];
            for (int i = 0; i < row.Length; i++) row[i] = values[t, i];
            rows.Add(row);
        }
        return new AccuracyMatrix(rows);
    }

    /// <summary>Number of tasks T in the stream (columns).</summary>
    public int Tasks { get; }

    /// <summary>Number of trained tasks recorded so far (rows); equals <see cref="Tasks"/> when complete.</summary>
    public int TrainedTasks => _rows.Length;

    /// <summary>Whether every task has been trained (one row per task).</summary>
    public bool IsComplete => TrainedTasks == Tasks;

    /// <summary>Accuracy on task <paramref name="task"/> after training task <paramref name="afterTask"/> (both 0-based).</summary>
    public double this[int afterTask, int task]
    {
        get
        {
            if ((uint)afterTask >= (uint)TrainedTasks)
                throw new ArgumentOutOfRangeException(nameof(afterTask), afterTask, $"Rows are 0..{TrainedTasks - 1}.");
            if ((uint)task >= (uint)Tasks)
                throw new ArgumentOutOfRangeException(nameof(task), task, $"Tasks are 0..{Tasks - 1}.");
            return _rows[afterTask][task];
        }
    }

    /// <summary>Row <paramref name="afterTask"/>: accuracy on every task after training that task (a copy).</summary>
    public double[] Row(int afterTask) => (double[])_rows[afterTask].Clone();

    /// <summary>The matrix as jagged rows (a copy).</summary>
    public double[][] ToRows() => _rows.Select(r => (double[])r.Clone()).ToArray();

    /// <summary>Rows as lines of tab-separated accuracies with three decimals, for quick inspection.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var row in _rows)
            sb.AppendLine(string.Join('\t', row.Select(a => a.ToString("0.000", CultureInfo.InvariantCulture))));
        return sb.ToString();
    }
}
