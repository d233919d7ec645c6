using System.Numerics;

namespace BackCare.Clinical.Medications;

/// <summary>
/// A set of up to 256 drugs as a bit mask; bit order is the drugs' id order, so listing bits lists ids sorted.
/// Four 64-bit words rather than UInt128: ulong operations compile ahead of time (ReadyToRun), UInt128's do not, and
/// the CLI would compile this type's code at every start (ADR 0010).
/// </summary>
internal readonly record struct DrugSet(ulong W0, ulong W1, ulong W2, ulong W3)
{
    public const int Capacity = 256;

    public static DrugSet Empty => default;

    public bool IsEmpty => (W0 | W1 | W2 | W3) == 0;

    public int Count => BitOperations.PopCount(W0) + BitOperations.PopCount(W1) + BitOperations.PopCount(W2) + BitOperations.PopCount(W3);

    public static DrugSet Of(int bit)
    {
        if ((uint)bit >= Capacity) throw new ArgumentOutOfRangeException(nameof(bit));
        var mask = 1UL << (bit & 63);
        return (bit >> 6) switch
        {
            0 => new DrugSet(mask, 0, 0, 0),
            1 => new DrugSet(0, mask, 0, 0),
            2 => new DrugSet(0, 0, mask, 0),
            _ => new DrugSet(0, 0, 0, mask),
        };
    }

    public DrugSet With(int bit) => this | Of(bit);

    public bool Contains(int bit) => ((bit >> 6) switch { 0 => W0, 1 => W1, 2 => W2, _ => W3 } >> (bit & 63) & 1) != 0;

    public static DrugSet operator &(DrugSet a, DrugSet b) => new(a.W0 & b.W0, a.W1 & b.W1, a.W2 & b.W2, a.W3 & b.W3);

    public static DrugSet operator |(DrugSet a, DrugSet b) => new(a.W0 | b.W0, a.W1 | b.W1, a.W2 | b.W2, a.W3 | b.W3);

    public static DrugSet operator ~(DrugSet a) => new(~a.W0, ~a.W1, ~a.W2, ~a.W3);

    /// <summary>The set bits, lowest first.</summary>
    public IEnumerable<int> Bits()
    {
        var rest = this;
        int bit;
        while ((bit = TakeLowest(ref rest)) >= 0) yield return bit;
    }

    /// <summary>Removes and returns the lowest set bit, or -1 when empty (allocation-free iteration).</summary>
    public static int TakeLowest(ref DrugSet set)
    {
        if (set.W0 != 0)
        {
            var bit = BitOperations.TrailingZeroCount(set.W0);
            set = set with { W0 = set.W0 & (set.W0 - 1) };
            return bit;
        }

        if (set.W1 != 0)
        {
            var bit = BitOperations.TrailingZeroCount(set.W1);
            set = set with { W1 = set.W1 & (set.W1 - 1) };
            return 64 + bit;
        }

        if (set.W2 != 0)
        {
            var bit = BitOperations.TrailingZeroCount(set.W2);
            set = set with { W2 = set.W2 & (set.W2 - 1) };
            return 128 + bit;
        }

        if (set.W3 != 0)
        {
            var bit = BitOperations.TrailingZeroCount(set.W3);
            set = set with { W3 = set.W3 & (set.W3 - 1) };
            return 192 + bit;
        }

        return -1;
    }

    public int First()
    {
        var copy = this;
        return TakeLowest(ref copy);
    }
}
