namespace Dgdmn.Data;

/// <summary>Order of the 40 TDigits tasks (spec §4.3); the class of a task is always 10·variant + digit.</summary>
public enum TDigitsOrder
{
    /// <summary>Task k = class k: all ten originals, then all mirrors, upside-downs, transposes (project default).</summary>
    VariantMajor,
    /// <summary>Digit by digit: 0 original, 0 mirror, 0 upside-down, 0 transpose, 1 original, ...</summary>
    DigitMajor,
    /// <summary>A seeded random order of the 40 classes (<c>Seeds.Generator(seed, "tdigits", "order")</c>).</summary>
    Shuffled,
}
