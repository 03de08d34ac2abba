namespace Dgdmn.Experiments;

/// <summary>
/// An extra result table an experiment produces beside its accuracy matrices (robustness curves, sweeps,
/// routing accuracy). Plain columns so it serialises to JSON and CSV; see <see cref="Tables.ToDataFrame(ResultTable)"/>.
/// </summary>
/// <param name="Name">Table name; also its CSV file name (letters, digits, '-' and '_').</param>
/// <param name="Columns">Columns of equal length.</param>
public sealed record ResultTable(string Name, IReadOnlyList<ResultColumn> Columns)
{
    /// <summary>Number of rows (0 without columns).</summary>
    public int Rows => Columns.Count == 0 ? 0 : Columns[0].Count;

    /// <summary>Checks the name and that every column has the same length; returns this table.</summary>
    public ResultTable Validated()
    {
        if (string.IsNullOrEmpty(Name) || !Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new ArgumentException($"Result table name '{Name}' must be non-empty letters, digits, '-' or '_' (it names a CSV file).");
        foreach (var c in Columns)
        {
            if ((c.Numbers is null) == (c.Texts is null))
                throw new ArgumentException($"Table '{Name}', column '{c.Name}': give exactly one of Numbers or Texts.");
            if (c.Count != Rows)
                throw new ArgumentException($"Table '{Name}', column '{c.Name}' has {c.Count} rows; column '{Columns[0].Name}' has {Rows}.");
        }
        return this;
    }
}

/// <summary>One column of a <see cref="ResultTable"/>: numbers or texts.</summary>
/// <param name="Name">Column name (snake_case by convention, like the long-format tables).</param>
/// <param name="Numbers">Numeric values, or null for a text column.</param>
/// <param name="Texts">Text values, or null for a numeric column.</param>
public sealed record ResultColumn(string Name, IReadOnlyList<double>? Numbers = null, IReadOnlyList<string>? Texts = null)
{
    /// <summary>Number of values.</summary>
    public int Count => Numbers?.Count ?? Texts?.Count ?? 0;

    /// <summary>A numeric column.</summary>
    public static ResultColumn Of(string name, IEnumerable<double> values) => new(name, Numbers: values.ToArray());

    /// <summary>A text column.</summary>
    public static ResultColumn Of(string name, IEnumerable<string> values) => new(name, Texts: values.ToArray());
}
